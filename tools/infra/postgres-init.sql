-- Roles and databases for local development. Idempotent: run by
-- tools/infra/servers/postgres.sh on every start and by the postgres image
-- (docker-compose.dev.yml) on first boot. Every password equals the role name.
\set ON_ERROR_STOP on
\set services '{aetherium,hall_of_faces,great_library,engine_core,oracle}'

SELECT 'CREATE ROLE codex'
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'codex') \gexec
ALTER ROLE codex WITH LOGIN SUPERUSER PASSWORD 'codex';

SELECT format('CREATE ROLE %I', svc)
FROM unnest(:'services'::text[]) AS svc
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = svc) \gexec

SELECT format('ALTER ROLE %I WITH LOGIN PASSWORD %L', svc, svc)
FROM unnest(:'services'::text[]) AS svc \gexec

SELECT format('CREATE DATABASE %I OWNER %I', svc, svc)
FROM unnest(:'services'::text[]) AS svc
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = svc) \gexec
