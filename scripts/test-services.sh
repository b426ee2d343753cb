#!/usr/bin/env bash
# Test services for the scale-out mode: PostgreSQL 15 (settings) and a two-shard ClickHouse 18.16
# cluster (events), all from Debian's packages, all on 127.0.0.1 with their state in one folder.
#
#   eval "$(scripts/test-services.sh start)"   # starts what is not running; prints export lines
#   scripts/test-services.sh status             # says what runs
#   scripts/test-services.sh stop               # stops all three and removes the state folder
#
# Installs nothing (CI installs postgresql, clickhouse-server and clickhouse-client before).
# Only the export lines go to stdout; progress and diagnostics go to stderr.
#
#   PostgreSQL  127.0.0.1:25432, unix socket in the state folder, trust auth, superuser socialroi,
#               database socialroi_test. Run as the postgres system user when started as root.
#   ClickHouse  shard 1: HTTP 28123, TCP 29000; shard 2: HTTP 28124, TCP 29001; no interserver
#               port, no ZooKeeper. Cluster socialroi_test (remote_servers) = both shards;
#               database socialroi_test on both.
#
# The ports lie below Linux's ephemeral range (32768–60999): a port in it can be held, for a minute
# after a connection closes, by the TIME_WAIT of an outgoing connection that was given it (seen
# once: a shard could not bind its TCP port and the run failed).
#
# State folder: ${SOCIALROI_SERVICES_DIR:-/tmp/socialroi-services}. When started as root it must
# be reachable by the postgres user (the default, under /tmp, is).
set -euo pipefail

STATE="${SOCIALROI_SERVICES_DIR:-/tmp/socialroi-services}"
PG_BIN=/usr/lib/postgresql/15/bin
PG_PORT=25432
PG_USER=socialroi
DB=socialroi_test
CLUSTER=socialroi_test
CH_SERVER=/usr/sbin/clickhouse-server
CH_HTTP=(28123 28124)
CH_TCP=(29000 29001)

log() { printf 'test-services: %s\n' "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

print_exports() {
  echo "export SOCIALROI_TEST_POSTGRES_URL='postgres://${PG_USER}@127.0.0.1:${PG_PORT}/${DB}'"
  # socialroi's form: the first shard with the database and cluster, then the other shards.
  echo "export SOCIALROI_TEST_CLICKHOUSE_URL='http://127.0.0.1:${CH_HTTP[0]}/?database=${DB}&cluster=${CLUSTER},http://127.0.0.1:${CH_HTTP[1]}/'"
  echo "export SOCIALROI_TEST_CLICKHOUSE_SINGLE_URL='http://127.0.0.1:${CH_HTTP[1]}/?database=${DB}'"
  echo "export SOCIALROI_TEST_CHDB_CONNECTION='${CHDB_DIR}/node_modules/chdb/dist/connection/index.js'"
}

# chDB (current ClickHouse inside the test process), from npm. Kept out of package.json: it is half
# a gigabyte that every `npm ci` of a user would fetch for tests only. Cached outside the state
# folder, so that a stop and start does not fetch it again.
CHDB_DIR="${SOCIALROI_CHDB_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/socialroi-chdb-${CHDB_VERSION:=3.4.0}}"
chdb_install() {
  [ -f "$CHDB_DIR/node_modules/chdb/dist/connection/index.js" ] && return 0
  log "installing chdb@$CHDB_VERSION from npm into $CHDB_DIR"
  mkdir -p "$CHDB_DIR"
  [ -f "$CHDB_DIR/package.json" ] || echo '{"private":true}' >"$CHDB_DIR/package.json"
  npm install --prefix "$CHDB_DIR" --no-audit --no-fund --loglevel=error "chdb@$CHDB_VERSION" >&2 ||
    die "npm install chdb@$CHDB_VERSION failed"
}

# Is something listening on 127.0.0.1:$1?
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# ---------------------------------------------------------------------------------------------
# PostgreSQL

# The OS user PostgreSQL runs as: itself unless root (PostgreSQL refuses root).
pg_os_user() {
  if [ "$(id -u)" -ne 0 ]; then
    id -un
  elif getent passwd postgres >/dev/null; then
    echo postgres
  else
    getent passwd socialroi-pg >/dev/null ||
      useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin socialroi-pg
    echo socialroi-pg
  fi
}

# Runs a command as the PostgreSQL OS user.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u "$(pg_os_user)" -- "$@"
  else
    "$@"
  fi
}

