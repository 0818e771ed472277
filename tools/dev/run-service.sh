#!/usr/bin/env bash
# Runs one built service in the foreground with its local environment: run-service.sh <service> [command]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/services.env.sh"
run_service "$@"
