#!/usr/bin/env bash
# bench/start: how long payroute takes to start — from `java` launched to GET /health/ready
# answering 200 — with PostgreSQL, RabbitMQ, Kafka and the Stripe stand-in already running.
# Re-runnable; about 3 minutes on an idle 2-core machine.
#
#   bench/start/run.sh
#   BENCH_RUNS=2 BENCH_LABEL=smoke bench/start/run.sh
#
# 1. builds target/payroute.jar, payroute-standin.jar and the Kafka broker's classpath if missing
#    or older than the sources (as bin/run does);
# 2. waits for an idle machine (and says how busy it was); starts a real Kafka broker of its own
#    (bench/commands/BenchKafka.java) and the Stripe stand-in (java -jar target/payroute-standin.jar),
#    both left running for all the starts;
# 3. a first start on an empty database (payroute creates it and Flyway applies every migration),
#    timed and reported on its own: not counted in the figures of record;
# 4. BENCH_RUNS (default 5) starts against that database, migrated already, as a restart or a new
#    instance in production meets it: each one timed from just before `java` is launched to the first
#    200 of /health/ready (polled every 50 ms by bash itself: no process started per poll), then
#    stopped by its pid (SIGTERM) before the next;
# 5. where the time goes, from payroute's and Camel's own log lines (their timestamps, against the
#    launch): JVM start to the first line, Camel Main's set-up, the database (create if missing,
#    Flyway, the pool), the rest of the configuration, loading the routes, the context's start until
#    HTTP listens, the consumers' start, and the wait for the Kafka consumer's subscription and the
#    first ready answer; plus Camel's own "started in" line and the CPU the JVM used to get there;
# 6. writes bench/start/results.json, results.md and the table in README.md (between
#    <!-- bench-start:begin --> and <!-- bench-start:end -->). Target: median ≤ 5 s.
#
# payroute is started as bench/payments starts it: ENVIRONMENT=production, the service's jar and
# libraries only (bin/service's classpath), bin/run's JVM options (PAYROUTE_JAVA_OPTS to try others),
# application.properties as shipped, Kafka and RabbitMQ relays on, Stripe at the stand-in through
# STRIPE_API_BASE with a test key, everything else from `env -i`.
#
# Only 127.0.0.1 is used. The database payroute_bench_start is dropped and recreated; the RabbitMQ
# exchange payment.events.bench-start is deleted at the end. Nothing else is touched; every process
# the script starts is stopped by its pid, also on Ctrl-C.
#
# Knobs (environment): BENCH_RUNS, BENCH_PORT (the stand-in takes the next port), BENCH_QUIET_WAIT,
# BENCH_READY_TIMEOUT (seconds), BENCH_KEEP_DB=1, BENCH_UPDATE_README=0, BENCH_LABEL=x (a diagnostic
# run: results-x.json/.md, marked as such, README untouched), PAYROUTE_JAVA_OPTS, BENCH_CDS=0 (no class data
# sharing; by default the first start writes an archive as bin/service does, and the measured starts map it).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
BENCH=$ROOT/bench/start
WORK=$ROOT/target/bench-start
RUNS=${BENCH_RUNS:-5}
PORT=${BENCH_PORT:-18496}
STANDIN_PORT=$((PORT + 1))
QUIET_WAIT=${BENCH_QUIET_WAIT:-60}
READY_TIMEOUT=${BENCH_READY_TIMEOUT:-180}
LABEL=${BENCH_LABEL:-}
TARGET_MS=5000
DB=payroute_bench_start
RABBIT_EXCHANGE=payment.events.bench-start
T_START=$(date +%s)
JAVA_OPTS=${PAYROUTE_JAVA_OPTS:--Xms64m -Xmx512m -XX:+UseSerialGC}   # bin/run's default
RESULTS_JSON=$BENCH/results${LABEL:+-$LABEL}.json
RESULTS_MD=$BENCH/results${LABEL:+-$LABEL}.md
# shellcheck source=bench/lib.sh
. bench/lib.sh

check_machine java mvn psql curl jq
rm -rf "$WORK"
mkdir -p "$WORK"
new_secrets

