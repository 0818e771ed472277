#!/usr/bin/env bash
# Applies every pending migration of each service (all when none named) to its own database.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../dev/services.env.sh"

for service in "${@:-${DATABASE_SERVICES[@]}}"; do
  "$DEV_ROOT/tools/dev/run-service.sh" "$service" migrate
done
