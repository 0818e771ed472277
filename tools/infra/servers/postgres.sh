# shellcheck shell=bash disable=SC2034,SC2153  # sourced by lib.sh, which reads SRV_* and sets LOG_FILE etc.
# PostgreSQL 15 from Debian's package, with its own cluster, socket, log and pid
# file under .local/infra/postgres. It refuses to run as root, so a root caller
# runs it as the postgres OS user.

PG_BIN=/usr/lib/postgresql/15/bin

# The postgres user cannot reach a checkout inside a private directory (a home
# directory, mktemp -d). Then the cluster lives in /var/tmp, and
# .local/infra/postgres is a link to it.
if ((EUID == 0)) && id postgres >/dev/null 2>&1 && ! runuser -u postgres -- test -x "$ROOT"; then
  linked_dir="$STATE_DIR"
  STATE_DIR="/var/tmp/codex-postgres-$(printf %s "$ROOT" | sha1sum | cut -c1-12)"
  PID_FILE="$STATE_DIR/$SERVER.pid"
  LOG_FILE="$STATE_DIR/$SERVER.log"
  mkdir -p "$STATE_DIR" "$(dirname "$linked_dir")"
  [[ -L "$linked_dir" ]] || { rm -rf "$linked_dir"; ln -s "$STATE_DIR" "$linked_dir"; }
fi
DATA_DIR="$STATE_DIR/data"
SRV_PORT="$POSTGRES_PORT"
SRV_TIMEOUT=60
SRV_STOP_TIMEOUT=60

# As root, runs "$@" as the postgres user; otherwise as the caller.
as_postgres() {
  if ((EUID == 0)); then
    (cd "$STATE_DIR" && runuser -u postgres -- "$@")
  else
    (cd "$STATE_DIR" && "$@")
  fi
}

own_by_postgres() {
  if ((EUID == 0)); then
    chown postgres:postgres "$@"
  fi
}

srv_install() {
  [[ -x "$PG_BIN/postgres" ]] || apt_install postgresql-15
}

init_cluster() {
  log "initdb $DATA_DIR"
  as_postgres "$PG_BIN/initdb" -D "$DATA_DIR" -U postgres \
    --auth-local=peer --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  printf "\ninclude 'codex.conf'\n" >>"$DATA_DIR/postgresql.conf"
}

# Rewritten on every start so that ports.env stays the single source of truth.
write_conf() {
  cat >"$DATA_DIR/codex.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $POSTGRES_PORT
unix_socket_directories = '$STATE_DIR'
external_pid_file = '$PID_FILE'
max_connections = 200
shared_buffers = 256MB
effective_cache_size = 1GB
work_mem = 8MB
maintenance_work_mem = 128MB
max_wal_size = 2GB
fsync = on
password_encryption = scram-sha-256
timezone = 'UTC'
log_timezone = 'UTC'
log_line_prefix = '%m [%p] %q%u@%d '
EOF
  own_by_postgres "$DATA_DIR/codex.conf"
}

srv_start() {
  mkdir -p "$STATE_DIR"
  own_by_postgres "$STATE_DIR"
  [[ -f "$DATA_DIR/PG_VERSION" ]] || init_cluster
  write_conf
  rotate_log
  as_postgres "$PG_BIN/pg_ctl" -D "$DATA_DIR" -l "$LOG_FILE" -w -t "$SRV_TIMEOUT" start >/dev/null
  as_postgres "$PG_BIN/psql" -X -q -h "$STATE_DIR" -p "$POSTGRES_PORT" -d postgres \
    <"$INFRA_DIR/postgres-init.sql" >/dev/null
}

srv_stop() {
  as_postgres "$PG_BIN/pg_ctl" -D "$DATA_DIR" -m fast -w -t "$SRV_STOP_TIMEOUT" stop >/dev/null
}

srv_health() {
  "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$POSTGRES_PORT" &&
    [[ "$(PGPASSWORD=codex PGCONNECT_TIMEOUT=2 "$PG_BIN/psql" -X -At \
      -h 127.0.0.1 -p "$POSTGRES_PORT" -U codex -d postgres -c 'select 1' 2>/dev/null)" == 1 ]]
}

srv_address() { printf 'postgresql://127.0.0.1:%s\n' "$POSTGRES_PORT"; }
