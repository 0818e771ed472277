# shellcheck shell=bash disable=SC2034,SC2153  # sourced by lib.sh, which reads SRV_* and sets LOG_FILE etc.
# fsouza/fake-gcs-server: the Cloud Storage JSON and XML APIs, in memory.

SRV_PORT="$FAKE_GCS_PORT"
SRV_TIMEOUT=30
FAKE_GCS_MODULE='github.com/fsouza/fake-gcs-server@v1.55.1'
FAKE_GCS_BIN="$TOOLS_DIR/bin/fake-gcs-server"

srv_install() {
  if stamp_matches fake-gcs "$FAKE_GCS_MODULE" && [[ -x "$FAKE_GCS_BIN" ]]; then
    return 0
  fi
  command -v go >/dev/null || die "go is needed to build $FAKE_GCS_MODULE"
  log "go install $FAKE_GCS_MODULE"
  GOBIN="$TOOLS_DIR/bin" go install "$FAKE_GCS_MODULE"
  stamp_write fake-gcs "$FAKE_GCS_MODULE"
}

srv_start() {
  start_background "$FAKE_GCS_BIN" -scheme http -host 127.0.0.1 -port "$FAKE_GCS_PORT" \
    -backend memory -public-host "127.0.0.1:$FAKE_GCS_PORT"
}

srv_stop() { stop_by_pid; }

srv_health() {
  [[ "$(http_status "http://127.0.0.1:$FAKE_GCS_PORT/storage/v1/b")" == 200 ]]
}

srv_address() { printf 'http://127.0.0.1:%s\n' "$FAKE_GCS_PORT"; }
