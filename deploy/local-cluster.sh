#!/usr/bin/env bash
# A two-replica Gatehouse on one machine, without Docker: the topology of deploy/compose.yaml on loopback.
#
#   deploy/local-cluster.sh start    one PostgreSQL, control planes A and B sharing it, gateways A and B
#   deploy/local-cluster.sh gateways starts gateways A and B into the running cluster (with a gateway token)
#   deploy/local-cluster.sh status   what runs, where, and whether it is healthy
#   deploy/local-cluster.sh stop     stops everything it started, gateways first, the database last
#
# Build first: ./mvnw -pl control-ui -am package -DskipTests
#
# PostgreSQL: a local server (initdb/pg_ctl on the PATH or in /usr/lib/postgresql/*/bin) when one can be used
# (not as root: PostgreSQL refuses to run as root), otherwise the control plane's embedded PostgreSQL started
# on its own (io.gatehouse.console.embedded.StandaloneDatabase).
#
# Settings (environment; a port of 0 means "any free port"):
#   GATEHOUSE_CLUSTER_DIR          run directory: pids, logs, data, cluster.env   (default: <repo>/data/local-cluster)
#   GATEHOUSE_CLUSTER_DB           auto | server | embedded                        (default: auto)
#   GATEHOUSE_CLUSTER_DB_PORT      PostgreSQL port                                 (default: 15432)
#   GATEHOUSE_CLUSTER_PORT_A/_B    control-plane HTTP ports                        (default: 8080 / 8081)
#   GATEHOUSE_CLUSTER_SYNC_PORT_A/_B  control-plane sync listener ports            (default: 8005 / 8006)
#   GATEHOUSE_CLUSTER_GATEWAY_PORT_A/_B         gateway proxy ports                (default: 8000 / 8001)
#   GATEHOUSE_CLUSTER_GATEWAY_STATUS_PORT_A/_B  gateway status ports               (default: 8100 / 8101)
#   GATEHOUSE_CLUSTER_GATEWAYS     auto (start them when the gateway jar exists and a token or DB-less args are set) | off
#   GATEHOUSE_CLUSTER_GATEWAY_TOKEN  the gateway token the gateways present to the sync listener
#   GATEHOUSE_CLUSTER_GATEWAY_ARGS   extra gateway arguments, e.g. "--config /path/kong.yaml" (DB-less mode)
#   GATEHOUSE_CLUSTER_JAR          control-plane jar     (default: control-ui/target/gatehouse-control-plane.jar)
#   GATEHOUSE_CLUSTER_GATEWAY_JAR  gateway jar           (default: runtime-gateway/target/gatehouse-gateway.jar)
#   GATEHOUSE_CLUSTER_TIMEOUT      seconds to wait for each process to become healthy (default: 120)
#   GATEHOUSE_CLUSTER_JAVA_OPTS    JVM options of every Java process (default: -Xmx512m -XX:+ExitOnOutOfMemoryError)
#   Any other GATEHOUSE_* variable set in the environment (bootstrap admin, SMTP, ...) reaches both control planes.
set -euo pipefail

DEPLOY_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$DEPLOY_DIR/.." && pwd)"
# shellcheck source=ports-and-artifacts.env
. "$DEPLOY_DIR/ports-and-artifacts.env"

RUN_DIR="${GATEHOUSE_CLUSTER_DIR:-$REPO_DIR/data/local-cluster}"
DB_MODE="${GATEHOUSE_CLUSTER_DB:-auto}"
CP_JAR="${GATEHOUSE_CLUSTER_JAR:-$REPO_DIR/control-ui/target/$CONTROL_PLANE_JAR}"
GW_JAR="${GATEHOUSE_CLUSTER_GATEWAY_JAR:-$REPO_DIR/runtime-gateway/target/$GATEWAY_JAR}"
TIMEOUT="${GATEHOUSE_CLUSTER_TIMEOUT:-120}"
JAVA_OPTS="${GATEHOUSE_CLUSTER_JAVA_OPTS:--Xmx512m -XX:+ExitOnOutOfMemoryError}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

PIDS="$RUN_DIR/pids"
LOGS="$RUN_DIR/logs"
STATE="$RUN_DIR/cluster.env"

say() { printf '%s\n' "$*"; }
fail() { printf 'local-cluster: %s\n' "$*" >&2; exit 1; }

