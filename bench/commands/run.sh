#!/usr/bin/env bash
# bench/commands: authorize_payment commands through Kafka at rising rates, end to end (command in on
# payment_commands -> payment.authorized out on payment_events), with the offline Stripe stand-in, the
# outbox relay to Kafka and RabbitMQ, and the same run's PostgreSQL ceiling (pgbench) for the commands'
# transactions. Writes bench/commands/results.md, results.json and results-timeline.csv.
#
#   bench/commands/run.sh
#       warm-up: commands at 25/s for 12 s (not judged);
#       relay only: outbox rows at 100, 200, 300/s, 20 s each (the outbox relay alone, up to the target rate);
#       commands: 10, 25, 50, 100, 200, 300, 400/s, 20 s each; each kind's ladder stops at its first step
#       that is not sustained. Every step waits for the service to be idle first and is drained after.
#   BENCH_RATES=10,25 BENCH_RELAY_RATES= bench/commands/run.sh      # other ladders (see the variables below)
#   BENCH_LABEL=x PAYROUTE_JAVA_OPTS="..." bench/commands/run.sh   # a diagnostic run: results-x.md, marked as such
#
# Needs: Java 17, Maven (first build), PostgreSQL on 127.0.0.1:5432 (user postgres, trust) with pgbench,
# RabbitMQ on 127.0.0.1:5672 (guest/guest). Starts its own Kafka broker (the project's KafkaBroker launcher)
# and its own payroute (production settings from application.properties; database payroute_bench_commands,
# dropped and created again), everything on loopback; stops all it started (SIGTERM) on exit, also on Ctrl-C.
# Takes 5-10 minutes (the ladder stops early when the service saturates). Never stops PostgreSQL or RabbitMQ.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BENCH="$ROOT/bench/commands"
OUT="$BENCH/out"                       # logs and raw measurements of the last run (not committed)
DB_NAME=payroute_bench_commands
PG=(psql -X -q -h 127.0.0.1 -U postgres)
RATES="${BENCH_RATES:-10,25,50,100,200,300,400}"
STEP_SECONDS="${BENCH_STEP_SECONDS:-20}"
WARMUP="${BENCH_WARMUP:-25:12}"
RELAY_RATES="${BENCH_RELAY_RATES:-100,200,300}"
RELAY_STEP_SECONDS="${BENCH_RELAY_STEP_SECONDS:-20}"
DRAIN_SECONDS="${BENCH_DRAIN_SECONDS:-30}"
LABEL="${BENCH_LABEL:-}"                # results-<label>.md etc. instead of results.md (for diagnostic runs)
PGBENCH_SECONDS="${BENCH_PGBENCH_SECONDS:-15}"
QUIET_WAIT_SECONDS="${BENCH_QUIET_WAIT_SECONDS:-120}"
# The service's JVM as bin/run starts it by default.
SERVICE_JAVA_OPTS="${PAYROUTE_JAVA_OPTS:--Xms64m -Xmx512m -XX:+UseSerialGC}"
RABBITMQ_URL="${RABBITMQ_URL:-amqp://guest:guest@127.0.0.1:5672/}"
# The relay publishes to an exchange of the benchmark's own, so no queue bound to the shared
# payment.events exchange gets the benchmark's events; the load generator binds a temporary queue to it.
RABBIT_EXCHANGE="payment.events.bench-commands"

KAFKA_WRAPPER_PID=""
SERVICE_PID=""

