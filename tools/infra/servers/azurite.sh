# shellcheck shell=bash disable=SC2034,SC2153  # sourced by lib.sh, which reads SRV_* and sets LOG_FILE etc.
# Azurite's blob service, from the workspace's devDependency (npm ci), holding
# everything in memory (azurite refuses --location with --inMemoryPersistence).
# AZURITE_BIN may point at another azurite-blob, e.g. outside the workspace.

SRV_PORT="$AZURITE_BLOB_PORT"
SRV_TIMEOUT=60
AZURITE_BIN="${AZURITE_BIN:-$ROOT/node_modules/.bin/azurite-blob}"
# The project's Node when bootstrapped, else PATH's; the script's own shebang
# would always take PATH's.
NODE_BIN="$TOOLS_DIR/node/bin/node"

srv_install() {
  [[ -e "$AZURITE_BIN" ]] || die "$AZURITE_BIN not found: run npm ci first"
  if [[ ! -x "$NODE_BIN" ]]; then
    NODE_BIN="$(command -v node)" || die "node not found"
  fi
}

srv_start() {
  start_background "$NODE_BIN" "$(readlink -f "$AZURITE_BIN")" \
    --blobHost 127.0.0.1 --blobPort "$AZURITE_BLOB_PORT" --inMemoryPersistence --extentMemoryLimit 256 \
    --disableTelemetry --skipApiVersionCheck --loose
}

srv_stop() { stop_by_pid; }

srv_health() {
  port_open "$AZURITE_BLOB_PORT" &&
    [[ "$(http_status "http://127.0.0.1:$AZURITE_BLOB_PORT/devstoreaccount1?comp=list")" != 000 ]]
}

srv_address() { printf 'http://127.0.0.1:%s/devstoreaccount1\n' "$AZURITE_BLOB_PORT"; }