alive() { [ -f "$PIDS/$1.pid" ] && kill -0 "$(cat "$PIDS/$1.pid")" 2>/dev/null; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

TAKEN=" "
# Sets PORT to a port to listen on: the one asked for (it must be free), or a free one when 0 was asked.
pick_port() {
  local wanted="$1" what="$2" port tries=0
  if [ "$wanted" != 0 ]; then
    ! port_in_use "$wanted" || fail "port $wanted ($what) is in use; choose another with the settings at the top of $0"
    TAKEN="$TAKEN$wanted "
    PORT="$wanted"
    return
  fi
  # Below the kernel's ephemeral range, which it hands out for other programs' port-0 listeners and outgoing
  # connections: a port found free here stays free until the process that gets it binds it.
  local low=32768 span
  if [ -r /proc/sys/net/ipv4/ip_local_port_range ]; then
    read -r low _ </proc/sys/net/ipv4/ip_local_port_range
  fi
  span=$(( low - 10000 ))
  [ "$span" -ge 1000 ] || fail "the ephemeral port range starts at $low; set explicit ports for $what"
  while :; do
    port=$(( 10000 + (RANDOM * 32768 + RANDOM) % span ))
    case "$TAKEN" in *" $port "*) continue ;; esac
    if ! port_in_use "$port"; then
      TAKEN="$TAKEN$port "
      PORT="$port"
      return
    fi
    tries=$((tries + 1))
    [ "$tries" -lt 100 ] || fail "found no free port for $what"
  done
}

# Starts a command in its own session, with its output in logs/<name>.log and its pid in pids/<name>.pid.
launch() {
  local name="$1"; shift
  if command -v setsid >/dev/null 2>&1; then
    setsid "$@" >"$LOGS/$name.log" 2>&1 </dev/null &
  else
    nohup "$@" >"$LOGS/$name.log" 2>&1 </dev/null &
  fi
  echo $! >"$PIDS/$name.pid"
}

upper() { printf '%s' "$1" | tr '[:lower:]' '[:upper:]'; }

wait_until() {
  local name="$1" check="$2" deadline=$((SECONDS + TIMEOUT))
  until eval "$check"; do
    alive "$name" || fail "$name exited during start; see $LOGS/$name.log"
    [ "$SECONDS" -lt "$deadline" ] || fail "$name was not ready within ${TIMEOUT}s; see $LOGS/$name.log"
    sleep 0.5
  done
}

healthy() { curl -fs -o /dev/null --max-time 2 "$1"; }

pg_bin() {
  local tool="$1" dir
  if command -v "$tool" >/dev/null 2>&1; then command -v "$tool"; return; fi
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/$tool" ] && { echo "$dir/$tool"; return; }
  done
  return 1
}

choose_db_mode() {
  case "$DB_MODE" in
    server | embedded) echo "$DB_MODE" ;;
    auto)
      if [ "$(id -u)" != 0 ] && pg_bin initdb >/dev/null && pg_bin pg_ctl >/dev/null && pg_bin psql >/dev/null; then
        echo server
      else
        echo embedded
      fi ;;
    *) fail "GATEHOUSE_CLUSTER_DB must be auto, server or embedded, not '$DB_MODE'" ;;
  esac
}

