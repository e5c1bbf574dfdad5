#!/usr/bin/env bash
# bench/commands: authorize_payment commands through Kafka at rising rates, end to end (command in on
# payment_commands -> payment.authorized out on payment_events), with the offline Stripe stand-in, the
# outbox relay to Kafka and RabbitMQ, and the same run's PostgreSQL ceiling (pgbench) for the commands'
# transactions. Writes bench/commands/results.md, results.json and results-timeline.csv.
#
#   bench/commands/run.sh
#       JIT warm-up: rounds of commands at 40/s for 30 s (BENCH_JIT_WARMUP) until the service's JIT compiler
#       threads used under 10 % of one core in a round (bench/lib.sh warm_until_jit_settles; named in the
#       report's Run table, not measured);
#       warm-up: commands at 25/s for 12 s (not judged);
#       relay only (one instance): outbox rows at 100, 200, 400, 800, 1600/s, 20 s each (the outbox relay alone);
#       commands: 10, 25, 50, 100, 200, 300, 400, 500/s, 20 s each; each kind's ladder stops at its first step
#       that is not sustained. Every step waits for the service to be idle first and is drained after.
#   BENCH_RATES=10,25 BENCH_RELAY_RATES= bench/commands/run.sh      # other ladders (see the variables below)
#   BENCH_LABEL=x PAYROUTE_JAVA_OPTS="..." bench/commands/run.sh   # a diagnostic run: results-x.md, marked as such
#   BENCH_INSTANCES=2 bench/commands/run.sh                        # two payroute processes on one database and one
#                                                                  # consumer group: results-two-instances.md
#
# Every 10th order also gets a revert_payment right after its authorize, keyed by the same order
# (BENCH_REVERT_EVERY, 0 for none): its event must come after the payment's payment.authorized, which checks
# order per payment across the partitions and consumers (and, with two instances, across processes).
#
# Needs: Java 17, Maven (first build), PostgreSQL on 127.0.0.1:5432 (user postgres, trust) with pgbench,
# RabbitMQ on 127.0.0.1:5672 (guest/guest). Starts its own Kafka broker (the project's KafkaBroker launcher),
# the offline Stripe stand-in as a process of its own (java -jar target/payroute-standin.jar, so payroute's CPU
# is payroute's) and payroute as in production (bench/lib.sh launch_payroute: ENVIRONMENT=production, the
# service's jar only, application.properties as shipped, Stripe through STRIPE_API_BASE; database
# payroute_bench_commands, dropped and created again), everything on loopback. With two instances the stand-in
# sends its webhooks to the first (a load balancer would spread them). Stops all it started (SIGTERM) on exit,
# also on Ctrl-C.
# Takes 5-10 minutes (the ladder stops early when the service saturates). Never stops PostgreSQL or RabbitMQ.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BENCH="$ROOT/bench/commands"
OUT="$BENCH/out"                       # logs and raw measurements of the last run (not committed)
DB_NAME=payroute_bench_commands
PG=(psql -X -q -h 127.0.0.1 -U postgres)
INSTANCES="${BENCH_INSTANCES:-1}"
RATES="${BENCH_RATES:-10,25,50,100,200,300,400,500}"
REVERT_EVERY="${BENCH_REVERT_EVERY:-10}"
STEP_SECONDS="${BENCH_STEP_SECONDS:-20}"
WARMUP="${BENCH_WARMUP:-25:12}"
JIT_WARMUP="${BENCH_JIT_WARMUP:-40:30}"   # one round of the JIT warm-up, commands/s:seconds
RELAY_RATES="${BENCH_RELAY_RATES-$([ "$INSTANCES" = 1 ] && echo 100,200,400,800,1600 || echo "")}"
RELAY_STEP_SECONDS="${BENCH_RELAY_STEP_SECONDS:-20}"
DRAIN_SECONDS="${BENCH_DRAIN_SECONDS:-30}"
LABEL="${BENCH_LABEL:-$([ "$INSTANCES" = 1 ] || echo two-instances)}"   # results-<label>.md instead of results.md
PGBENCH_SECONDS="${BENCH_PGBENCH_SECONDS:-15}"
QUIET_WAIT_SECONDS="${BENCH_QUIET_WAIT_SECONDS:-120}"
# The service's JVM as bin/run starts it by default.
SERVICE_JAVA_OPTS="${PAYROUTE_JAVA_OPTS:--Xms64m -Xmx512m -XX:+UseSerialGC}"
RABBITMQ_URL="${RABBITMQ_URL:-amqp://guest:guest@127.0.0.1:5672/}"
# The relay publishes to an exchange of the benchmark's own, so no queue bound to the shared
# payment.events exchange gets the benchmark's events; the load generator binds a temporary queue to it.
RABBIT_EXCHANGE="payment.events.bench-commands"

SERVICE2_PID=""
# bench/lib.sh: log, stop_pid, wait_for_idle, start_kafka/stop_kafka, start_standin, launch_payroute, delete_exchange.
WORK="$OUT"
DB="$DB_NAME"
JAVA_OPTS="$SERVICE_JAVA_OPTS"
QUIET_WAIT="$QUIET_WAIT_SECONDS"
cd "$ROOT"
# shellcheck source=bench/lib.sh
. bench/lib.sh

