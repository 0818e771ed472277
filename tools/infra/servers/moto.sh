# shellcheck shell=bash disable=SC2034,SC2153  # sourced by lib.sh, which reads SRV_* and sets LOG_FILE etc.
# moto's server mode: AWS APIs (EC2, ECS, S3, CloudWatch, STS, Cost Explorer)
# from PyPI, in a project-local virtualenv.

SRV_PORT="$MOTO_PORT"
SRV_TIMEOUT=60
MOTO_SPEC='moto[server]==5.2.5'
VENV_DIR="$TOOLS_DIR/venv"

srv_install() {
  if stamp_matches moto "$MOTO_SPEC" && [[ -x "$VENV_DIR/bin/moto_server" ]]; then
    return 0
  fi
  log "pip install $MOTO_SPEC into $VENV_DIR"
  [[ -x "$VENV_DIR/bin/python" ]] || python3 -m venv "$VENV_DIR"
  "$VENV_DIR/bin/python" -m pip install -q --disable-pip-version-check "$MOTO_SPEC"
  stamp_write moto "$MOTO_SPEC"
}

srv_start() {
  start_background "$VENV_DIR/bin/moto_server" -H 127.0.0.1 -p "$MOTO_PORT"
}

srv_stop() { stop_by_pid; }

srv_health() {
  [[ "$(http_status "http://127.0.0.1:$MOTO_PORT/moto-api/")" == 200 ]]
}

srv_address() { printf 'http://127.0.0.1:%s\n' "$MOTO_PORT"; }
