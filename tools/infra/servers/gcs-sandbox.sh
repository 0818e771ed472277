# shellcheck shell=bash disable=SC2034,SC2153  # sourced by lib.sh, which reads SRV_* and sets LOG_FILE etc.
# The project's Cloud Storage front (tools/sandbox/gcs): plain HTTP on 127.0.0.1 in front
# of fake-gcs-server, which it forwards every request to. It adds bucket IAM policies and
# the bucket configuration fake-gcs drops (iamConfiguration, encryption, logging,
# lifecycle, labels, retention, soft delete, storage class, location), in memory.
# Started after fake-gcs (ALL_SERVERS order); clients use it as their apiEndpoint.

SRV_PORT="$GCS_SANDBOX_PORT"
SRV_TIMEOUT=30
GCS_SANDBOX_DIR="$ROOT/tools/sandbox/gcs"
NODE_BIN="$TOOLS_DIR/node/bin/node"

srv_install() {
  if [[ ! -x "$NODE_BIN" ]]; then
    NODE_BIN="$(command -v node)" || die "node not found"
  fi
  [[ "$(http_status "http://127.0.0.1:$FAKE_GCS_PORT/storage/v1/b")" == 200 ]] ||
    die "fake-gcs-server does not answer on 127.0.0.1:$FAKE_GCS_PORT; run tools/infra/up.sh fake-gcs first"
}

srv_start() {
  start_background "$NODE_BIN" "$GCS_SANDBOX_DIR/server.mjs" --port "$GCS_SANDBOX_PORT" \
    --upstream "http://127.0.0.1:$FAKE_GCS_PORT" --upstream-public-host "127.0.0.1:$FAKE_GCS_PORT"
}

srv_stop() { stop_by_pid; }

# Its own health, then a request it forwards (fake-gcs behind it answers too).
srv_health() {
  [[ "$(http_status "http://127.0.0.1:$GCS_SANDBOX_PORT/_sandbox/health")" == 200 ]] &&
    [[ "$(http_status "http://127.0.0.1:$GCS_SANDBOX_PORT/storage/v1/b")" == 200 ]]
}

srv_address() { printf 'http://127.0.0.1:%s (in front of fake-gcs at :%s)\n' "$GCS_SANDBOX_PORT" "$FAKE_GCS_PORT"; }
