# Shell functions shared by bench/payments, bench/start and bench/webhooks run.sh (sourced, from the project
# directory). They start payroute, the Stripe stand-in and a Kafka broker the same way in both, stop
# every process by its pid, and measure CPU from /proc.
#
# Globals read: WORK (the run's scratch directory), PORT (payroute's), STANDIN_PORT, DB, QUIET_WAIT,
# JAVA_OPTS (payroute's JVM options), RABBIT_EXCHANGE. Globals set: see each function.

RABBITMQ_URL=amqp://guest:guest@127.0.0.1:5672/
STANDIN_JAVA_OPTS="-Xms64m -Xmx512m -XX:+UseSerialGC"
PSQL=(psql -h 127.0.0.1 -p 5432 -U postgres -v ON_ERROR_STOP=1 -q -X)
SVC_PID=
STANDIN_PID=
KAFKA_WRAPPER_PID=
KAFKA_BROKER_PID=
EXCHANGE_USED=

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
rand_hex() { head -c "$1" /dev/urandom | od -An -tx1 | tr -d ' \n'; }

# The secrets of one run (never printed): SECRET, PAY_KEY, ADMIN_KEY, DATA_KEY, STRIPE_KEY.
new_secrets() {
  SECRET=whsec_bench_$(rand_hex 24)
  PAY_KEY=bench-pay-$(rand_hex 12)
  ADMIN_KEY=bench-adm-$(rand_hex 12)
  DATA_KEY=bench1:$(head -c 32 /dev/urandom | base64 -w0)
  STRIPE_KEY=sk_test_bench_$(rand_hex 12)   # the stand-in accepts any test key
}

# What every run needs before it starts: the tools, PostgreSQL, RabbitMQ, and free ports.
check_machine() { # tools...
  local tool p
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "this benchmark needs $tool" >&2; exit 1; }
  done
  pg_isready -q -h 127.0.0.1 -p 5432 || { echo "no PostgreSQL on 127.0.0.1:5432" >&2; exit 1; }
  (exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null || { echo "no RabbitMQ on 127.0.0.1:5672 (bin/local-services)" >&2; exit 1; }
  for p in "$PORT" "$STANDIN_PORT"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "port $p is in use: set BENCH_PORT" >&2; exit 1; fi
  done
}

# Builds the jars (service, stand-in, dev) and the Kafka broker's classpath when one is missing or
# older than the sources, as bin/run does.
build_if_stale() {
  if [ ! -f target/payroute.jar ] || [ ! -f target/payroute-standin.jar ] || [ ! -f target/payroute-dev.jar ] \
      || [ ! -f target/kafka-broker/classpath.txt ] \
      || [ -n "$(find pom.xml application.properties src/main src/dev routes -newer target/payroute.jar -print -quit)" ]; then
    log "building payroute"
    mvn -B -q -DskipTests package
  fi
}

