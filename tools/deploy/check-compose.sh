#!/usr/bin/env bash
# docker-compose.dev.yml is valid and matches tools/infra/ports.env. `docker compose config`
# when the Docker client is there; the structural check (no Docker needed) always.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
node "$root/tools/deploy/check-compose.mjs"
if command -v docker >/dev/null 2>&1 && docker compose version >/dev/null 2>&1; then
  docker compose --env-file "$root/tools/infra/ports.env" -f "$root/docker-compose.dev.yml" config --quiet
  echo "docker compose config: valid"
fi
