# shellcheck shell=bash disable=SC2034,SC2153  # sourced by lib.sh, which reads SRV_* and sets LOG_FILE etc.
# Azurite's blob service, holding everything in memory (azurite refuses
# --location with --inMemoryPersistence). It comes from its own npm package in
# tools/infra/azurite, apart from the workspace's dependency tree; AZURITE_BIN
# may point at another azurite-blob.
# It serves devstoreaccount1 (well-known key) and the Azure sandbox's storage
# accounts: AZURITE_ACCOUNTS is printed by tools/sandbox/azure/azurite-accounts.mjs
# from the sandbox estate, so the keys the sandbox's listKeys returns work here.

SRV_PORT="$AZURITE_BLOB_PORT"
SRV_TIMEOUT=60
AZURITE_PKG_DIR="$INFRA_DIR/azurite"
AZURITE_BIN="${AZURITE_BIN:-$AZURITE_PKG_DIR/node_modules/.bin/azurite-blob}"
# The project's Node when bootstrapped, else PATH's; the script's own shebang
# would always take PATH's.
NODE_BIN="$TOOLS_DIR/node/bin/node"

srv_install() {
  if [[ ! -e "$AZURITE_BIN" ]]; then
    log "npm ci in $AZURITE_PKG_DIR"
    npm ci --prefix "$AZURITE_PKG_DIR" --no-audit --no-fund --loglevel=error >/dev/null
  fi
  [[ -e "$AZURITE_BIN" ]] || die "$AZURITE_BIN not found"
  if [[ ! -x "$NODE_BIN" ]]; then
    NODE_BIN="$(command -v node)" || die "node not found"
  fi
}

srv_start() {
  AZURITE_ACCOUNTS="$("$NODE_BIN" "$ROOT/tools/sandbox/azure/azurite-accounts.mjs")" ||
    die "tools/sandbox/azure/azurite-accounts.mjs failed"
  export AZURITE_ACCOUNTS
  start_background "$NODE_BIN" "$(readlink -f "$AZURITE_BIN")" \
    --blobHost 127.0.0.1 --blobPort "$AZURITE_BLOB_PORT" --inMemoryPersistence \
    --extentMemoryLimit 256 --disableTelemetry --skipApiVersionCheck --loose
}

srv_stop() { stop_by_pid; }

srv_health() {
  port_open "$AZURITE_BLOB_PORT" &&
    [[ "$(http_status "http://127.0.0.1:$AZURITE_BLOB_PORT/devstoreaccount1?comp=list")" != 000 ]]
}

srv_address() { printf 'http://127.0.0.1:%s/devstoreaccount1\n' "$AZURITE_BLOB_PORT"; }
