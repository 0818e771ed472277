# shellcheck shell=bash disable=SC2034,SC2153  # sourced by lib.sh, which reads SRV_* and sets LOG_FILE etc.
# The project's Auth0 Management API simulator (tools/sandbox/auth0) over HTTPS, seeded at
# start with the shared identity estate (tools/sandbox/identity; IDENTITY_SANDBOX_PEOPLE
# overrides the number of people). It serves with the Azure sandbox's local CA and
# certificate (.local/tls/azure-sandbox), which clients already trust.

SRV_PORT="$AUTH0_SANDBOX_PORT"
SRV_TIMEOUT=30
AUTH0_SANDBOX_DIR="$ROOT/tools/sandbox/auth0"
SANDBOX_TLS_DIR="$LOCAL_DIR/tls/azure-sandbox"
NODE_BIN="$TOOLS_DIR/node/bin/node"

srv_install() {
  bash "$ROOT/tools/sandbox/azure/tls.sh" "$SANDBOX_TLS_DIR"
  if [[ ! -x "$NODE_BIN" ]]; then
    NODE_BIN="$(command -v node)" || die "node not found"
  fi
}

srv_start() {
  start_background "$NODE_BIN" "$AUTH0_SANDBOX_DIR/server.mjs" --port "$AUTH0_SANDBOX_PORT" \
    --tls-dir "$SANDBOX_TLS_DIR" --people "${IDENTITY_SANDBOX_PEOPLE:-500}"
}

srv_stop() { stop_by_pid; }

srv_health() {
  [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 --cacert "$SANDBOX_TLS_DIR/ca.pem" \
    "https://127.0.0.1:$AUTH0_SANDBOX_PORT/_sandbox/health" || true)" == 200 ]]
}

srv_address() { printf 'https://127.0.0.1:%s (CA %s/ca.pem)\n' "$AUTH0_SANDBOX_PORT" "$SANDBOX_TLS_DIR"; }
