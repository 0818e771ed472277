-- Roles and databases for local development. Idempotent: run by
-- tools/infra/servers/postgres.sh on every start and by the postgres image
-- (docker-compose.dev.yml) on first boot. Every password equals the role name.
-- Services with tenant tables under row-level security (ADR 12) run as a role
-- that owns nothing (<svc>); their database and tables belong to <svc>_owner,
-- which only the migrate command uses.
\set ON_ERROR_STOP on
\set services '{aetherium,hall_of_faces,great_library,engine_core,oracle}'
\set secured '{aetherium,engine_core,great_library,hall_of_faces,oracle}'

SELECT 'CREATE ROLE codex'
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'codex') \gexec
ALTER ROLE codex WITH LOGIN SUPERUSER PASSWORD 'codex';

SELECT format('CREATE ROLE %I', svc)
FROM unnest(:'services'::text[]) AS svc
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = svc) \gexec

SELECT format('ALTER ROLE %I WITH LOGIN PASSWORD %L', svc, svc)
FROM unnest(:'services'::text[]) AS svc \gexec

SELECT format('CREATE ROLE %I', svc || '_owner')
FROM unnest(:'secured'::text[]) AS svc
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = svc || '_owner') \gexec

SELECT format('ALTER ROLE %I WITH LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD %L', svc || '_owner', svc || '_owner')
FROM unnest(:'secured'::text[]) AS svc \gexec

SELECT format('ALTER ROLE %I WITH NOSUPERUSER NOBYPASSRLS', svc)
FROM unnest(:'secured'::text[]) AS svc \gexec

SELECT format('CREATE DATABASE %I OWNER %I', svc,
              CASE WHEN svc = ANY (:'secured'::text[]) THEN svc || '_owner' ELSE svc END)
FROM unnest(:'services'::text[]) AS svc
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = svc) \gexec

-- A database created before the owner roles existed moves to them, tables and all.
SELECT format('ALTER DATABASE %I OWNER TO %I', svc, svc || '_owner')
FROM unnest(:'secured'::text[]) AS svc \gexec

\c aetherium
REASSIGN OWNED BY aetherium TO aetherium_owner;

\c engine_core
REASSIGN OWNED BY engine_core TO engine_core_owner;

\c great_library
REASSIGN OWNED BY great_library TO great_library_owner;

\c hall_of_faces
REASSIGN OWNED BY hall_of_faces TO hall_of_faces_owner;

\c oracle
REASSIGN OWNED BY oracle TO oracle_owner;
