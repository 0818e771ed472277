#!/usr/bin/env bash
# For each service: migrate an empty scratch database, then fail if the entities
# still differ from what the migrations built.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../dev/services.env.sh"

export PGPASSWORD=codex
psql_admin() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$POSTGRES_PORT" -U codex -d postgres "$@"; }

failed=0
for service in "${@:-${DATABASE_SERVICES[@]}}"; do
  scratch="migration_check_${service//-/_}_$$"
  psql_admin -c "CREATE DATABASE \"$scratch\""
  mapfile -t env_vars < <(service_env "$service")
  env_vars+=(
    "DATABASE_URL=postgres://codex:codex@127.0.0.1:$POSTGRES_PORT/$scratch"
    "DATABASE_MIGRATION_URL=postgres://codex:codex@127.0.0.1:$POSTGRES_PORT/$scratch"
  )
  if ! env "${env_vars[@]}" node "$DEV_ROOT/services/$service/dist/main.js" migrate >/dev/null ||
    ! env "${env_vars[@]}" node "$DEV_ROOT/services/$service/dist/main.js" migrate:check; then
    failed=1
  fi
  psql_admin -c "DROP DATABASE \"$scratch\" WITH (FORCE)"
done
exit "$failed"
