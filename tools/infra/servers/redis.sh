# shellcheck shell=bash disable=SC2034,SC2153  # sourced by lib.sh, which reads SRV_* and sets LOG_FILE etc.
# Redis from Debian's package; a throwaway cache, so nothing is persisted.

SRV_PORT="$REDIS_PORT"
SRV_TIMEOUT=20
CONF_FILE="$STATE_DIR/redis.conf"

srv_install() {
  command -v redis-server >/dev/null || apt_install redis-server
}

write_conf() {
  cat >"$CONF_FILE" <<CONF
bind 127.0.0.1
port $REDIS_PORT
protected-mode yes
dir $STATE_DIR
daemonize yes
pidfile $PID_FILE
logfile $LOG_FILE
loglevel notice
save ""
appendonly no
CONF
}

srv_start() {
  mkdir -p "$STATE_DIR"
  write_conf
  rotate_log
  redis-server "$CONF_FILE"
  wait_for_pid_file 5
}

srv_stop() {
  redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || stop_by_pid
}

srv_health() {
  [[ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]
}

srv_address() { printf 'redis://127.0.0.1:%s\n' "$REDIS_PORT"; }