cleanup() {
  local rc=$?
  set +e
  stop_pid "$SVC_PID" 30 payroute
  stop_pid "$STANDIN_PID" 15 "the stand-in"
  stop_kafka
  delete_exchange
  [ "${BENCH_KEEP_DB:-0}" = 1 ] || "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" 2>/dev/null
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Polling without starting a process per poll on the machine being measured: bash's own /dev/tcp
# for the request, and a read that times out on a pipe nobody writes to for the pause.
exec {PAUSE_FD}<> <(:)
pause() { read -r -t "$1" -u "$PAUSE_FD" || true; }
READY_STATUS=000
ready_status() { # sets READY_STATUS: the status code of GET /health/ready, 000 when nothing answers
  local line=""
  READY_STATUS=000
  { exec 3<>"/dev/tcp/127.0.0.1/$PORT"; } 2>/dev/null || return 0
  printf 'GET /health/ready HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$PORT" >&3 2>/dev/null || true
  IFS= read -r -t 5 line <&3 || true
  exec 3<&- 3>&-
  line=${line#HTTP/1.1 }
  READY_STATUS=${line:0:3}
}

# ---------------------------------------------------------------- 1. build
build_if_stale
wait_for_idle

# ---------------------------------------------------------------- 2. the brokers and the stand-in
start_kafka
start_standin "$WORK/standin.log"

# ---------------------------------------------------------------- 3./4. the starts
# Phase markers: payroute's and Camel's own log lines, in the order they come. Each phase runs from
# the previous marker found (the first from the launch) to its own.
MARKERS=(
  "jvm_to_first_log_line|Apache Camel \\(Main\\) .* is starting"
  "camel_main_setup|PayrouteConfiguration .* - PostgreSQL at "
  "database_create_flyway_pool|PayrouteConfiguration .* - Stripe in "
  "rest_of_configuration|BaseMainSupport .* - Auto-configuration summary"
  "routes_loaded|AbstractCamelContext .* - Apache Camel .* \\(payroute\\) is starting"
  "context_start_until_http_listens|VertxPlatformHttpServer .* - Vert.x HttpServer started"
  "consumers_started|AbstractCamelContext .* - Apache Camel .* \\(payroute\\) started in"
)
log_ms() { # a log line's timestamp (2026-11-29T22:44:16,232, the machine's time zone) in epoch ms
  local ts=${1%% *}
  ts=${ts/T/ }
  env -u TZ date -d "${ts/,/.}" +%s%3N
}

start_once() { # $1: name, $2...: extra JVM options; writes $WORK/start-<name>.json (not in a subshell: a failure exits the script, whose trap stops the instance)
  local name=$1 t0 t1 s0 s1 status i cpu pg0 pg1 k0 k1 st0 st1
  s0=$(cpu_ticks); pg0=$(pg_ticks); k0=$(proc_ticks "$KAFKA_BROKER_PID"); st0=$(proc_ticks "$STANDIN_PID")
  t0=$(date +%s%N)
  launch_payroute "$@"
  status=000
  for ((i = 0; i < READY_TIMEOUT * 20; i++)); do
    ready_status
    status=$READY_STATUS
    [ "$status" = 200 ] && break
    kill -0 "$SVC_PID" 2>/dev/null || { tail -30 "$WORK/service-$name.log" >&2; echo "payroute exited during start $name" >&2; exit 1; }
    pause 0.05
  done
  t1=$(date +%s%N)
  cpu=$(proc_ticks "$SVC_PID")
  s1=$(cpu_ticks); pg1=$(pg_ticks); k1=$(proc_ticks "$KAFKA_BROKER_PID"); st1=$(proc_ticks "$STANDIN_PID")
  [ "$status" = 200 ] || { echo "payroute not ready after ${READY_TIMEOUT}s (start $name): $(curl -s "http://127.0.0.1:$PORT/health/ready")" >&2; exit 1; }
  local ready ready_ms launch_ms=$((t0 / 1000000)) prev phases="{}" m key pattern line at camel
  ready=$(curl -s "http://127.0.0.1:$PORT/health/ready")
  ready_ms=$(( (t1 - t0) / 1000000 ))
  stop_pid "$SVC_PID" 30 payroute
  SVC_PID=
  prev=$launch_ms
  for m in "${MARKERS[@]}"; do
    key=${m%%|*}; pattern=${m#*|}
    line=$(grep -m1 -E "$pattern" "$WORK/service-$name.log" || true)
    [ -n "$line" ] || continue
    at=$(log_ms "$line")
    phases=$(jq -c --arg k "$key" --argjson v $((at - prev)) '. + {($k): $v}' <<<"$phases")
    prev=$at
  done
  phases=$(jq -c --arg k "kafka_subscription_until_ready" --argjson v $((launch_ms + ready_ms - prev)) '. + {($k): $v}' <<<"$phases")
  camel=$(grep -m1 -oE '\(payroute\) started in .*' "$WORK/service-$name.log" | sed 's/^(payroute) //' || true)
  jq -nc --arg name "$name" --argjson ms "$ready_ms" --argjson phases "$phases" --arg camel "$camel" \
    --argjson cpu "$cpu" --argjson busy "$(busy_percent "$s0" "$s1")" --argjson ready "${ready:-null}" \
    --argjson pg $((pg1 - pg0)) --argjson kafka $((k1 - k0)) --argjson standin $((st1 - st0)) '
    def pct(ticks): 100 * (ticks / 100) / ($ms / 1000);
    {name: $name, ready_ms: $ms, phases_ms: $phases, camel_says: $camel, jvm_cpu_s_until_ready: ($cpu / 100),
     machine_busy_percent: $busy,
     cpu_percent: {jvm: (pct($cpu) | round), postgres_all: (pct($pg) | round), kafka: (pct($kafka) | round),
                   standin: (pct($standin) | round)},
     other_cpu_percent: ([0, $busy - pct($cpu) - pct($pg) - pct($kafka) - pct($standin)] | max | round),
     ready_answer: $ready}' >"$WORK/start-$name.json"
}

"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" 2>/dev/null
# Class data sharing as bin/service has it: the first start writes the archive when it stops, the others map it.
CDS=${BENCH_CDS:-1}
CDS_FIRST=()
CDS_RUNS=()
if [ "$CDS" = 1 ]; then
  rm -f "$WORK/payroute.jsa"
  CDS_FIRST=("-XX:ArchiveClassesAtExit=$WORK/payroute.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off)
  CDS_RUNS=("-XX:SharedArchiveFile=$WORK/payroute.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off)
fi
log "first start, on an empty database (Flyway applies every migration)"
start_once first "${CDS_FIRST[@]}"
if [ "$CDS" = 1 ] && [ ! -f "$WORK/payroute.jsa" ]; then
  echo "the first start wrote no class data archive ($WORK/payroute.jsa)" >&2
  exit 1
fi
FIRST=$(cat "$WORK/start-first.json")
log "  $(jq -r '"ready after \(.ready_ms) ms"' <<<"$FIRST")"
echo "[]" >"$WORK/runs.json"
for r in $(seq 1 "$RUNS"); do
  log "start $r of $RUNS (database migrated already)"
  start_once "run$r" "${CDS_RUNS[@]}"
  RUN=$(cat "$WORK/start-run$r.json")
  log "  $(jq -r '"ready after \(.ready_ms) ms (JVM CPU \(.jvm_cpu_s_until_ready) s; machine busy \(.machine_busy_percent)%)"' <<<"$RUN")"
  jq -c --argjson run "$RUN" '. + [$run]' "$WORK/runs.json" >"$WORK/runs.tmp" && mv "$WORK/runs.tmp" "$WORK/runs.json"
done

# ---------------------------------------------------------------- 5./6. results
jq -n --slurpfile runs "$WORK/runs.json" --argjson first "$FIRST" --arg runLabel "$LABEL" \
  --argjson facts "$(run_facts)" --arg jvm "$JAVA_OPTS$([ "$CDS" = 1 ] && echo " + class data sharing as bin/service has it (the first start writes the archive, the runs map it)")" \
  --argjson target "$TARGET_MS" --argjson duration "$(( $(date +%s) - T_START ))" \
  --argjson migrations "$(ls src/main/resources/db/migration | wc -l)" '
  def median: sort | length as $n
    | if $n == 0 then null elif $n % 2 == 1 then .[($n - 1) / 2] else ((.[$n / 2 - 1] + .[$n / 2]) / 2) end;
  ($runs[0]) as $r
  | ($r | map(.ready_ms) | sort) as $ms
  | ($ms | median) as $median
  | ([$r[].phases_ms | keys[]] | unique) as $keys
  | {
      benchmark: "bench/start", label: (if $runLabel == "" then null else $runLabel end)} + $facts + {
      duration_s: $duration,
      settings: {environment: "production (ENVIRONMENT=production)", jvm: $jvm,
                 classpath: "target/payroute.jar:target/lib/* (bin/service; no development jar)",
                 main_class: "dev.payroute.PayrouteApplication",
                 already_running: "PostgreSQL, RabbitMQ, Kafka (own broker, KafkaBroker launcher), the Stripe stand-in (own process, STRIPE_API_BASE)",
                 measured: "from just before java is launched to the first 200 of GET /health/ready (polled every 50 ms)",
                 runs: ($ms | length), database: "migrated already (the first start, on an empty database, is reported apart)",
                 migrations: $migrations},
      first_start_empty_database: $first,
      runs: $r,
      summary: {min_ms: $ms[0], median_ms: $median, max_ms: $ms[-1],
                target: {target_ms: $target, measured_median_ms: $median, met: ($median != null and $median <= $target)},
                phases_median_ms: ($keys | map({key: ., value: ([$r[].phases_ms[.] // empty] | median)}) | from_entries),
                jvm_cpu_s_median: ([$r[].jvm_cpu_s_until_ready] | median | if . == null then null else (. * 100 | round / 100) end)},
      background: {max_other_cpu_percent: ([$r[].other_cpu_percent] | max // 0),
                   disturbed_runs: ($r | map(select(.other_cpu_percent > 20) | .name)),
                   disturbed: (($r | map(select(.other_cpu_percent > 20)) | length) > 0)}
    }' >"$RESULTS_JSON"

jq -r '
  def s(ms): if ms == null then "–" else "\(ms / 1000 * 100 | round / 100) s" end;
  def yes(b): if b then "MET" else "MISSED" end;
  def order: ["jvm_to_first_log_line", "camel_main_setup", "database_create_flyway_pool", "rest_of_configuration",
              "routes_loaded", "context_start_until_http_listens", "consumers_started", "kafka_subscription_until_ready"];
  def phase_name(k): {jvm_to_first_log_line: "JVM start, class loading, logging: to the first log line",
                 camel_main_setup: "Camel Main set-up, metrics: to \"PostgreSQL at\"",
                 database_create_flyway_pool: "database: create if missing, Flyway, pool: to \"Stripe in … mode\"",
                 rest_of_configuration: "rest of the configuration (Stripe client, relays, RabbitMQ): to the auto-configuration summary",
                 routes_loaded: "routes loaded (YAML DSL, templates): to \"(payroute) is starting\"",
                 context_start_until_http_listens: "context start until HTTP listens",
                 consumers_started: "routes and consumers started (RabbitMQ, Kafka): to \"(payroute) started in\"",
                 kafka_subscription_until_ready: "Kafka consumer subscribed, first ready 200"}[k] // k;
  "| | runs | min | median | max | target | result |",
  "|---|---:|---:|---:|---:|---|---|",
  "| `java` launched → `/health/ready` 200 (database migrated) | \(.settings.runs) | \(s(.summary.min_ms)) | \(s(.summary.median_ms)) | \(s(.summary.max_ms)) | median ≤ \(s(.summary.target.target_ms)) | **\(yes(.summary.target.met))** |",
  "| first start on an empty database (\(.settings.migrations) migrations applied) | 1 | | \(s(.first_start_empty_database.ready_ms)) | | not judged | |",
  "",
  "Where the time goes (median of the runs, from the log lines'"'"' timestamps against the launch):",
  "",
  "| phase | median |",
  "|---|---:|",
  (.summary.phases_median_ms as $p | order[] | select($p[.] != null) | "| \(phase_name(.)) | \(s($p[.])) |"),
  "",
  (if .summary.target.met then empty else
     "Missed by \(s(.summary.median_ms - .summary.target.target_ms)); the largest phases: \(.summary.phases_median_ms | to_entries | sort_by(-.value) | .[0:3] | map("\(phase_name(.key)) (\(s(.value)))") | join("; ")). The JVM used \(.summary.jvm_cpu_s_median) s of CPU to get there: on \(.machine.nproc) cores a start cannot take less than \(s(.summary.jvm_cpu_s_median * 1000 / .machine.nproc)) unless that CPU shrinks.\n" end),
  "Camel says (last run): `\(.runs[-1].camel_says)`. JVM CPU used until ready: \(.summary.jvm_cpu_s_median) s (median) on \(.machine.nproc) cores. JVM options: `\(.settings.jvm)`; \(.settings.environment), \(.settings.classpath).",
  "",
  (if .label != null then "**Diagnostic run \"\(.label)\"** (BENCH_LABEL): not the standard benchmark; its numbers are not the figures of record.\n" else "" end) +
  (if .background.disturbed then "**Disturbed run**: processes outside the benchmark used more than 20% of a core during \(.background.disturbed_runs | join(", ")) (at most \(.background.max_other_cpu_percent)% of \(.machine.nproc * 100)%); those numbers are not comparable with a quiet run.\n" else "Background load: at most \(.background.max_other_cpu_percent)% CPU used by other processes during a start.\n" end) +
  "Run \(.date), commit \(.git_commit), \(.machine.nproc) cores, \(.machine.memory), PostgreSQL \(.machine.postgresql); machine busy \(.machine.busy_percent_before_run)% just before the run."
' "$RESULTS_JSON" >"$WORK/table.md"

{
  echo "# bench/start results${LABEL:+ — diagnostic run \"$LABEL\"}"
  echo
  echo "Generated by \`bench/start/run.sh\` on $(jq -r .date "$RESULTS_JSON") (the run took $(jq -r .duration_s "$RESULTS_JSON") s). Raw numbers: \`$(basename "$RESULTS_JSON")\`."
  echo
  cat "$WORK/table.md"
  echo
  echo "## Per start"
  echo
  echo "| start | ready after | JVM CPU until ready | machine busy % (of $(( $(nproc) * 100 ))) | other processes' CPU % | Camel says |"
  echo "|---|---:|---:|---:|---:|---|"
  jq -r '([.first_start_empty_database] + .runs)[] | "| \(.name) | \(.ready_ms) ms | \(.jvm_cpu_s_until_ready) s | \(.machine_busy_percent) | \(.other_cpu_percent) | \(.camel_says) |"' "$RESULTS_JSON"
  echo
  echo "Phases per start (s):"
  echo
  jq -r '([.first_start_empty_database] + .runs) as $all
    | ["jvm_to_first_log_line", "camel_main_setup", "database_create_flyway_pool", "rest_of_configuration", "routes_loaded",
       "context_start_until_http_listens", "consumers_started", "kafka_subscription_until_ready"] as $order
    | "| phase | " + ($all | map(.name) | join(" | ")) + " |",
      "|---|" + ($all | map("---:") | join("|")) + "|",
      ($order[] as $k | "| \($k) | " + ($all | map(.phases_ms[$k] | if . == null then "–" else (. / 1000 * 100 | round / 100 | tostring) end) | join(" | ")) + " |")' "$RESULTS_JSON"
  echo
  echo "## What was measured"
  echo
  echo "- PostgreSQL and RabbitMQ (the machine's), a Kafka broker and the Stripe stand-in (started by the script) are running"
  echo "  before every start. Each start: the clock starts just before \`java\` is launched and stops at the first 200 of"
  echo "  \`GET /health/ready\` (database answers, Kafka command consumer subscribed, brokers up), polled every 50 ms; the"
  echo "  instance is then stopped (SIGTERM) before the next start."
  echo "- The figures of record are the starts against a database migrated already (a restart, or another instance). The"
  echo "  first start, on an empty database, also creates it and applies every Flyway migration; it is shown apart."
  echo "- Phases: from the launch to the first log line, then between payroute's and Camel's own log lines (their"
  echo "  timestamps): \"PostgreSQL at\" (configuration begins), \"Stripe in … mode\" (database created if missing, Flyway,"
  echo "  pool), Camel Main's auto-configuration summary, \"(payroute) is starting\" (routes loaded), \"Vert.x HttpServer"
  echo "  started\", \"(payroute) started in\" (every route and consumer started), and the ready 200."
  echo "- Other processes' CPU: the machine's busy time during the start less the CPU of the JVM, PostgreSQL, the Kafka"
  echo "  broker and the stand-in (all from /proc); above 20% of a core the start is marked disturbed (a start is"
  echo "  CPU-bound on 2 cores: class loading and JIT)."
} >"$RESULTS_MD"

if [ -z "$LABEL" ] && [ "${BENCH_UPDATE_README:-1}" = 1 ]; then
  replace_readme_table bench-start "$WORK/table.md"
fi
cat "$WORK/table.md"
log "done in $(( $(date +%s) - T_START )) s: $RESULTS_MD, $RESULTS_JSON"