# ---------------------------------------------------------------- CPU from /proc
cpu_ticks() { echo "$(date +%s%N) $(awk '/^cpu /{print $5 + $6}' /proc/stat)"; }
pg_ticks() { # CPU ticks of all postgres processes, with the children they reaped (ended backends)
  { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk '$2 == "(postgres)" { t += $14 + $15 + $16 + $17 } END { print t + 0 }'
}
proc_ticks() { # utime + stime of one process (1/100 s), 0 when it is gone
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
  awk '{ sub(/^.*\) /, ""); print $12 + $13 }' <<<"$stat"
}
# Busy % between two "nanos idle-ticks" samples, 100 per core. Busy = wall time of all cores minus
# idle and iowait: the kernel keeps idle time exactly, while user/system in /proc/stat are sampled
# at each tick and under-count bursty servers.
# CPU ticks (1/100 s) of a JVM's JIT compiler threads: /proc names them "C1 CompilerThre" and "C2 CompilerThre"
# (15 characters). Reads /proc without starting a process per thread.
jit_ticks() { # pid
  local task comm stat rest total=0 f
  for task in /proc/"$1"/task/*; do
    { read -r comm <"$task/comm" && read -r stat <"$task/stat"; } 2>/dev/null || continue
    case "$comm" in
      "C1 CompilerThre"* | "C2 CompilerThre"*)
        rest=${stat##*) }                       # the fields after "(comm)": state is the first
        read -r -a f <<<"$rest"
        total=$(( total + f[11] + f[12] )) ;;   # utime, stime
    esac
  done
  echo "$total"
}

# A fresh JVM spends its first minutes compiling the hot code: on this 2-core machine the JIT compiler's threads
# took half a core and more for about a minute at 40 payments/s, and a few per cent after two. A production
# instance runs long after that, so the measured steps start once it has settled:
#   warm_until_jit_settles PID ROUND
# calls the function ROUND with 1, 2, ... (each call one warm-up round of load on the service) until the service's
# JIT compiler threads used less than JIT_SETTLED_PCT % of one core during a round (BENCH_JIT_SETTLED_PCT, default
# 10), at most JIT_MAX_ROUNDS rounds (BENCH_WARMUP_MAX_ROUNDS, default 10). Sets WARMUP_ROUNDS, WARMUP_SECONDS,
# WARMUP_JIT_PCT (the last round's) and WARMUP_SETTLED (true or false) for the report.
JIT_SETTLED_PCT=${BENCH_JIT_SETTLED_PCT:-10}
JIT_MAX_ROUNDS=${BENCH_WARMUP_MAX_ROUNDS:-10}
warm_until_jit_settles() { # pid round-function
  local pid=$1 round=$2 n=0 j0 j1 t0 t1 start
  start=$(date +%s%N)
  WARMUP_SETTLED=false
  while [ "$n" -lt "$JIT_MAX_ROUNDS" ]; do
    n=$((n + 1))
    j0=$(jit_ticks "$pid"); t0=$(date +%s%N)
    "$round" "$n"
    j1=$(jit_ticks "$pid"); t1=$(date +%s%N)
    WARMUP_JIT_PCT=$(awk -v j=$((j1 - j0)) -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", j * 1e9 / (b - a) }')
    log "warm-up round $n: the JIT compiler's threads used $WARMUP_JIT_PCT % of one core"
    if [ "$WARMUP_JIT_PCT" -lt "$JIT_SETTLED_PCT" ]; then
      WARMUP_SETTLED=true
      break
    fi
  done
  [ "$WARMUP_SETTLED" = true ] || log "warm-up: the JIT had not settled after $n rounds (under $JIT_SETTLED_PCT % of one core); measuring anyway"
  WARMUP_ROUNDS=$n
  WARMUP_SECONDS=$(( ($(date +%s%N) - start) / 1000000000 ))
}

busy_percent() {
  local t0 i0 t1 i1
  read -r t0 i0 <<<"$1"; read -r t1 i1 <<<"$2"
  awk -v t=$((t1 - t0)) -v i=$((i1 - i0)) -v n="$(nproc)" \
    'BEGIN { b = 100 * n - 100 * (i / 100) / (t / 1e9); if (b < 0) b = 0; printf "%.0f", b }'
}

# Waits up to QUIET_WAIT seconds for the machine to be idle (≤ 25 % busy); sets IDLE_BUSY.
wait_for_idle() {
  local waited=0 s0 s1
  log "checking that the machine is idle (waiting up to ${QUIET_WAIT}s)"
  while :; do
    s0=$(cpu_ticks); sleep 3; s1=$(cpu_ticks)
    IDLE_BUSY=$(busy_percent "$s0" "$s1")
    if [ "$IDLE_BUSY" -le 25 ] || [ "$waited" -ge "$QUIET_WAIT" ]; then break; fi
    log "  machine busy ${IDLE_BUSY}% of $(( $(nproc) * 100 ))% (someone else is working); waiting"
    sleep 7; waited=$((waited + 10))
  done
  log "machine busy ${IDLE_BUSY}% before the run"
}

# ---------------------------------------------------------------- processes, each stopped by its pid
stop_pid() { # pid seconds name: SIGTERM, then SIGKILL after the grace period
  local pid=$1 grace=$2 name=$3
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 $((grace * 2))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then log "$name did not stop in ${grace}s: SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; fi
  wait "$pid" 2>/dev/null || true
}

# A real single-node Kafka broker in a fresh data directory (the project's KafkaBroker launcher, via
# bench/commands/BenchKafka.java); sets KAFKA_WRAPPER_PID, KAFKA_BROKER_PID, KAFKA_BOOTSTRAP.
start_kafka() {
  log "starting Kafka (dev.payroute.devstack.KafkaBroker via bench/commands/BenchKafka.java)"
  java -Xmx64m -XX:+UseSerialGC -cp "target/payroute.jar:target/payroute-dev.jar:target/lib/*" \
    bench/commands/BenchKafka.java "$PWD" "$WORK/kafka.info" 256m >"$WORK/kafka-wrapper.log" 2>&1 &
  KAFKA_WRAPPER_PID=$!
  for _ in $(seq 1 180); do
    [ -f "$WORK/kafka.info" ] && break
    kill -0 "$KAFKA_WRAPPER_PID" 2>/dev/null || { tail -20 "$WORK/kafka-wrapper.log" >&2; exit 1; }
    sleep 1
  done
  [ -f "$WORK/kafka.info" ] || { tail -20 "$WORK/kafka-wrapper.log" >&2; echo "Kafka did not start in 180 s" >&2; exit 1; }
  KAFKA_BOOTSTRAP=$(sed -n 's/^bootstrap=//p' "$WORK/kafka.info")
  KAFKA_BROKER_PID=$(sed -n 's/^pid=//p' "$WORK/kafka.info")
  log "Kafka on $KAFKA_BOOTSTRAP (broker pid $KAFKA_BROKER_PID)"
}

stop_kafka() { # the wrapper's shutdown hook stops the broker and deletes its data directory
  stop_pid "$KAFKA_WRAPPER_PID" 45 "Kafka broker wrapper"
  stop_pid "$KAFKA_BROKER_PID" 30 "Kafka broker"
  KAFKA_WRAPPER_PID=
  KAFKA_BROKER_PID=
}

# The offline Stripe stand-in as a process of its own, sending its signed webhooks to payroute;
# $1: its log file. Sets STANDIN_PID.
start_standin() {
  env -i PATH="$PATH" HOME="$HOME" ${JAVA_HOME:+JAVA_HOME="$JAVA_HOME"} \
    java $STANDIN_JAVA_OPTS -jar target/payroute-standin.jar --port "$STANDIN_PORT" \
    --webhook-url "http://127.0.0.1:$PORT/api/v1/webhooks/stripe" --webhook-secret "$SECRET" >"$1" 2>&1 &
  STANDIN_PID=$!
  local i
  for i in $(seq 1 120); do
    grep -q 'listening on' "$1" 2>/dev/null && return 0
    kill -0 "$STANDIN_PID" 2>/dev/null || { cat "$1" >&2; echo "the stand-in did not start" >&2; exit 1; }
    sleep 0.5
  done
  echo "the stand-in did not start in 60 s" >&2; exit 1
}

# Launches payroute as in production and returns at once (the caller waits for it); $1: a name for
# its files in WORK; $2...: extra JVM options. Sets SVC_PID.
# ENVIRONMENT=production, the service's jar and libraries only (bin/service's classpath, no development
# jar), JAVA_OPTS (bin/run's by default), application.properties as shipped, Stripe at the stand-in
# through STRIPE_API_BASE with a test key, the outbox relayed to Kafka and to RabbitMQ (an exchange of
# the benchmark's own, so no queue bound to the shared payment.events gets its events). `env -i`:
# nothing of the caller's environment reaches the service, except settings named in BENCH_SERVICE_ENV
# (space-separated NAME=value, e.g. BENCH_SERVICE_ENV="KAFKA_COMMANDS_CONSUMERS=6" for a diagnostic run). The JVM options and main class go in an
# argument file (java @file): the command line is then "java @...", so someone's broad
# "pkill -f PayrouteApplication" on a shared machine does not stop the benchmark's instance.
launch_payroute() {
  local name=$1
  shift
  printf '%s\n' $JAVA_OPTS "$@" -cp "target/payroute.jar:target/lib/*" dev.payroute.PayrouteApplication >"$WORK/service-$name.args"
  EXCHANGE_USED=1
  env -i PATH="$PATH" HOME="$HOME" ${JAVA_HOME:+JAVA_HOME="$JAVA_HOME"} \
    ENVIRONMENT=production HOST=127.0.0.1 PORT="$PORT" \
    DATABASE_URL="jdbc:postgresql://127.0.0.1:5432/$DB" DATABASE_USER=postgres \
    STRIPE_SECRET_KEY="$STRIPE_KEY" STRIPE_API_BASE="http://127.0.0.1:$STANDIN_PORT" STRIPE_WEBHOOK_SECRET="$SECRET" \
    PAYROUTE_API_KEYS="$PAY_KEY:payments,$ADMIN_KEY:admin" PAYROUTE_DATA_KEYS="$DATA_KEY" \
    KAFKA_BOOTSTRAP_SERVERS="$KAFKA_BOOTSTRAP" RABBITMQ_URL="$RABBITMQ_URL" RABBITMQ_EVENTS_EXCHANGE="$RABBIT_EXCHANGE" \
    ${BENCH_SERVICE_ENV:-} java "@$WORK/service-$name.args" >"$WORK/service-$name.log" 2>&1 &
  SVC_PID=$!
}

# Deletes the relay's exchange of this benchmark, if payroute ran (the tool of bench/commands).
delete_exchange() {
  [ -n "$EXCHANGE_USED" ] || return 0
  java -Xmx128m -cp "target/lib/*" bench/commands/CommandLoad.java --delete-rabbit-exchange \
    --rabbit-url "$RABBITMQ_URL" --rabbit-exchange "$RABBIT_EXCHANGE" >/dev/null 2>&1 \
    || log "could not delete the RabbitMQ exchange $RABBIT_EXCHANGE"
}

# The commit measured, "+dirty" when the service's sources differ from it.
measured_commit() {
  echo "$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src routes application.properties pom.xml || echo '+dirty')"
}

# Replaces README.md's lines between <!-- $1:begin --> and <!-- $1:end --> with the file $2.
replace_readme_table() {
  grep -q "<!-- $1:begin -->" README.md || return 0
  awk -v table="$2" -v begin="<!-- $1:begin -->" -v end="<!-- $1:end -->" '
    $0 == begin { print; while ((getline line < table) > 0) print line; skip = 1; next }
    $0 == end { skip = 0 }
    !skip { print }' README.md >"$WORK/README.md.new"
  [ -s "$WORK/README.md.new" ] && cat "$WORK/README.md.new" >README.md
}

# The run's facts as JSON: when, which commit, the machine (used by both results writers).
run_facts() {
  jq -n --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --arg commit "$(measured_commit)" \
    --arg branch "$(git rev-parse --abbrev-ref HEAD)" --argjson nproc "$(nproc)" \
    --arg mem "$(awk '/MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo)" \
    --arg cpu "$(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)" \
    --arg pgversion "$("${PSQL[@]}" -d postgres -At -c 'SHOW server_version')" \
    --arg java "$(java -version 2>&1 | head -1)" --argjson idle "$IDLE_BUSY" \
    '{date: $date, git_commit: $commit, branch: $branch,
      machine: {nproc: $nproc, memory: $mem, cpu: $cpu, postgresql: $pgversion, java: $java, busy_percent_before_run: $idle}}'
}

# The machine's RabbitMQ server (the relay publishes to it, so its CPU is the benchmark's): the oldest beam.smp.
rabbitmq_pid() { pgrep -o -x beam.smp || true; }

# A fresh database DB, the stand-in, then payroute as in production (launch_payroute, with a GC log), ready
# (HTTP /health/ready), with the unsigned-webhook bypass checked off; $1: a name for their files. Sets STRIPE_MODE.
start_service() {
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" 2>/dev/null
  start_standin "$WORK/standin-$1.log"
  launch_payroute "$1" "-Xlog:gc:file=$WORK/gc-$1.log"
  local i
  for i in $(seq 1 240); do
    curl -sf "$BASE/health/ready" >/dev/null 2>&1 && break
    kill -0 "$SVC_PID" 2>/dev/null || { tail -30 "$WORK/service-$1.log" >&2; echo "payroute did not start" >&2; exit 1; }
    [ "$i" = 240 ] && { echo "payroute not ready after 120 s: $(curl -s "$BASE/health/ready")" >&2; exit 1; }
    sleep 0.5
  done
  local debug
  debug=$(curl -sf -H "Authorization: Bearer $ADMIN_KEY" "$BASE/api/v1/webhooks/debug")
  [ "$(jq -r .unsigned_development_bypass <<<"$debug")" = false ] || { echo "unsigned bypass is on: refusing to measure" >&2; exit 1; }
  STRIPE_MODE=$(jq -r .stripe_mode <<<"$debug")
}

stop_service() { # payroute first (it may still be answering the stand-in's webhooks), then the stand-in
  stop_pid "$SVC_PID" 30 payroute
  SVC_PID=
  stop_pid "$STANDIN_PID" 15 "the stand-in"
  STANDIN_PID=
}


# What a benchmark stops on its way out (its EXIT trap): payroute and the stand-in, the Kafka broker, and the
# RabbitMQ exchange of its relay.
stop_all() {
  stop_service
  stop_kafka
  delete_exchange
}
