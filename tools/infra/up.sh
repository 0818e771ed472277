#!/usr/bin/env bash
# Installs (when missing) and starts the local servers, then waits until each
# is healthy. Usage: tools/infra/up.sh [server...]   (default: all)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

servers=("$@")
((${#servers[@]})) || servers=("${ALL_SERVERS[@]}")
check_server_names "${servers[@]}"
ensure_local_dir
# curl and jq: the health checks here and the README walkthrough (tested in tests/e2e) use them.
if ! command -v curl >/dev/null || ! command -v jq >/dev/null; then apt_install curl jq; fi
# Chromium and its fonts: the console's browser tests and bench-console drive Debian's chromium
# with playwright-core (Playwright's own browser download does not work here).
if ! command -v chromium >/dev/null || [[ ! -d /usr/share/fonts/truetype/liberation ]]; then
  apt_install chromium fonts-liberation
fi

for name in "${servers[@]}"; do
  (load_server "$name"; server_up)
done