cleanup() {
  local rc=$?
  set +e
  # The services first, while Kafka still answers (their consumers leave the group cleanly); then the stand-in and
  # the broker: the wrapper's shutdown hook stops the broker JVM (SIGTERM) and deletes its temporary data directory.
  stop_pid "$SERVICE2_PID" 45 "payroute 2"
  stop_pid "$SERVICE_PID" 45 "payroute"
  stop_pid "$STANDIN_PID" 15 "the stand-in"
  stop_kafka
  delete_exchange
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

mkdir -p "$OUT"
rm -rf "$OUT"/*.log "$OUT"/*.json "$OUT"/*.csv "$OUT"/*.txt "$OUT"/kafka.info "$OUT"/*.args "$OUT"/jit-warm-up-*

# ---- build (as bin/run: when a jar is missing or older than the sources)
build_if_stale

# ---- the machine before we start: other work on it skews every number, so it is measured and reported
wait_for_idle
BACKGROUND_BUSY="$IDLE_BUSY"
LOADAVG_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"

# ---- Kafka: a real single-node broker, started by the project's launcher (BenchKafka.java)
start_kafka

# ---- the bench database: dropped (with any connections to it) and created again by the service
"${PG[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)"

# ---- the Stripe stand-in, then payroute as in production (one or two instances)
new_secrets
PORT="$(free_port)"
STANDIN_PORT="$(free_port)"
start_standin "$OUT/standin.log"
log "the stand-in on port $STANDIN_PORT (pid $STANDIN_PID)"
await_ready() { # pid port name
  local ready=""
  for _ in $(seq 1 180); do
    kill -0 "$1" 2>/dev/null || { log "$3 exited"; tail -30 "$OUT/service-$3.log" >&2; exit 1; }
    ready="$(curl -sf "http://127.0.0.1:$2/health/ready" || true)"
    case "$ready" in *'"kafka":"up"'*) log "$3 ready on port $2: $ready"; return 0 ;; esac
    sleep 1
  done
  log "$3 not ready with Kafka up after 180 s: $ready"
  exit 1
}
launch_payroute 1 "-Xlog:gc:file=$OUT/gc-1.log"
SERVICE_PID="$SVC_PID"
await_ready "$SERVICE_PID" "$PORT" 1
PORT1="$PORT"
if [ "$INSTANCES" = 2 ]; then
  # The second instance after the first is up (Flyway has migrated): same database, same consumer group.
  PORT="$(free_port)"
  launch_payroute 2 "-Xlog:gc:file=$OUT/gc-2.log"
  SERVICE2_PID="$SVC_PID"
  await_ready "$SERVICE2_PID" "$PORT" 2
  PORT="$PORT1"
elif [ "$INSTANCES" != 1 ]; then
  log "BENCH_INSTANCES is 1 or 2"
  exit 2
fi

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
CREATE TABLE bench_pgbench.billing_records (LIKE public.billing_records INCLUDING ALL);
CREATE TABLE bench_pgbench.invoices (LIKE public.invoices INCLUDING ALL);
CREATE TABLE bench_pgbench.storefront_carts (LIKE public.storefront_carts INCLUDING ALL);
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

# ---- the JIT warm-up: a production instance runs with its hot code compiled, which takes a fresh JVM minutes of
# load on 2 cores (the run's first steps measured the JIT compiler before this: 25/s sustained, ~23 ms of CPU per
# command, where a warm instance takes 3-6 ms). Each round is a run of the load generator with its warm-up step only.
jit_warm_round() { # n
  java -Xmx512m -XX:+UseSerialGC -cp "target/lib/*" "$BENCH/CommandLoad.java" \
    --bootstrap "$KAFKA_BOOTSTRAP" --db "jdbc:postgresql://127.0.0.1:5432/$DB_NAME" --out "$OUT/jit-warm-up-$1" \
    --warmup "$JIT_WARMUP" --rates "" --relay-rates "" --drain-seconds "$DRAIN_SECONDS" \
    --rabbit-url "$RABBITMQ_URL" --rabbit-exchange "$RABBIT_EXCHANGE" --revert-every "$REVERT_EVERY" \
    >"$OUT/jit-warm-up-$1.log" 2>&1 || { tail -20 "$OUT/jit-warm-up-$1.log" >&2; exit 1; }
}
log "JIT warm-up: rounds of $JIT_WARMUP (commands/s:seconds) until the JIT has settled"
warm_until_jit_settles "$SERVICE_PID" jit_warm_round
JIT_WARM_UP_TEXT="$WARMUP_ROUNDS rounds of ${JIT_WARMUP%%:*} commands/s for ${JIT_WARMUP##*:} s ($WARMUP_SECONDS s in all, the first instance's load generator runs included)"
if [ "$WARMUP_SETTLED" = true ]; then
  JIT_WARM_UP_TEXT="$JIT_WARM_UP_TEXT, until the first instance's JIT compiler threads used under $JIT_SETTLED_PCT % of one core in a round ($WARMUP_JIT_PCT % in the last)"
else
  JIT_WARM_UP_TEXT="$JIT_WARM_UP_TEXT; not settled: its JIT compiler threads still used $WARMUP_JIT_PCT % of one core in the last round"
fi

# ---- the rate steps
log "load: warm-up $WARMUP; relay only $RELAY_RATES per second; commands $RATES per second"
java -Xmx512m -XX:+UseSerialGC -cp "target/lib/*" "$BENCH/CommandLoad.java" \
  --bootstrap "$KAFKA_BOOTSTRAP" \
  --db "jdbc:postgresql://127.0.0.1:5432/$DB_NAME" \
  --out "$OUT" \
  --warmup "$WARMUP" --rates "$RATES" --step-seconds "$STEP_SECONDS" --drain-seconds "$DRAIN_SECONDS" \
  --relay-rates "$RELAY_RATES" --relay-step-seconds "$RELAY_STEP_SECONDS" \
  --rabbit-url "$RABBITMQ_URL" --rabbit-exchange "$RABBIT_EXCHANGE" \
  --revert-every "$REVERT_EVERY" \
  --service-pid "$SERVICE_PID" ${SERVICE2_PID:+--pid "service2=$SERVICE2_PID"} \
  --pid "standin=$STANDIN_PID" --pid "kafka=$KAFKA_BROKER_PID" 2>&1 | tee "$OUT/load.log"
for pid in "$SERVICE_PID" $SERVICE2_PID; do
  kill -0 "$pid" 2>/dev/null || { log "payroute (pid $pid) is gone (see $OUT/service-*.log): no results written"; exit 1; }
done

# ---- what the service logged: failures and the relay's complaints, counted
{
  echo "warn_lines=$(cat "$OUT"/service-[12].log | grep -c ' WARN ' || true)"
  echo "error_lines=$(cat "$OUT"/service-[12].log | grep -c ' ERROR ' || true)"
  echo "rabbit_relay_failures=$(cat "$OUT"/service-[12].log | grep -c 'outbox relay to rabbit stopped' || true)"
  echo "rabbit_relay_first_failure=$(grep -h -m1 'outbox relay to rabbit stopped' "$OUT"/service-[12].log | head -1 | sed 's/.*stopped: //; s/; unsent.*//' || true)"
  echo "kafka_relay_failures=$(cat "$OUT"/service-[12].log | grep -c 'outbox relay to kafka stopped' || true)"
  echo "kafka_relay_first_failure=$(grep -h -m1 'outbox relay to kafka stopped' "$OUT"/service-[12].log | head -1 | sed 's/.*stopped: //; s/; unsent.*//' || true)"
  # A failure's SQL spans lines: PostgreSQL's reason ("ERROR: deadlock detected") is on a line of its own.
  echo "deadlocks_logged=$(cat "$OUT"/service-[12].log | grep -c 'deadlock detected' || true)"
  echo "commands_dead_lettered=$(cat "$OUT"/service-[12].log | grep -c 'payment command dead-lettered' || true)"
} >"$OUT/service-log-summary.txt"

