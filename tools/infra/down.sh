#!/usr/bin/env bash
# Stops the local servers, keeping their data.
# Usage: tools/infra/down.sh [--purge] [server...]   (default: all)
#   --purge  also deletes .local/infra/<server> (data, config, logs)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

purge=false
servers=()
for arg in "$@"; do
  case "$arg" in
    --purge) purge=true ;;
    -*) die "unknown option $arg" ;;
    *) servers+=("$arg") ;;
  esac
done
((${#servers[@]})) || servers=("${ALL_SERVERS[@]}")
check_server_names "${servers[@]}"

for name in "${servers[@]}"; do
  (
    load_server "$name"
    server_down
    if $purge; then
      rm -rf "$STATE_DIR"
      log "purged $STATE_DIR"
    fi
  )
done