start_database() {
  local mode port
  mode="$(choose_db_mode)"
  pick_port "${GATEHOUSE_CLUSTER_DB_PORT:-15432}" PostgreSQL; port="$PORT"
  mkdir -p "$RUN_DIR/db"
  if [ "$mode" = server ]; then
    [ "$(id -u)" != 0 ] || fail "PostgreSQL refuses to run as root; use GATEHOUSE_CLUSTER_DB=embedded"
    local data="$RUN_DIR/db/server"
    if [ ! -f "$data/PG_VERSION" ]; then
      "$(pg_bin initdb)" -D "$data" -U postgres --auth=trust -E UTF8 >"$LOGS/postgres-initdb.log" 2>&1 \
        || fail "initdb failed; see $LOGS/postgres-initdb.log"
    fi
    "$(pg_bin pg_ctl)" -D "$data" -l "$LOGS/postgres.log" -w -t "$TIMEOUT" \
      -o "-p $port -c listen_addresses=127.0.0.1 -k $RUN_DIR/db" start >/dev/null \
      || fail "PostgreSQL did not start; see $LOGS/postgres.log"
    head -1 "$data/postmaster.pid" >"$PIDS/postgres.pid"
    if [ -z "$("$(pg_bin psql)" -h 127.0.0.1 -p "$port" -U postgres -tAc "select 1 from pg_database where datname = 'gatehouse'")" ]; then
      "$(pg_bin psql)" -h 127.0.0.1 -p "$port" -U postgres -qc "create database gatehouse" >/dev/null
    fi
    DB_URL="jdbc:postgresql://127.0.0.1:$port/gatehouse"
  else
    rm -f "$RUN_DIR/db/jdbc-url"
    # shellcheck disable=SC2086
    launch postgres "$JAVA" $JAVA_OPTS -cp "$CP_JAR" \
      -Dloader.main=io.gatehouse.console.embedded.StandaloneDatabase \
      org.springframework.boot.loader.launch.PropertiesLauncher "$RUN_DIR/db/embedded" "$port" "$RUN_DIR/db/jdbc-url"
    wait_until postgres '[ -s "$RUN_DIR/db/jdbc-url" ]'
    # The embedded server's URL carries ?user=postgres; keep only host, port and database.
    DB_URL="$(sed -e 's/?.*$//' "$RUN_DIR/db/jdbc-url")"
  fi
  DB_PORT="$port"
  DB_KIND="$mode"
  say "PostgreSQL ($mode)  $DB_URL  (user postgres, no password, loopback only)"
}

launch_control_plane() {
  local name="control-plane-$1" http="$2" sync="$3"
  mkdir -p "$RUN_DIR/$name"
  # ApplicationName lets PostgreSQL (pg_stat_activity) tell the replicas apart.
  # shellcheck disable=SC2086
  (
    cd "$RUN_DIR/$name"
    export GATEHOUSE_PORT="$http" GATEHOUSE_SYNC_PORT="$sync" \
      GATEHOUSE_DB_URL="$DB_URL?ApplicationName=gatehouse-$name" \
      GATEHOUSE_DB_USER=postgres GATEHOUSE_DB_PASSWORD= \
      GATEHOUSE_DATA_DIR="$RUN_DIR/$name" GATEHOUSE_PUBLIC_URL="http://127.0.0.1:$http" GATEHOUSE_REPLICA_NAME="$name"
    launch "$name" "$JAVA" $JAVA_OPTS -jar "$CP_JAR" --server.address=127.0.0.1
  )
}

await_control_plane() {
  local name="control-plane-$1" http="$2" sync="$3"
  wait_until "$name" "healthy http://127.0.0.1:$http/actuator/health/readiness"
  say "Control plane $(upper "$1")     http://127.0.0.1:$http  (gateways dial wss://localhost:$sync/v1/sync)"
}

start_gateway() {
  local name="gateway-$1" proxy="$2" status="$3" sync="$4"
  mkdir -p "$RUN_DIR/$name/cache"
  # shellcheck disable=SC2086
  (
    cd "$RUN_DIR/$name"
    export GATEHOUSE_GATEWAY_PROXY_PORT="$proxy" GATEHOUSE_GATEWAY_STATUS_PORT="$status" \
      GATEHOUSE_GATEWAY_CONTROL_PLANE="wss://localhost:$sync/v1/sync" \
      GATEHOUSE_GATEWAY_TRUST="$RUN_DIR/control-plane-$1/data/sync-tls/sync-cert.pem" \
      GATEHOUSE_GATEWAY_TOKEN="${GATEHOUSE_CLUSTER_GATEWAY_TOKEN:-}" \
      GATEHOUSE_GATEWAY_CACHE_DIR="$RUN_DIR/$name/cache"
    launch "$name" "$JAVA" $JAVA_OPTS -jar "$GW_JAR" ${GATEHOUSE_CLUSTER_GATEWAY_ARGS:-}
  )
  wait_until "$name" "healthy http://127.0.0.1:$status/status"
  say "Gateway $(upper "$1")           http://127.0.0.1:$proxy  (status http://127.0.0.1:$status/status)"
}

