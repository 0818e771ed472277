#!/usr/bin/env bash
# Runs the six built services in the background against the local infrastructure.
#   services.sh up      start each one not yet running, wait until /health/ready answers 200
#   services.sh down    SIGTERM each by its pid file and wait for it to exit
#   services.sh status  one line per service
# Logs and pid files live in .local/run/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/services.env.sh"

RUN_DIR="$DEV_ROOT/.local/run"
READY_TIMEOUT_S=60

pid_of() {
  local pid_file="$RUN_DIR/$1.pid" pid
  [[ -f "$pid_file" ]] || return 1
  pid="$(cat "$pid_file")"
  kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

ready() { curl -fs -o /dev/null "http://127.0.0.1:$(service_port "$1")/health/ready"; }

start_one() {
  local service="$1"
  if pid_of "$service" >/dev/null; then
    return 0
  fi
  mkdir -p "$RUN_DIR"
  setsid "$DEV_ROOT/tools/dev/run-service.sh" "$service" >>"$RUN_DIR/$service.log" 2>&1 </dev/null &
  echo $! >"$RUN_DIR/$service.pid"
}

wait_ready() {
  local service="$1" deadline=$((SECONDS + READY_TIMEOUT_S))
  until ready "$service"; do
    if ! pid_of "$service" >/dev/null; then
      echo "$service exited; last lines of $RUN_DIR/$service.log:" >&2
      tail -n 20 "$RUN_DIR/$service.log" >&2
      return 1
    fi
    if ((SECONDS > deadline)); then
      echo "$service not ready after ${READY_TIMEOUT_S}s; see $RUN_DIR/$service.log" >&2
      return 1
    fi
    sleep 0.3
  done
}

stop_one() {
  local service="$1" pid
  pid="$(pid_of "$service")" || { rm -f "$RUN_DIR/$service.pid"; return 0; }
  kill -TERM "$pid"
  for _ in $(seq 1 150); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  rm -f "$RUN_DIR/$service.pid"
}

case "${1:-}" in
  up)
    for service in "${SERVICES[@]}"; do start_one "$service"; done
    for service in "${SERVICES[@]}"; do wait_ready "$service"; done
    ;;
  down)
    for service in "${SERVICES[@]}"; do stop_one "$service"; done
    ;;
  status)
    for service in "${SERVICES[@]}"; do
      url="http://127.0.0.1:$(service_port "$service")"
      if pid="$(pid_of "$service")"; then
        state=running
        ready "$service" && state=ready
        printf '%-14s %-8s pid %-7s %s\n' "$service" "$state" "$pid" "$url"
      else
        printf '%-14s %-8s %-11s %s\n' "$service" stopped "" "$url"
      fi
    done
    ;;
  *)
    echo "usage: $0 up|down|status" >&2
    exit 64
    ;;
esac