log() { printf '[bench/commands %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# Stops a process this script started: SIGTERM, then waits up to $2 seconds, then SIGKILL.
stop_pid() {
  local pid="$1" grace="$2" name="$3"
  [ -n "$pid" ] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  log "stopping $name (pid $pid, SIGTERM)"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 "$grace"); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 1
  done
  log "$name still running after ${grace}s: SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$?
  set +e
  # The service first, while Kafka still answers (its consumer leaves the group cleanly); then the broker:
  # the wrapper's shutdown hook stops the broker JVM (SIGTERM) and deletes its temporary data directory.
  stop_pid "$SERVICE_PID" 45 "payroute"
  stop_pid "$KAFKA_WRAPPER_PID" 45 "Kafka broker wrapper"
  if [ -n "${KAFKA_BROKER_PID:-}" ]; then
    stop_pid "$KAFKA_BROKER_PID" 30 "Kafka broker"
  fi
  "${PG[@]}" -d "$DB_NAME" -c "DROP SCHEMA IF EXISTS bench_pgbench CASCADE" >/dev/null 2>&1
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  local port
  while :; do
    port=$(( 20000 + RANDOM % 20000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
}

# Machine-wide CPU busy % over $1 seconds (all cores), from /proc/stat.
cpu_busy() {
  local a b
  a=($(head -1 /proc/stat))
  sleep "$1"
  b=($(head -1 /proc/stat))
  local ta=0 tb=0 i
  for i in 1 2 3 4 5 6 7 8; do ta=$((ta + a[i])); tb=$((tb + b[i])); done
  local ia=$((a[4] + a[5])) ib=$((b[4] + b[5]))
  echo $(( 100 * ((tb - ta) - (ib - ia)) / (tb - ta) ))
}

mkdir -p "$OUT"
rm -f "$OUT"/*.log "$OUT"/*.json "$OUT"/*.csv "$OUT"/*.txt "$OUT"/kafka.info "$OUT"/service.args
cd "$ROOT"

# ---- build (as bin/run: when the jar is missing or older than the sources)
if [ ! -f target/payroute.jar ] || [ ! -f target/payroute-dev.jar ] \
    || [ -n "$(find pom.xml application.properties src/main src/dev routes -newer target/payroute.jar -print -quit)" ]; then
  log "building payroute (mvn -B -q -DskipTests package)"
  mvn -B -q -DskipTests package
fi

# ---- the machine before we start: other work on it skews every number, so it is measured and reported
BACKGROUND_BUSY=$(cpu_busy 5)
if [ "$BACKGROUND_BUSY" -gt 30 ] && [ "$QUIET_WAIT_SECONDS" -gt 0 ]; then
  log "the machine is ${BACKGROUND_BUSY}% busy before the benchmark; waiting up to ${QUIET_WAIT_SECONDS}s for it to calm down"
  waited=0
  while [ "$waited" -lt "$QUIET_WAIT_SECONDS" ] && [ "$BACKGROUND_BUSY" -gt 30 ]; do
    BACKGROUND_BUSY=$(cpu_busy 10)
    waited=$((waited + 10))
  done
fi
log "machine CPU busy before the start: ${BACKGROUND_BUSY}% (of all cores, over 5-10 s)"
LOADAVG_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"

# ---- Kafka: a real single-node broker, started by the project's launcher (BenchKafka.java)
log "starting Kafka (dev.payroute.devstack.KafkaBroker)"
java -Xmx64m -XX:+UseSerialGC -cp "target/payroute.jar:target/payroute-dev.jar:target/lib/*" \
  "$BENCH/BenchKafka.java" "$ROOT" "$OUT/kafka.info" 256m >"$OUT/kafka-wrapper.log" 2>&1 &
KAFKA_WRAPPER_PID=$!
for _ in $(seq 1 180); do
  [ -f "$OUT/kafka.info" ] && break
  kill -0 "$KAFKA_WRAPPER_PID" 2>/dev/null || { tail -20 "$OUT/kafka-wrapper.log" >&2; exit 1; }
  sleep 1
done
[ -f "$OUT/kafka.info" ] || { log "Kafka did not start in 180 s"; tail -20 "$OUT/kafka-wrapper.log" >&2; exit 1; }
KAFKA_BOOTSTRAP="$(sed -n 's/^bootstrap=//p' "$OUT/kafka.info")"
KAFKA_BROKER_PID="$(sed -n 's/^pid=//p' "$OUT/kafka.info")"
log "Kafka on $KAFKA_BOOTSTRAP (broker pid $KAFKA_BROKER_PID)"

# ---- the bench database: dropped (with any connections to it) and created again by the service
"${PG[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)"

# ---- payroute, production settings (application.properties as shipped); the offline Stripe stand-in
PORT="$(free_port)"
STANDIN_PORT="$(free_port)"
# The JVM options and main class go in an argument file: the process's command line is then
# "java @.../service.args", so a broad `pkill -f PayrouteApplication` run by other work on a shared
# machine does not end the benchmark's service half way (it happened while this benchmark was written).
{
  for opt in $SERVICE_JAVA_OPTS; do echo "$opt"; done
  echo "-cp"
  # The dev jar brings the in-process Stripe stand-in, which the service starts without STRIPE_SECRET_KEY.
  echo "target/payroute.jar:target/payroute-dev.jar:target/lib/*"
  echo "dev.payroute.PayrouteApplication"
} >"$OUT/service.args"
log "starting payroute on port $PORT (stand-in on $STANDIN_PORT)"
env PORT="$PORT" \
  DATABASE_URL="jdbc:postgresql://127.0.0.1:5432/$DB_NAME" \
  KAFKA_BOOTSTRAP_SERVERS="$KAFKA_BOOTSTRAP" \
  RABBITMQ_URL="$RABBITMQ_URL" \
  RABBITMQ_EVENTS_EXCHANGE="$RABBIT_EXCHANGE" \
  PAYROUTE_API_KEYS="bench-payments-key-$(head -c8 /dev/urandom | od -An -tx1 | tr -d ' \n'):payments,bench-admin-key-$(head -c8 /dev/urandom | od -An -tx1 | tr -d ' \n'):admin" \
  PAYROUTE_DATA_KEYS="bench:$(head -c32 /dev/urandom | base64 -w0)" \
  STRIPE_WEBHOOK_SECRET="whsec_bench$(head -c16 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
  STRIPE_STANDIN_PORT="$STANDIN_PORT" \
  java "@$OUT/service.args" >"$OUT/service.log" 2>&1 &
SERVICE_PID=$!
READY=""
for _ in $(seq 1 120); do
  kill -0 "$SERVICE_PID" 2>/dev/null || { log "payroute exited"; tail -30 "$OUT/service.log" >&2; exit 1; }
  READY="$(curl -sf "http://127.0.0.1:$PORT/health/ready" || true)"
  case "$READY" in *'"kafka":"up"'*) break ;; esac
  sleep 1
done
case "$READY" in *'"kafka":"up"'*) ;; *) log "payroute not ready with Kafka up after 120 s: $READY"; exit 1 ;; esac
log "payroute ready: $READY"

# ---- the PostgreSQL ceiling, same run: pgbench with the commands' transactions (bench/commands/pgbench/),
# against copies of the service's tables in schema bench_pgbench (same columns, constraints, indexes),
# so the idle service's relay never sees pgbench's rows.
log "pgbench: the commands' transactions, ${PGBENCH_SECONDS}s per run"
"${PG[@]}" -d "$DB_NAME" <<'SQL'
DROP SCHEMA IF EXISTS bench_pgbench CASCADE;
CREATE SCHEMA bench_pgbench;
CREATE TABLE bench_pgbench.payments (LIKE public.payments INCLUDING ALL);
CREATE TABLE bench_pgbench.outbox (LIKE public.outbox INCLUDING ALL);
CREATE TABLE bench_pgbench.camel_messageprocessed (LIKE public.camel_messageprocessed INCLUDING ALL);
CREATE TABLE bench_pgbench.webhook_events (LIKE public.webhook_events INCLUDING ALL);
CREATE TABLE bench_pgbench.payment_transitions (LIKE public.payment_transitions INCLUDING ALL);
ALTER TABLE bench_pgbench.payment_transitions ADD FOREIGN KEY (payment_id) REFERENCES bench_pgbench.payments (id);
SQL
cat "$BENCH/pgbench/command.sql" "$BENCH/pgbench/webhooks.sql" >"$OUT/pgbench-command-and-webhooks.sql"
run_pgbench() { # name clients script [pgbench options...]
  local name="$1" clients="$2" script="$3"
  shift 3
  PGOPTIONS="-c search_path=bench_pgbench" pgbench -h 127.0.0.1 -U postgres -n -M prepared \
    -c "$clients" -j "$(( clients < 2 ? 1 : 2 ))" -T "$PGBENCH_SECONDS" -f "$script" "$@" "$DB_NAME" \
    >"$OUT/pgbench-$name.txt" 2>&1 || { cat "$OUT/pgbench-$name.txt" >&2; exit 1; }
  log "pgbench $name: $(grep -E '^tps' "$OUT/pgbench-$name.txt" | head -1)"
}
run_pgbench command-c1 1 "$BENCH/pgbench/command.sql"
run_pgbench command-c8 8 "$BENCH/pgbench/command.sql"
run_pgbench command-and-webhooks-c8 8 "$OUT/pgbench-command-and-webhooks.sql"
"${PG[@]}" -d "$DB_NAME" -c "DROP SCHEMA bench_pgbench CASCADE"

# ---- the rate steps
log "load: warm-up $WARMUP; relay only $RELAY_RATES per second; commands $RATES per second"
java -Xmx512m -XX:+UseSerialGC -cp "target/lib/*" "$BENCH/CommandLoad.java" \
  --bootstrap "$KAFKA_BOOTSTRAP" \
  --db "jdbc:postgresql://127.0.0.1:5432/$DB_NAME" \
  --out "$OUT" \
  --warmup "$WARMUP" --rates "$RATES" --step-seconds "$STEP_SECONDS" --drain-seconds "$DRAIN_SECONDS" \
  --relay-rates "$RELAY_RATES" --relay-step-seconds "$RELAY_STEP_SECONDS" \
  --rabbit-url "$RABBITMQ_URL" --rabbit-exchange "$RABBIT_EXCHANGE" \
  --service-pid "$SERVICE_PID" --pid "kafka=$KAFKA_BROKER_PID" 2>&1 | tee "$OUT/load.log"
kill -0 "$SERVICE_PID" 2>/dev/null || { log "payroute is gone (see $OUT/service.log): no results written"; exit 1; }

# ---- what the service logged: failures and the relay's complaints, counted
{
  echo "warn_lines=$(grep -c ' WARN ' "$OUT/service.log" || true)"
  echo "error_lines=$(grep -c ' ERROR ' "$OUT/service.log" || true)"
  echo "rabbit_relay_failures=$(grep -c 'outbox relay to rabbit stopped' "$OUT/service.log" || true)"
  echo "rabbit_relay_first_failure=$(grep -m1 'outbox relay to rabbit stopped' "$OUT/service.log" | sed 's/.*stopped: //; s/; unsent.*//' || true)"
  echo "kafka_relay_failures=$(grep -c 'outbox relay to kafka stopped' "$OUT/service.log" || true)"
  echo "commands_dead_lettered=$(grep -c 'payment command dead-lettered' "$OUT/service.log" || true)"
} >"$OUT/service-log-summary.txt"

# ---- stop everything we started before writing the report, and check nothing is left
stop_pid "$SERVICE_PID" 45 "payroute"
stop_pid "$KAFKA_WRAPPER_PID" 45 "Kafka broker wrapper"
stop_pid "$KAFKA_BROKER_PID" 30 "Kafka broker"
java -Xmx64m -cp "target/lib/*" "$BENCH/CommandLoad.java" --delete-rabbit-exchange \
  --rabbit-url "$RABBITMQ_URL" --rabbit-exchange "$RABBIT_EXCHANGE" || log "could not delete the exchange $RABBIT_EXCHANGE"
LEFT=""
for pid in "$SERVICE_PID" "$KAFKA_WRAPPER_PID" "$KAFKA_BROKER_PID"; do
  if kill -0 "$pid" 2>/dev/null; then LEFT="$LEFT $pid"; fi
done
[ -z "$LEFT" ] || log "still running:$LEFT"

# ---- machine facts and the report
{
  echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "git_commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src routes application.properties pom.xml || echo '+local-changes')"
  echo "git_branch=$(git rev-parse --abbrev-ref HEAD)"
  echo "nproc=$(nproc)"
  echo "cpu_model=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
  echo "memory=$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "kernel=$(uname -r)"
  echo "java=$(java -version 2>&1 | head -1)"
  echo "postgresql=$("${PG[@]}" -d postgres -Atc 'SHOW server_version')"
  echo "postgresql_settings=$("${PG[@]}" -d postgres -Atc "SELECT string_agg(name || '=' || setting || coalesce(unit, ''), ', ' ORDER BY name) FROM pg_settings WHERE name IN ('shared_buffers','synchronous_commit','fsync','wal_sync_method','max_connections')")"
  echo "pgbench=$(pgbench --version)"
  echo "rabbitmq_url=$(echo "$RABBITMQ_URL" | sed 's#//[^@]*@#//#')"
  echo "rabbit_exchange=$RABBIT_EXCHANGE"
  echo "kafka=Apache Kafka 4.3.1, single node (KRaft), 3 partitions a topic, broker heap 256m, C1 JIT only (KafkaBroker's launcher)"
  echo "service_java_opts=$SERVICE_JAVA_OPTS"
  echo "background_busy_pct_before=$BACKGROUND_BUSY"
  echo "loadavg_before=$LOADAVG_BEFORE"
  echo "loadavg_after=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "pgbench_seconds=$PGBENCH_SECONDS"
  echo "command=bench/commands/run.sh"
  echo "env=BENCH_WARMUP=$WARMUP BENCH_RELAY_RATES=$RELAY_RATES BENCH_RELAY_STEP_SECONDS=$RELAY_STEP_SECONDS BENCH_RATES=$RATES BENCH_STEP_SECONDS=$STEP_SECONDS BENCH_DRAIN_SECONDS=$DRAIN_SECONDS"
  cat "$OUT/service-log-summary.txt"
} >"$OUT/facts.txt"
java -Xmx256m -cp "target/lib/*" "$BENCH/Report.java" "$OUT" "$BENCH" "$LABEL"
log "done: $BENCH/results${LABEL:+-$LABEL}.md"