pg_ready() { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres 2>/dev/null; }

pg_running() { [ -f "$STATE/pg/data/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" status -D "$STATE/pg/data" >/dev/null 2>&1; }

pg_fail() {
  log "PostgreSQL: $*; last lines of $STATE/pg/server.log:"
  tail -n 30 "$STATE/pg/server.log" >&2 2>/dev/null || true
  exit 1
}

pg_start() {
  [ -x "$PG_BIN/pg_ctl" ] || die "PostgreSQL 15 is not installed ($PG_BIN/pg_ctl): apt-get install -y postgresql"
  if pg_running && pg_ready; then
    log "PostgreSQL already runs on 127.0.0.1:$PG_PORT"
  else
    port_busy "$PG_PORT" && die "port $PG_PORT is taken by a server this state folder ($STATE) does not hold"
    local owner
    owner="$(pg_os_user)"
    mkdir -p "$STATE/pg"
    if [ "$(id -u)" -eq 0 ]; then chown "$owner:" "$STATE/pg"; fi
    chmod 700 "$STATE/pg"
    as_pg test -w "$STATE/pg" || die "$owner cannot write $STATE/pg: choose a SOCIALROI_SERVICES_DIR it can reach"
    if [ ! -f "$STATE/pg/data/PG_VERSION" ]; then
      log "PostgreSQL: initdb in $STATE/pg/data (as $owner)"
      as_pg "$PG_BIN/initdb" -D "$STATE/pg/data" -U "$PG_USER" -A trust -E UTF8 --locale=C.UTF-8 \
        --no-sync >"$STATE/pg/initdb.log" 2>&1 || {
        tail -n 30 "$STATE/pg/initdb.log" >&2
        die "PostgreSQL: initdb failed"
      }
      # Test settings: local only, no durability (a crash loses at most test data).
      as_pg tee -a "$STATE/pg/data/postgresql.conf" >/dev/null <<EOF

# scripts/test-services.sh
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$STATE/pg'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
shared_buffers = 128MB
EOF
    fi
    log "PostgreSQL: starting on 127.0.0.1:$PG_PORT"
    as_pg "$PG_BIN/pg_ctl" start -D "$STATE/pg/data" -l "$STATE/pg/server.log" -w -t 30 >/dev/null 2>&1 ||
      pg_fail "pg_ctl start failed"
    local i
    for i in $(seq 1 100); do
      pg_ready && break
      sleep 0.1
    done
    pg_ready || pg_fail "not answering on 127.0.0.1:$PG_PORT"
  fi
  local exists
  exists="$("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$DB'")" || pg_fail "psql failed"
  if [ "$exists" != 1 ]; then
    "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" "$DB" || pg_fail "createdb $DB failed"
  fi
}

pg_stop() {
  if [ -f "$STATE/pg/data/postmaster.pid" ] && pg_running; then
    log "PostgreSQL: stopping"
    as_pg "$PG_BIN/pg_ctl" stop -D "$STATE/pg/data" -m fast -w -t 30 >/dev/null 2>&1 ||
      as_pg "$PG_BIN/pg_ctl" stop -D "$STATE/pg/data" -m immediate -w -t 10 >/dev/null 2>&1 || true
  fi
}

# ---------------------------------------------------------------------------------------------
# ClickHouse

# POSTs SQL to the server on HTTP port $1; prints the body; fails on a non-2xx answer.
ch_http() {
  local port="$1" sql="$2"
  if command -v curl >/dev/null 2>&1; then
    curl -sS --fail-with-body --max-time 10 --data-binary "$sql" "http://127.0.0.1:$port/"
  else
    node -e '
      const [port, sql] = process.argv.slice(1);
      fetch(`http://127.0.0.1:${port}/`, { method: "POST", body: sql, signal: AbortSignal.timeout(10000) })
        .then(async (r) => { process.stdout.write(await r.text()); process.exit(r.ok ? 0 : 1); })
        .catch((e) => { console.error(String(e)); process.exit(1); });
    ' "$port" "$sql"
  fi
}

ch_pid() {
  local n="$1" pid
  pid="$(cat "$STATE/ch$n/server.pid" 2>/dev/null)" || return 1
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  # Only a process started with this folder's config file is ours.
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "--config-file=$STATE/ch$n/config.xml" || return 1
  echo "$pid"
}

ch_ready() { [ "$(ch_http "${CH_HTTP[$1 - 1]}" 'SELECT 1' 2>/dev/null)" = 1 ]; }

ch_fail() {
  local n="$1"
  shift
  log "ClickHouse shard $n: $*; last lines of its logs:"
  local f
  for f in log/stderr.log stderr.log log/server.err.log log/server.log; do
    [ -s "$STATE/ch$n/$f" ] || continue
    echo "--- $STATE/ch$n/$f" >&2
    tail -n 20 "$STATE/ch$n/$f" >&2
  done
  # 18.16 can hang instead of exiting after a fatal start-up error: do not leave it behind.
  ch_stop_one "$n" 10
  exit 1
}

ch_write_config() {
  local n="$1" dir="$STATE/ch$1"
  mkdir -p "$dir/data" "$dir/tmp" "$dir/log" "$dir/user_files" "$dir/format_schemas"
  cat >"$dir/config.xml" <<EOF
<?xml version="1.0"?>
<!-- Written by scripts/test-services.sh: shard $n of the test cluster $CLUSTER. -->
<yandex>
  <logger>
    <level>information</level>
    <log>$dir/log/server.log</log>
    <errorlog>$dir/log/server.err.log</errorlog>
    <size>20M</size>
    <count>1</count>
  </logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>${CH_HTTP[$n - 1]}</http_port>
  <tcp_port>${CH_TCP[$n - 1]}</tcp_port>
  <!-- no interserver_http_port: no replication, so no interserver server -->
  <path>$dir/data/</path>
  <tmp_path>$dir/tmp/</tmp_path>
  <user_files_path>$dir/user_files/</user_files_path>
  <format_schema_path>$dir/format_schemas/</format_schema_path>
  <users_config>users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <max_connections>256</max_connections>
  <max_concurrent_queries>100</max_concurrent_queries>
  <uncompressed_cache_size>268435456</uncompressed_cache_size>
  <mark_cache_size>268435456</mark_cache_size>
  <mlock_executable>false</mlock_executable>
  <remote_servers>
    <$CLUSTER>
      <shard><replica><host>127.0.0.1</host><port>${CH_TCP[0]}</port></replica></shard>
      <shard><replica><host>127.0.0.1</host><port>${CH_TCP[1]}</port></replica></shard>
    </$CLUSTER>
  </remote_servers>
</yandex>
EOF
  cat >"$dir/users.xml" <<'EOF'
<?xml version="1.0"?>
<yandex>
  <profiles>
    <default>
      <max_memory_usage>4000000000</max_memory_usage>
      <load_balancing>random</load_balancing>
    </default>
  </profiles>
  <users>
    <default>
      <password></password>
      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
    </default>
  </users>
  <quotas>
    <default>
      <interval>
        <duration>3600</duration>
        <queries>0</queries>
        <errors>0</errors>
        <result_rows>0</result_rows>
        <read_rows>0</read_rows>
        <execution_time>0</execution_time>
      </interval>
    </default>
  </quotas>
</yandex>
EOF
}

# Starts shard $1 in the background (does not wait).
ch_launch() {
  local n="$1" dir="$STATE/ch$1"
  if ch_pid "$n" >/dev/null && ch_ready "$n"; then
    log "ClickHouse shard $n already runs on HTTP ${CH_HTTP[$n - 1]}"
    return
  fi
  ch_stop_one "$n" # ours but not answering (hung or half started)
  local port
  for port in "${CH_HTTP[$n - 1]}" "${CH_TCP[$n - 1]}"; do
    port_busy "$port" && die "port $port is taken by a server this state folder ($STATE) does not hold"
  done
  ch_write_config "$n"
  rm -f "$dir/server.pid"
  log "ClickHouse shard $n: starting (HTTP ${CH_HTTP[$n - 1]}, TCP ${CH_TCP[$n - 1]})"
  "$CH_SERVER" --config-file="$dir/config.xml" --pid-file="$dir/server.pid" --daemon \
    >"$dir/stderr.log" 2>&1 || ch_fail "$n" "clickhouse-server did not start"
}

ch_wait() {
  local n="$1" i
  for i in $(seq 1 150); do
    ch_ready "$n" && return
    # The daemon writes start-up errors to log/stderr.log (and may then hang rather than exit).
    grep -qs Exception "$STATE/ch$n/log/stderr.log" && ch_fail "$n" "start-up error"
    [ "$i" -gt 20 ] && ! ch_pid "$n" >/dev/null && ch_fail "$n" "clickhouse-server exited"
    sleep 0.1
  done
  ch_fail "$n" "not answering SELECT 1 on HTTP ${CH_HTTP[$n - 1]} after 15 s"
}

ch_start() {
  [ -x "$CH_SERVER" ] || die "ClickHouse is not installed ($CH_SERVER): apt-get install -y clickhouse-server clickhouse-client"
  ch_launch 1
  ch_launch 2
  ch_wait 1
  ch_wait 2
  local n
  for n in 1 2; do
    ch_http "${CH_HTTP[$n - 1]}" "CREATE DATABASE IF NOT EXISTS $DB" >/dev/null ||
      ch_fail "$n" "CREATE DATABASE $DB failed"
  done
}

# Stops shard $1: SIGTERM, then SIGKILL after $2 tenths of a second (default 100).
ch_stop_one() {
  local n="$1" grace="${2:-100}" pid i
  pid="$(ch_pid "$n")" || return 0
  log "ClickHouse shard $n: stopping (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || return 0
  for i in $(seq 1 "$grace"); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  log "ClickHouse shard $n: still running, killing"
  kill -KILL "$pid" 2>/dev/null || true
  sleep 0.2
}

ch_stop() {
  ch_stop_one 1
  ch_stop_one 2
}

# ---------------------------------------------------------------------------------------------

cmd_start() {
  mkdir -p "$STATE"
  chmod 755 "$STATE"
  pg_start
  ch_start
  chdb_install
  log "ready (state in $STATE)"
  print_exports
}

cmd_stop() {
  ch_stop
  pg_stop
  rm -rf "$STATE"
  log "stopped; removed $STATE"
}

cmd_status() {
  local all=0 n pid
  if pg_running && pg_ready; then
    echo "PostgreSQL: running on 127.0.0.1:$PG_PORT (data $STATE/pg/data)"
  else
    echo "PostgreSQL: not running"
    all=1
  fi
  for n in 1 2; do
    if pid="$(ch_pid "$n")" && ch_ready "$n"; then
      echo "ClickHouse shard $n: running, pid $pid, HTTP ${CH_HTTP[$n - 1]}, TCP ${CH_TCP[$n - 1]}"
    elif pid="$(ch_pid "$n")"; then
      echo "ClickHouse shard $n: process $pid exists but does not answer on HTTP ${CH_HTTP[$n - 1]}"
      all=1
    else
      echo "ClickHouse shard $n: not running"
      all=1
    fi
  done
  return "$all"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
