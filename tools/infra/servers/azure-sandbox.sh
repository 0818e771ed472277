# shellcheck shell=bash disable=SC2034,SC2153  # sourced by lib.sh, which reads SRV_* and sets LOG_FILE etc.
# The project's Azure simulator (tools/sandbox/azure): Entra ID tokens, Resource
# Manager compute and storage, and Monitor metrics over HTTPS, seeded at start with
# the small estate (AZURE_SANDBOX_VMS overrides the VM count). Its storage accounts'
# blob endpoints point at Azurite (azurite.sh) on AZURITE_BLOB_PORT. Its CA and
# certificate are made once under .local/tls/azure-sandbox; clients trust ca.pem
# through NODE_EXTRA_CA_CERTS.

SRV_PORT="$AZURE_SANDBOX_PORT"
SRV_TIMEOUT=30
AZURE_SANDBOX_DIR="$ROOT/tools/sandbox/azure"
AZURE_SANDBOX_TLS_DIR="$LOCAL_DIR/tls/azure-sandbox"
NODE_BIN="$TOOLS_DIR/node/bin/node"

srv_install() {
  bash "$AZURE_SANDBOX_DIR/tls.sh" "$AZURE_SANDBOX_TLS_DIR"
  if [[ ! -x "$NODE_BIN" ]]; then
    NODE_BIN="$(command -v node)" || die "node not found"
  fi
}

srv_start() {
  start_background "$NODE_BIN" "$AZURE_SANDBOX_DIR/server.mjs" --port "$AZURE_SANDBOX_PORT" \
    --tls-dir "$AZURE_SANDBOX_TLS_DIR" --vms "${AZURE_SANDBOX_VMS:-44}" \
    --azurite-blob-port "$AZURITE_BLOB_PORT"
}

srv_stop() { stop_by_pid; }

srv_health() {
  [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 --cacert "$AZURE_SANDBOX_TLS_DIR/ca.pem" \
    "https://127.0.0.1:$AZURE_SANDBOX_PORT/_sandbox/health" || true)" == 200 ]]
}

srv_address() { printf 'https://127.0.0.1:%s (CA %s/ca.pem)\n' "$AZURE_SANDBOX_PORT" "$AZURE_SANDBOX_TLS_DIR"; }
