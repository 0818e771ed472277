# shellcheck shell=bash
# Shared helpers for tools/infra/*.sh. Sourced, never run.
#
# Each server lives in servers/<name>.sh and defines the same functions:
#   srv_install  make the binaries available (no-op when they are)
#   srv_start    launch in the background; return once the process exists
#   srv_stop     ask it to stop (down.sh then waits for the pid to go)
#   srv_health   exit 0 when it answers real requests
#   srv_address  where clients connect
# and sets SRV_PORT, SRV_TIMEOUT (seconds to wait for health after a start)
# and optionally SRV_STOP_TIMEOUT (seconds before SIGKILL, default 30).
# A server file is loaded in a subshell per server, so the names never clash.

INFRA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$INFRA_DIR/../.." && pwd)"
LOCAL_DIR="$ROOT/.local"
TOOLS_DIR="$LOCAL_DIR/tools"
STATE_ROOT="$LOCAL_DIR/infra"
ALL_SERVERS=(postgres redis kafka moto fake-gcs gcs-sandbox azurite azure-sandbox auth0-sandbox graph-sandbox llm-sandbox)

set -a
# shellcheck source=ports.env
source "$INFRA_DIR/ports.env"
set +a

log() { printf '%-9s %s\n' "${SERVER:-infra}" "$*" >&2; }
die() { log "error: $*"; exit 1; }

ensure_local_dir() {
  mkdir -p "$TOOLS_DIR" "$STATE_ROOT"
  [[ -f "$LOCAL_DIR/.gitignore" ]] || printf '*\n' >"$LOCAL_DIR/.gitignore"
}

check_server_names() {
  local name known
  for name in "$@"; do
    for known in "${ALL_SERVERS[@]}"; do
      [[ "$name" == "$known" ]] && continue 2
    done
    die "unknown server '$name' (known: ${ALL_SERVERS[*]})"
  done
}

# Sets SERVER, STATE_DIR, PID_FILE, LOG_FILE and sources servers/<name>.sh.
load_server() {
  SERVER="$1"
  STATE_DIR="$STATE_ROOT/$SERVER"
  PID_FILE="$STATE_DIR/$SERVER.pid"
  LOG_FILE="$STATE_DIR/$SERVER.log"
  # shellcheck source=/dev/null
  source "$INFRA_DIR/servers/$SERVER.sh"
}

# A zombie counts as gone: exited servers are reparented to an init that may
# take a while to reap them.
pid_alive() {
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"
  [[ "${stat%% *}" != Z ]]
}

server_pid() {
  local pid
  [[ -r "$PID_FILE" ]] || return 1
  read -r pid <"$PID_FILE" || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] && pid_alive "$pid" || return 1
  printf '%s\n' "$pid"
}

server_running() { server_pid >/dev/null; }

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

http_status() {
  curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$1" || true
}

# Keeps the previous run's log as .1, so each log shows one run only.
rotate_log() {
  if [[ -f "$LOG_FILE" ]]; then
    mv -f "$LOG_FILE" "$LOG_FILE.1"
  fi
}

# Runs "$@" in $STATE_DIR, detached from this shell's session, logging to
# $LOG_FILE and recording its pid in $PID_FILE.
start_background() {
  mkdir -p "$STATE_DIR"
  rotate_log
  (cd "$STATE_DIR" && exec setsid nohup "$@" >"$LOG_FILE" 2>&1 </dev/null) &
  printf '%s\n' "$!" >"$PID_FILE"
}

# For servers that daemonize themselves and write their own pid file.
wait_for_pid_file() {
  local deadline=$((SECONDS + $1))
  until server_running; do
    ((SECONDS < deadline)) || die "no live pid in $PID_FILE after $1s; see $LOG_FILE"
    sleep 0.1
  done
}

wait_for_health() {
  local deadline=$((SECONDS + SRV_TIMEOUT))
  until srv_health; do
    if ! server_running; then
      log "exited during start-up; last lines of $LOG_FILE:"
      tail -n 20 "$LOG_FILE" >&2 || true
      return 1
    fi
    if ((SECONDS >= deadline)); then
      log "not healthy after ${SRV_TIMEOUT}s; see $LOG_FILE"
      return 1
    fi
    sleep 0.2
  done
}

wait_for_exit() {
  local pid="$1" timeout="$2"
  local deadline=$((SECONDS + timeout))
  while pid_alive "$pid"; do
    if ((SECONDS >= deadline)); then
      log "pid $pid still alive after ${timeout}s, sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.5
      return 0
    fi
    sleep 0.2
  done
}

# Default stop for servers run by start_background.
stop_by_pid() {
  local pid
  pid="$(server_pid)" || return 0
  kill -TERM "$pid" 2>/dev/null || true
}

server_up() {
  local started=$SECONDS
  if server_running && srv_health; then
    log "already running  pid $(server_pid)  $(srv_address)"
    return 0
  fi
  if ! server_running; then
    if port_open "$SRV_PORT"; then
      die "127.0.0.1:$SRV_PORT is taken by a process these scripts did not start"
    fi
    srv_install
    log "starting"
    srv_start
  fi
  wait_for_health || die "failed to start"
  log "running  pid $(server_pid)  $(srv_address)  ($((SECONDS - started))s)"
}

server_down() {
  local pid
  if ! pid="$(server_pid)"; then
    log "not running"
    rm -f "$PID_FILE"
    return 0
  fi
  log "stopping pid $pid"
  srv_stop
  wait_for_exit "$pid" "${SRV_STOP_TIMEOUT:-30}"
  rm -f "$PID_FILE"
  log "stopped"
}

server_status() {
  local pid
  if pid="$(server_pid)"; then
    printf '%-9s %-8s pid %-7s %s\n' "$SERVER" running "$pid" "$(srv_address)"
  else
    printf '%-9s %-8s %-11s %s\n' "$SERVER" stopped "" "$(srv_address)"
    return 1
  fi
}

apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  log "apt-get install $*"
  if ! apt-get install -y -qq "$@" >/dev/null; then
    apt-get update -qq
    apt-get install -y -qq "$@" >/dev/null
  fi
}

# Stamps record which pinned version of a downloaded tool is installed, so
# bumping a pin in a server file reinstalls on the next up.sh.
stamp_matches() { [[ -f "$TOOLS_DIR/.stamps/$1" && "$(<"$TOOLS_DIR/.stamps/$1")" == "$2" ]]; }
stamp_write() { mkdir -p "$TOOLS_DIR/.stamps" && printf '%s\n' "$2" >"$TOOLS_DIR/.stamps/$1"; }
