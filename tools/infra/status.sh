#!/usr/bin/env bash
# One line per local server. Usage: tools/infra/status.sh [--check]
#   --check  exit 1 when any server is stopped
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

check=false
case "${1:-}" in
  --check) check=true ;;
  "") ;;
  *) die "usage: status.sh [--check]" ;;
esac

all_running=true
for name in "${ALL_SERVERS[@]}"; do
  (load_server "$name"; server_status) || all_running=false
done

if $check && ! $all_running; then
  exit 1
fi