# ---- stop everything we started before writing the report, and check nothing is left
stop_pid "$SERVICE2_PID" 45 "payroute 2"
stop_pid "$SERVICE_PID" 45 "payroute"
stop_pid "$STANDIN_PID" 15 "the stand-in"
LEFT=""
for pid in "$SERVICE_PID" $SERVICE2_PID "$STANDIN_PID"; do
  if kill -0 "$pid" 2>/dev/null; then LEFT="$LEFT $pid"; fi
done
stop_kafka
delete_exchange
EXCHANGE_USED=""
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
  echo "kafka=Apache Kafka 4.3.1, single node (KRaft); payment_commands created by payroute with 6 partitions, payment_events with the broker's 3; broker heap 256m, C1 JIT only (KafkaBroker's launcher)"
  echo "service_java_opts=$SERVICE_JAVA_OPTS"
  echo "jit_warm_up=$JIT_WARM_UP_TEXT"
  echo "instances=$INSTANCES"
  echo "background_busy_pct_before=$BACKGROUND_BUSY"
  echo "loadavg_before=$LOADAVG_BEFORE"
  echo "loadavg_after=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "pgbench_seconds=$PGBENCH_SECONDS"
  echo "command=bench/commands/run.sh"
  echo "env=BENCH_INSTANCES=$INSTANCES BENCH_REVERT_EVERY=$REVERT_EVERY BENCH_JIT_WARMUP=$JIT_WARMUP BENCH_WARMUP=$WARMUP BENCH_RELAY_RATES=$RELAY_RATES BENCH_RELAY_STEP_SECONDS=$RELAY_STEP_SECONDS BENCH_RATES=$RATES BENCH_STEP_SECONDS=$STEP_SECONDS BENCH_DRAIN_SECONDS=$DRAIN_SECONDS"
  cat "$OUT/service-log-summary.txt"
} >"$OUT/facts.txt"
java -Xmx256m -cp "target/lib/*" "$BENCH/Report.java" "$OUT" "$BENCH" "$LABEL"
log "done: $BENCH/results${LABEL:+-$LABEL}.md"