# Gateway A dials control plane A, gateway B dials control plane B: a write through either reaches both
# through PostgreSQL LISTEN/NOTIFY. Started with the cluster when a token (or DB-less arguments) is set, or
# later into a running cluster with '$0 gateways'.
start_gateways() {
  local sync_a="$1" sync_b="$2"
  if [ "${GATEHOUSE_CLUSTER_GATEWAYS:-auto}" = off ]; then
    say "Gateways            skipped: GATEHOUSE_CLUSTER_GATEWAYS=off"
  elif [ ! -f "$GW_JAR" ]; then
    say "Gateways            skipped: no gateway jar at $GW_JAR; build it: ./mvnw -pl runtime-gateway package -DskipTests"
  elif [ -z "${GATEHOUSE_CLUSTER_GATEWAY_TOKEN:-}" ] && [ -z "${GATEHOUSE_CLUSTER_GATEWAY_ARGS:-}" ]; then
    # A gateway needs its control plane's token (or a DB-less file) before it can serve anything.
    say "Gateways            skipped: set GATEHOUSE_CLUSTER_GATEWAY_TOKEN (a control plane's gateway token, from the"
    say "                    console or POST /api/v1/control-planes/{cp}/gateway-tokens) and run '$0 gateways',"
    say "                    or GATEHOUSE_CLUSTER_GATEWAY_ARGS='--config kong.yaml' for DB-less gateways"
  else
    local gpa gpb gsa gsb
    pick_port "${GATEHOUSE_CLUSTER_GATEWAY_PORT_A:-$GATEWAY_PROXY_PORT}" "gateway A proxy"; gpa="$PORT"
    pick_port "${GATEHOUSE_CLUSTER_GATEWAY_PORT_B:-$((GATEWAY_PROXY_PORT + 1))}" "gateway B proxy"; gpb="$PORT"
    pick_port "${GATEHOUSE_CLUSTER_GATEWAY_STATUS_PORT_A:-$GATEWAY_STATUS_PORT}" "gateway A status"; gsa="$PORT"
    pick_port "${GATEHOUSE_CLUSTER_GATEWAY_STATUS_PORT_B:-$((GATEWAY_STATUS_PORT + 1))}" "gateway B status"; gsb="$PORT"
    start_gateway a "$gpa" "$gsa" "$sync_a"
    start_gateway b "$gpb" "$gsb" "$sync_b"
    {
      echo "GATEWAY_A_URL=http://127.0.0.1:$gpa"
      echo "GATEWAY_A_STATUS_URL=http://127.0.0.1:$gsa/status"
      echo "GATEWAY_B_URL=http://127.0.0.1:$gpb"
      echo "GATEWAY_B_STATUS_URL=http://127.0.0.1:$gsb/status"
    } >>"$STATE"
  fi
}

# Starts gateways A and B into a running cluster, e.g. once a gateway token has been created in it.
gateways() {
  [ -f "$STATE" ] || fail "the cluster is not running; run '$0 start' first"
  for name in gateway-a gateway-b; do
    alive "$name" && fail "$name is already running (pid $(cat "$PIDS/$name.pid")); run '$0 stop' first"
  done
  [ -n "${GATEHOUSE_CLUSTER_GATEWAY_TOKEN:-}${GATEHOUSE_CLUSTER_GATEWAY_ARGS:-}" ] \
    || fail "set GATEHOUSE_CLUSTER_GATEWAY_TOKEN (or GATEHOUSE_CLUSTER_GATEWAY_ARGS) first"
  local sync_a sync_b
  sync_a="$(sed -n 's/^SYNC_A_PORT=//p' "$STATE")"
  sync_b="$(sed -n 's/^SYNC_B_PORT=//p' "$STATE")"
  trap 'say "gateways failed to start; stopping them"; stop_one gateway-a; stop_one gateway-b' EXIT
  start_gateways "$sync_a" "$sync_b"
  trap - EXIT
}

