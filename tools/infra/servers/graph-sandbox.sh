# shellcheck shell=bash disable=SC2034,SC2153  # sourced by lib.sh, which reads SRV_* and sets LOG_FILE etc.
# The project's Microsoft Graph simulator (tools/sandbox/graph) over HTTPS, seeded at start
# with the shared identity estate (tools/sandbox/identity; IDENTITY_SANDBOX_PEOPLE overrides
# the number of people). Its tokens come from the Azure sandbox's Entra ID, whose keys it
# reads from there; it serves with the same local CA and certificate.

SRV_PORT="$GRAPH_SANDBOX_PORT"
SRV_TIMEOUT=30
GRAPH_SANDBOX_DIR="$ROOT/tools/sandbox/graph"
SANDBOX_TLS_DIR="$LOCAL_DIR/tls/azure-sandbox"
NODE_BIN="$TOOLS_DIR/node/bin/node"

srv_install() {
  bash "$ROOT/tools/sandbox/azure/tls.sh" "$SANDBOX_TLS_DIR"
  if [[ ! -x "$NODE_BIN" ]]; then
    NODE_BIN="$(command -v node)" || die "node not found"
  fi
}

srv_start() {
  # It fetches the Azure sandbox's signing keys over HTTPS, so it trusts the local CA.
  start_background env NODE_EXTRA_CA_CERTS="$SANDBOX_TLS_DIR/ca.pem" "$NODE_BIN" \
    "$GRAPH_SANDBOX_DIR/server.mjs" --port "$GRAPH_SANDBOX_PORT" --tls-dir "$SANDBOX_TLS_DIR" \
    --authority "https://127.0.0.1:$AZURE_SANDBOX_PORT" --people "${IDENTITY_SANDBOX_PEOPLE:-500}"
}

srv_stop() { stop_by_pid; }

srv_health() {
  [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 --cacert "$SANDBOX_TLS_DIR/ca.pem" \
    "https://127.0.0.1:$GRAPH_SANDBOX_PORT/_sandbox/health" || true)" == 200 ]]
}

srv_address() { printf 'https://127.0.0.1:%s (CA %s/ca.pem)\n' "$GRAPH_SANDBOX_PORT" "$SANDBOX_TLS_DIR"; }