start() {
  command -v curl >/dev/null 2>&1 || fail "curl is needed to check health"
  [ -f "$CP_JAR" ] || fail "no control-plane jar at $CP_JAR; build it: ./mvnw -pl control-ui -am package -DskipTests"
  for name in postgres control-plane-a control-plane-b gateway-a gateway-b; do
    alive "$name" && fail "$name is already running (pid $(cat "$PIDS/$name.pid")); run '$0 stop' first"
  done
  mkdir -p "$PIDS" "$LOGS"
  rm -f "$STATE"
  # A failed start leaves nothing running.
  trap 'say "start failed; stopping what was started"; stop >/dev/null 2>&1 || true' EXIT

  start_database
  local a b sync_a sync_b
  pick_port "${GATEHOUSE_CLUSTER_PORT_A:-$CONTROL_PLANE_PORT}" "control plane A"; a="$PORT"
  pick_port "${GATEHOUSE_CLUSTER_PORT_B:-$((CONTROL_PLANE_PORT + 1))}" "control plane B"; b="$PORT"
  pick_port "${GATEHOUSE_CLUSTER_SYNC_PORT_A:-$SYNC_PORT}" "sync listener A"; sync_a="$PORT"
  pick_port "${GATEHOUSE_CLUSTER_SYNC_PORT_B:-$((SYNC_PORT + 1))}" "sync listener B"; sync_b="$PORT"
  # Both at once, as Kubernetes starts replicas: Flyway's lock lets one apply the migrations while the other waits.
  launch_control_plane a "$a" "$sync_a"
  launch_control_plane b "$b" "$sync_b"
  await_control_plane a "$a" "$sync_a"
  await_control_plane b "$b" "$sync_b"
  {
    echo "DB_KIND=$DB_KIND"
    echo "DB_URL=$DB_URL"
    echo "DB_PORT=$DB_PORT"
    echo "CONTROL_PLANE_A_URL=http://127.0.0.1:$a"
    echo "CONTROL_PLANE_B_URL=http://127.0.0.1:$b"
    echo "SYNC_A_PORT=$sync_a"
    echo "SYNC_B_PORT=$sync_b"
  } >"$STATE"

  start_gateways "$sync_a" "$sync_b"
  trap - EXIT
  if [ -n "${GATEHOUSE_BOOTSTRAP_ADMIN_EMAIL:-}" ]; then
    say "Sign in as $GATEHOUSE_BOOTSTRAP_ADMIN_EMAIL (GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD) on either control plane."
  else
    say "Sign up on either control plane, or export GATEHOUSE_BOOTSTRAP_ADMIN_EMAIL/_PASSWORD before start for a platform admin."
  fi
  say "Logs and pids in $RUN_DIR; '$0 stop' stops everything."
}

# Stops a process by its pid file: SIGTERM (graceful shutdown), then SIGKILL after the grace period.
stop_one() {
  local name="$1" grace="${2:-30}" pid
  [ -f "$PIDS/$name.pid" ] || return 0
  pid="$(cat "$PIDS/$name.pid")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + grace))
    while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
      say "$name did not stop within ${grace}s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    say "stopped $name (pid $pid)"
  fi
  rm -f "$PIDS/$name.pid"
}

# The PostgreSQL server itself, whoever started it, by the pid in its own postmaster.pid (SIGINT: fast shutdown).
stop_postmaster() {
  local data="$1" pid
  [ -f "$data/postmaster.pid" ] || return 0
  pid="$(head -1 "$data/postmaster.pid")"
  kill -0 "$pid" 2>/dev/null || return 0
  kill -INT "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + 30))
  while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
  say "stopped PostgreSQL server (pid $pid)"
}

stop() {
  stop_one gateway-a
  stop_one gateway-b
  stop_one control-plane-a
  stop_one control-plane-b
  stop_one postgres
  stop_postmaster "$RUN_DIR/db/embedded"
  stop_postmaster "$RUN_DIR/db/server"
  rm -f "$STATE"
}

status() {
  local name url any=1
  for name in postgres control-plane-a control-plane-b gateway-a gateway-b; do
    if alive "$name"; then
      any=0
      say "$name: running (pid $(cat "$PIDS/$name.pid"))"
    elif [ -f "$PIDS/$name.pid" ]; then
      say "$name: NOT running (stale pid file; see $LOGS/$name.log)"
    fi
  done
  [ "$any" = 0 ] || { say "nothing running in $RUN_DIR"; return 3; }
  if [ -f "$STATE" ]; then
    while IFS='=' read -r name url; do
      case "$name" in
        CONTROL_PLANE_*_URL)
          if healthy "$url/actuator/health"; then say "$url  UP"; else say "$url  DOWN"; fi ;;
        GATEWAY_*_STATUS_URL)
          if healthy "$url"; then say "$url  UP"; else say "$url  DOWN"; fi ;;
        GATEWAY_*_URL | DB_URL) say "$url" ;;
      esac
    done <"$STATE"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  gateways) gateways ;;
  *) say "usage: $0 start|gateways|stop|status"; exit 2 ;;
esac
