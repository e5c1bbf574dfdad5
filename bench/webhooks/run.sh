#!/usr/bin/env bash
# bench/webhooks: Stripe webhook throughput and latency of a running payroute, beside the
# PostgreSQL ceiling for the same writes, in one run. Re-runnable; about 8 minutes on an idle
# 2-core machine (most of it creating the payments the events apply to).
#
#   bench/webhooks/run.sh
#
# 1. builds target/payroute.jar, payroute-standin.jar and the Kafka broker's classpath if missing or
#    older than the sources; starts a real Kafka broker of its own (bench/lib.sh start_kafka);
# 2. starts payroute once on a fresh database, sends 10 events (to get real row contents), stops it;
# 3. PostgreSQL ceiling: pgbench runs webhook_event.pgbench.sql (the statements and commits
#    payroute makes per applied event) against a copy of the schema, nothing else running;
# 4. a fresh database payroute_bench, the stand-in and payroute (as in production: bench/lib.sh
#    launch_payroute) started once for all the steps, then warm-up rounds (BENCH_WARMUP, default
#    100 events/s for 20 s a round, each round's payments created first, not counted) until the JIT
#    compiler has compiled the hot code (bench/lib.sh warm_until_jit_settles); then for each rate
#    step: the step's payments created through the API, then signed payment_intent.succeeded events
#    at the step's rate for its duration, open loop (WebhookLoad.java); then the processing lag of
#    every event from webhook_events. Once a step does not keep up, the higher steps are not run
#    (BENCH_STOP_AFTER_FAILED=2 runs one more).
#    Why one warm instance: a production instance runs with its hot code compiled, which takes a
#    fresh JVM minutes of load on 2 cores (this benchmark used to start a fresh JVM per step, with
#    5 s of warm-up: it measured the JIT compiler as much as payroute).
#    The stand-in is a process of its own (java -jar target/payroute-standin.jar, reached through
#    STRIPE_API_BASE with a test key), so payroute's CPU figures are payroute's alone.
# 5. writes bench/webhooks/results.json, results.md and the table in README.md.
#
# Only 127.0.0.1 is used. The databases payroute_bench and payroute_bench_ceiling on the shared
# PostgreSQL (127.0.0.1:5432) are dropped and recreated; no other database is touched. The outbox
# is relayed to Kafka and to RabbitMQ (exchange payment.events.bench-webhooks, deleted at the end).
#
# Knobs (environment): BENCH_STEPS (name:rate:seconds,...), BENCH_WARMUP (rate:seconds of one warm-up
# round), BENCH_JIT_SETTLED_PCT, BENCH_WARMUP_MAX_ROUNDS, BENCH_PORT, BENCH_PG_CLIENTS,
# BENCH_PG_SECONDS, BENCH_WORKERS, BENCH_DRAIN_TIMEOUT, BENCH_STOP_AFTER_FAILED, BENCH_KEEP_DB=1,
# BENCH_UPDATE_README=0, BENCH_QUIET_WAIT (seconds to wait for an idle machine first).
set -euo pipefail
cd "$(dirname "$0")/../.."
# log, cpu_ticks, pg_ticks, busy_percent, wait_for_idle (and PSQL, set again below as it is).
source bench/lib.sh
ROOT=$PWD
BENCH=$ROOT/bench/webhooks
WORK=$ROOT/target/bench-webhooks
rm -rf "$WORK"
mkdir -p "$WORK"

STEPS=${BENCH_STEPS:-s100:100:20,s250:250:20,s500:500:20,s750:750:20,s1000:1000:20}
WARMUP=${BENCH_WARMUP:-100:20}
PORT=${BENCH_PORT:-18480}
STANDIN_PORT=$((PORT + 1))
PG_CLIENTS=${BENCH_PG_CLIENTS:-4 10 20}
PG_SECONDS=${BENCH_PG_SECONDS:-8}
WORKERS=${BENCH_WORKERS:-64}
DRAIN_TIMEOUT=${BENCH_DRAIN_TIMEOUT:-30}
STOP_AFTER_FAILED=${BENCH_STOP_AFTER_FAILED:-1}
QUIET_WAIT=${BENCH_QUIET_WAIT:-60}
DB=payroute_bench
CEILING_DB=payroute_bench_ceiling
PSQL=(psql -h 127.0.0.1 -p 5432 -U postgres -v ON_ERROR_STOP=1 -q -X)
BASE=http://127.0.0.1:$PORT
RUN_ID=r$(date +%s | tail -c 7)
T_START=$(date +%s)
JAVA_OPTS=${PAYROUTE_JAVA_OPTS:--Xms64m -Xmx512m -XX:+UseSerialGC}   # bin/run's default
RABBIT_EXCHANGE=payment.events.bench-webhooks


check_machine java javac mvn psql pg_dump pgbench curl jq
new_secrets

cleanup() {
  local rc=$?
  set +e
  stop_all
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- 1. build
build_if_stale
mkdir -p "$WORK/classes"
javac -d "$WORK/classes" "$BENCH/WebhookLoad.java"
LOAD=(java -Xms64m -Xmx256m -XX:+UseSerialGC -cp "$WORK/classes" WebhookLoad)

wait_for_idle
start_kafka

# ---------------------------------------------------------------- 2. real row contents for pgbench
log "probe: payroute on a fresh $DB, 10 events"
start_service probe
"${LOAD[@]}" run --url "$BASE" --secret "$SECRET" --api-key "$PAY_KEY" --admin-key "$ADMIN_KEY" \
  --steps "probe:10:1" --workers 4 --drain-timeout 10 --run-id "${RUN_ID}p" --out "$WORK/probe.json" >/dev/null
SEALED=$("${PSQL[@]}" -d "$DB" -At -c "SELECT payload_sealed FROM webhook_events WHERE event_type = 'payment_intent.succeeded' ORDER BY id DESC LIMIT 1")
OUTBOX=$("${PSQL[@]}" -d "$DB" -At -c "SELECT payload::text FROM outbox WHERE event_type = 'payment.completed' ORDER BY id DESC LIMIT 1")
[ -n "$SEALED" ] && [ -n "$OUTBOX" ] || { echo "the probe events were not applied" >&2; exit 1; }
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $CEILING_DB WITH (FORCE)" -c "CREATE DATABASE $CEILING_DB" 2>/dev/null
pg_dump -h 127.0.0.1 -U postgres -s "$DB" | "${PSQL[@]}" -d "$CEILING_DB" >/dev/null
stop_service

# ---------------------------------------------------------------- 3. PostgreSQL ceiling (pgbench)
SEED=$(( 2000 * PG_SECONDS * $(wc -w <<<"$PG_CLIENTS") + 20000 ))
log "ceiling: seeding $SEED PENDING payments in $CEILING_DB"
"${PSQL[@]}" -d "$CEILING_DB" -c "CREATE SEQUENCE bench_event_seq" \
  -c "INSERT INTO payments (id, reference, status, amount, currency, capture_method, payment_intent_id, metadata)
      SELECT gen_random_uuid(), 'PAY-BENCH' || n, 'PENDING', 1000, 'usd', 'automatic', 'pi_bench_' || n, '{}'
      FROM generate_series(1, $SEED) n" -c "VACUUM ANALYZE payments"
PG_JSON="[]"
TIMEFORMAT='%U %S'
for c in $PG_CLIENTS; do
  s0=$(cpu_ticks); p0=$(pg_ticks); t0=$(date +%s%N)
  b0=$(( $(proc_ticks "$KAFKA_BROKER_PID") + $(proc_ticks "$(rabbitmq_pid)") ))
  { time pgbench -h 127.0.0.1 -U postgres -n -M prepared -j 2 -c "$c" -T "$PG_SECONDS" \
    -f "$BENCH/webhook_event.pgbench.sql" -D sealed="$SEALED" -D outbox="$OUTBOX" \
    -D source=webhook:payment_intent.succeeded "$CEILING_DB" >"$WORK/pgbench-c$c.txt" 2>&1 || true; } 2>"$WORK/pgbench-c$c.time"
  s1=$(cpu_ticks); p1=$(pg_ticks); t1=$(date +%s%N)
  b1=$(( $(proc_ticks "$KAFKA_BROKER_PID") + $(proc_ticks "$(rabbitmq_pid)") ))
  tps=$(awk -F'= ' '/^tps/{split($2,a," "); print a[1]}' "$WORK/pgbench-c$c.txt")
  lat=$(awk -F'= ' '/^latency average/{split($2,a," "); print a[1]}' "$WORK/pgbench-c$c.txt")
  failed=$(grep -ci 'aborted\|error' "$WORK/pgbench-c$c.txt" || true)
  busy=$(busy_percent "$s0" "$s1")
  secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
  pgcpu=$(awk -v t=$((p1 - p0)) -v s="$secs" 'BEGIN { printf "%.0f", t / s }')        # ticks are 1/100 s
  benchcpu=$(awk -v s="$secs" '{ printf "%.0f", 100 * ($1 + $2) / s }' "$WORK/pgbench-c$c.time")
  brokercpu=$(awk -v t=$((b1 - b0)) -v s="$secs" 'BEGIN { printf "%.0f", t / s }')   # the idle Kafka broker and RabbitMQ
  log "  pgbench $c clients: ${tps:-?} events/s, latency avg ${lat:-?} ms; CPU % postgres $pgcpu, pgbench $benchcpu, machine $busy"
  PG_JSON=$(jq -c --argjson c "$c" --arg tps "${tps:-0}" --arg lat "${lat:-0}" --argjson busy "$busy" --argjson err "$failed" \
    --argjson pg "$pgcpu" --argjson pb "$benchcpu" --argjson br "$brokercpu" \
    '. + [{clients: $c, events_per_s: ($tps|tonumber), latency_avg_ms: ($lat|tonumber), errors: $err,
           cpu_percent: {machine_busy: $busy, postgres_all: $pg, pgbench: $pb, brokers: $br,
                         other: ([0, $busy - $pg - $pb - $br] | max)}}]' <<<"$PG_JSON")
done
unset TIMEFORMAT
APPLIED_CEILING=$("${PSQL[@]}" -d "$CEILING_DB" -At -c "SELECT count(*) FILTER (WHERE outcome = 'APPLIED') || ' of ' || count(*) FROM webhook_events")
[ "${BENCH_KEEP_DB:-0}" = 1 ] || "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $CEILING_DB WITH (FORCE)"

# ---------------------------------------------------------------- 4. the rate steps
LAG_SQL="
  SELECT coalesce(json_agg(s), '[]') FROM (
    SELECT split_part(stripe_event_id, '_', 3) AS name,
           count(*) AS stored,
           count(*) FILTER (WHERE status = 'PROCESSED' AND outcome = 'APPLIED') AS applied,
           count(*) FILTER (WHERE status = 'RECEIVED') AS still_received,
           count(*) FILTER (WHERE status <> 'RECEIVED' AND (status <> 'PROCESSED' OR outcome <> 'APPLIED')) AS other_outcome,
           round((count(*) FILTER (WHERE outcome = 'APPLIED') /
                  nullif(extract(epoch FROM max(processed_at) - min(received_at)), 0))::numeric, 1) AS applied_per_s,
           round(extract(epoch FROM max(processed_at) - min(received_at))::numeric, 2) AS window_s,
           round((1000 * percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM processed_at - received_at)))::numeric, 1) AS lag_p50_ms,
           round((1000 * percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM processed_at - received_at)))::numeric, 1) AS lag_p95_ms,
           round((1000 * percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM processed_at - received_at)))::numeric, 1) AS lag_p99_ms,
           round((1000 * extract(epoch FROM max(processed_at - received_at)))::numeric, 1) AS lag_max_ms
    FROM webhook_events
    WHERE stripe_event_id LIKE 'evt\_${RUN_ID}\_%'
    GROUP BY 1) s"
gc_json() { # pauses in a -Xlog:gc file: count, total and longest (ms), full collections
  awk '/Pause/ { n++; if (/Pause Full/) f++; ms = $NF; sub(/ms$/, "", ms); t += ms; if (ms > m) m = ms }
       END { printf "{\"pauses\": %d, \"full\": %d, \"total_ms\": %.1f, \"max_ms\": %.1f}", n, f, t, m }' "$1"
}
echo "[]" >"$WORK/steps.json"
failed_in_a_row=0
NOT_RUN="[]"
log "fresh $DB, starting the stand-in and payroute for all the steps"
start_service steps
warm_round() { # n: one round of BENCH_WARMUP (its payments created first)
  "${LOAD[@]}" run --url "$BASE" --secret "$SECRET" --api-key "$PAY_KEY" --admin-key "$ADMIN_KEY" \
    --steps "warm$1:$WARMUP" --workers "$WORKERS" --drain-timeout "$DRAIN_TIMEOUT" --stop-after-failed 99 \
    --service-pid "$SVC_PID" --run-id "${RUN_ID}w" --out "$WORK/load-warmup-$1.json" >"$WORK/load-warmup-$1.log" 2>&1 \
    || { tail -20 "$WORK/load-warmup-$1.log" >&2; exit 1; }
}
log "warm-up: rounds of $WARMUP (events/s:seconds, not counted) until the JIT has settled"
warm_until_jit_settles "$SVC_PID" warm_round
for spec in ${STEPS//,/ }; do
  IFS=: read -r name rate secs <<<"$spec"
  if [ "$failed_in_a_row" -ge "$STOP_AFTER_FAILED" ]; then
    log "step $name: not run ($failed_in_a_row steps in a row did not keep up)"
    NOT_RUN=$(jq -c --arg n "$name" --argjson r "$rate" '. + [{name: $n, offered_rate: $r}]' <<<"$NOT_RUN")
    continue
  fi
  log "step $name"
  errors_before=$(grep -c ' ERROR ' "$WORK/service-steps.log" || true)
  queue_full_before=$(grep -c 'IllegalStateException: Queue full' "$WORK/service-steps.log" || true)
  gc_before=$(gc_json "$WORK/gc-steps.log")
  "${LOAD[@]}" run --url "$BASE" --secret "$SECRET" --api-key "$PAY_KEY" --admin-key "$ADMIN_KEY" \
    --steps "$name:$rate:$secs" --workers "$WORKERS" --drain-timeout "$DRAIN_TIMEOUT" \
    --stop-after-failed 99 --service-pid "$SVC_PID" --db-name "$DB" \
    --pids "standin=$STANDIN_PID,kafka=$KAFKA_BROKER_PID,rabbitmq=$(rabbitmq_pid)" --run-id "$RUN_ID" --out "$WORK/load-$name.json" >&2 || {
    grep -h 'shutdown hook triggered' "$WORK/service-steps.log" >&2 || true
    echo "step $name failed (payroute alive: $(kill -0 "$SVC_PID" 2>/dev/null && echo yes || echo no)); no results written" >&2
    exit 1
  }
  kill -0 "$SVC_PID" 2>/dev/null || { echo "payroute died during step $name (see $WORK/service-steps.log)" >&2; SVC_PID=; exit 1; }
  "${PSQL[@]}" -d "$DB" -At -c "$LAG_SQL" >"$WORK/lag-$name.json"
  errors_logged=$(( $(grep -c ' ERROR ' "$WORK/service-steps.log" || true) - errors_before ))
  queue_full=$(( $(grep -c 'IllegalStateException: Queue full' "$WORK/service-steps.log" || true) - queue_full_before ))
  jq -c --slurpfile load "$WORK/load-$name.json" --slurpfile lag "$WORK/lag-$name.json" \
    --argjson gcBefore "$gc_before" --argjson gcAfter "$(gc_json "$WORK/gc-steps.log")" \
    --argjson errs "$errors_logged" --argjson qf "$queue_full" --arg name "$name" '
    ($lag[0] | map({key: .name, value: .}) | from_entries) as $db
    | . + [$load[0].steps[] | select(.name == $name) | . + {db: $db[$name],
        service_log: {error_lines: $errs, queue_full: $qf},
        service_gc_during_step: {pauses: ($gcAfter.pauses - $gcBefore.pauses), full: ($gcAfter.full - $gcBefore.full),
                                 total_ms: (($gcAfter.total_ms - $gcBefore.total_ms) * 10 | round / 10), max_ms_whole_life: $gcAfter.max_ms}}]' \
    "$WORK/steps.json" >"$WORK/steps.tmp" && mv "$WORK/steps.tmp" "$WORK/steps.json"
  kept=$(jq -r --arg n "$name" '.[] | select(.name == $n) | (.achieved_rate >= 0.95 * .offered_rate and .errors == 0
          and (.db.applied // 0) == .sent and (.db.applied_per_s // 0) >= 0.95 * .offered_rate)' "$WORK/steps.json")
  if [ "$kept" = true ]; then failed_in_a_row=0; else failed_in_a_row=$((failed_in_a_row + 1)); fi
  log "step $name: sustained=$kept"
done
stop_service
[ "${BENCH_KEEP_DB:-0}" = 1 ] || "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"

# ---------------------------------------------------------------- 5. results
PG_SETTINGS=$("${PSQL[@]}" -d postgres -At -c "SELECT json_object_agg(name, setting || coalesce(unit, '')) FROM pg_settings
  WHERE name IN ('fsync', 'synchronous_commit', 'wal_sync_method', 'shared_buffers', 'max_connections', 'commit_delay', 'full_page_writes', 'checkpoint_timeout', 'max_wal_size')")
jq -n \
  --slurpfile steps "$WORK/steps.json" --argjson notRun "$NOT_RUN" --argjson pg "$PG_JSON" \
  --argjson pgsettings "$PG_SETTINGS" \
  --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
  --arg commit "$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src routes application.properties pom.xml || echo '+dirty')" \
  --arg branch "$(git rev-parse --abbrev-ref HEAD)" --argjson nproc "$(nproc)" \
  --arg mem "$(awk '/MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo)" \
  --arg cpu "$(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)" \
  --arg pgversion "$("${PSQL[@]}" -d postgres -At -c 'SHOW server_version')" \
  --arg java "$(java -version 2>&1 | head -1)" --arg jvm "$JAVA_OPTS" --argjson idle "$IDLE_BUSY" \
  --arg stripe "$STRIPE_MODE" --arg stepsSpec "$STEPS" --argjson workers "$WORKERS" --arg warmup "$WARMUP" \
  --argjson warmupRounds "$WARMUP_ROUNDS" --argjson warmupSeconds "$WARMUP_SECONDS" --argjson warmupJit "$WARMUP_JIT_PCT" \
  --argjson warmupSettled "$WARMUP_SETTLED" --argjson jitSettledPct "$JIT_SETTLED_PCT" \
  --arg ceilingApplied "$APPLIED_CEILING" --argjson duration "$(( $(date +%s) - T_START ))" '
  ($pg | max_by(.events_per_s)) as $ceiling
  | ($steps[0] | map(
      . + {applied_rate: (.db.applied_per_s // 0)}
      # The other processes of the benchmark (stand-in, Kafka broker, RabbitMQ) by name; "other" is what is left of the
      # busy time of the machine: work that is not part of the benchmark.
      | . + {cpu_percent_during_step: (.cpu_percent_during_step + .cpu_percent_of_others_during_step
              | . + {other: ([0, .machine_busy - .service_jvm - .postgres_all - .load_generator
                              - (.standin // 0) - (.kafka // 0) - (.rabbitmq // 0)] | max)})}
      | . + {checks: {
          http_kept_up: (.achieved_rate >= 0.95 * .offered_rate),
          no_errors: (.errors == 0),
          all_applied: ((.db.applied // 0) == .sent),
          processing_kept_up: (.applied_rate >= 0.95 * .offered_rate),
          p99_le_25ms: (.latency_ms.p99 != null and .latency_ms.p99 <= 25)}}
      | . + {sustained: (.checks.http_kept_up and .checks.no_errors and .checks.all_applied and .checks.processing_kept_up)}
      | . + {sustained_within_latency: (.sustained and .checks.p99_le_25ms)})) as $measured
  | ($measured | map(select(.sustained)) | max_by(.offered_rate)) as $best
  | ($measured | map(select(.sustained_within_latency)) | max_by(.offered_rate)) as $bestLat
  | ($measured | map(select(.offered_rate == 500)) | first) as $at500
  | {
      benchmark: "bench/webhooks", date: $date, git_commit: $commit, branch: $branch, duration_s: $duration,
      machine: {nproc: $nproc, memory: $mem, cpu: $cpu, postgresql: $pgversion, postgresql_settings: $pgsettings,
                java: $java, busy_percent_before_run: $idle},
      settings: {environment: "production (ENVIRONMENT=production, test key)",
                 stripe: ($stripe + ": the offline stand-in as its own process, through STRIPE_API_BASE"), jvm: $jvm, database_pool_size: 10, webhook_process_consumers: 4,
                 seda_queue_size: 1000, signature_verification: "on (unsigned bypass off)", log: "console, INFO",
                 steps: $stepsSpec,
                 warm_up: ("\($warmupRounds) rounds of \($warmup | split(":") | "\(.[0]) events/s for \(.[1]) s") (\($warmupSeconds) s in all with their payments'"'"' creation, not counted)"
                           + (if $warmupSettled then ", until the JIT compiler'"'"'s threads used under \($jitSettledPct) % of one core in a round (\($warmupJit) % in the last)"
                              else "; the JIT compiler'"'"'s threads still used \($warmupJit) % of one core in the last round (not settled)" end)),
                 warm_up_jit_settled: $warmupSettled,
                 load_workers: $workers, instance_per_step: false},
      ceiling: {runs: $pg, best: $ceiling, pgbench_events_applied: $ceilingApplied},
      steps: $measured,
      steps_not_run: $notRun,
      summary: {
        ceiling_events_per_s: $ceiling.events_per_s,
        max_sustained_offered_rate: ($best.offered_rate // 0),
        sustained_applied_events_per_s: ($best.applied_rate // 0),
        max_rate_sustained_with_p99_le_25ms: ($bestLat.offered_rate // 0),
        target_ceiling_share: {share: 0.75, target_events_per_s: ($ceiling.events_per_s * 0.75),
                              measured_events_per_s: ($best.applied_rate // 0),
                              met: (($best.applied_rate // 0) >= $ceiling.events_per_s * 0.75)},
        db_commits_per_event: {target_round_trips: 5, highest_sustained_step: ($best.db_commits_per_event // null)},
        target_p99_at_500: {target_ms: 25, measured_ms: ($at500.latency_ms.p99 // null),
                            met: ($at500 != null and $at500.sustained and $at500.latency_ms.p99 <= 25)}
      },
      # CPU used by processes that are not part of the benchmark (other sessions on a shared
      # machine): above 20% of one core the numbers are not comparable with a quiet run.
      background: ({
        max_other_cpu_during_steps: ($measured | map(.cpu_percent_during_step.other) | max | round),
        max_other_cpu_during_ceiling: ($pg | map(.cpu_percent.other) | max),
        disturbed_steps: ($measured | map(select(.cpu_percent_during_step.other > 20) | .name))
      } | . + {disturbed: (.max_other_cpu_during_steps > 20 or .max_other_cpu_during_ceiling > 20)})
    }' >"$BENCH/results.json"

jq -r '
  def f(x): if x == null then "–" else (x | tostring) end;
  def yes(b): if b then "MET" else "MISSED" end;
  def cpu(c): "\(c.service_jvm|round) / \(c.postgres_all|round) / \(c.load_generator|round) / \(c.standin // 0 | round) / \(c.kafka // 0 | round) / \(c.rabbitmq // 0 | round) / \(c.other | round)";
  "| step | offered ev/s | HTTP 200/s | applied ev/s | p50 ms | p95 ms | p99 ms | max ms | errors | lag p50 / p99 / max ms | CPU % payroute / pg / gen / stand-in / Kafka / RabbitMQ / other (of \(.machine.nproc * 100)) | payroute CPU ms / event (of it JIT compiler) | DB commits / event | sustained |",
  "|---|---:|---:|---:|---:|---:|---:|---:|---|---|---|---:|---:|---|",
  (.steps[] | "| \(.name) | \(.offered_rate) | \(.achieved_rate) | \(.applied_rate) | \(f(.latency_ms.p50)) | \(f(.latency_ms.p95)) | \(f(.latency_ms.p99)) | \(f(.latency_ms.max)) | \(.errors)\(if .errors > 0 then " (" + (.error_kinds | to_entries | map("\(.key): \(.value)") | join(", ")) + ")" else "" end) | \(f(.db.lag_p50_ms)) / \(f(.db.lag_p99_ms)) / \(f(.db.lag_max_ms)) | \(cpu(.cpu_percent_during_step)) | \(.cpu_percent_during_step.service_jvm * 10 / .offered_rate | . * 100 | round / 100) (\(.cpu_percent_during_step.service_jit_compiler * 10 / .offered_rate | . * 100 | round / 100)) | \(f(.db_commits_per_event)) | \(if .sustained then "yes" else "no" end) |"),
  (.steps_not_run[] | "| \(.name) | \(.offered_rate) | not run: a lower step already did not keep up | | | | | | | | | | | no |"),
  "",
  "PostgreSQL ceiling (pgbench, the same per-event writes; \(.ceiling.runs | map("\(.clients) clients: \(.events_per_s | round) ev/s (CPU % pg / pgbench / other: \(.cpu_percent.postgres_all) / \(.cpu_percent.pgbench) / \(.cpu_percent.other))") | join("; "))): **\(.summary.ceiling_events_per_s | round) events/s**.",
  "",
  "| target | measured | result |",
  "|---|---|---|",
  "| sustained applied events/s ≥ 75% of the PostgreSQL ceiling (≥ \(.summary.target_ceiling_share.target_events_per_s | round) ev/s) | \(.summary.sustained_applied_events_per_s) ev/s (highest sustained step: \(.summary.max_sustained_offered_rate) ev/s) = \(if .summary.ceiling_events_per_s > 0 then (100 * .summary.sustained_applied_events_per_s / .summary.ceiling_events_per_s | round) else 0 end)% of the ceiling | **\(yes(.summary.target_ceiling_share.met))** |",
  "| ≤ 5 database round trips per applied event | 5 round trips and 2 commits per event, counted at the JDBC driver by `DatabaseCostTest` (which fails above 5); this run: \(f(.summary.db_commits_per_event.highest_sustained_step)) commits per event at its highest sustained step (PostgreSQL\u0027s count for the database, relay and timers included) | \(if .summary.db_commits_per_event.highest_sustained_step == null then "not measured" else "see the test" end) |",
  "| p99 ≤ 25 ms at 500 events/s (step sustained) | \(if .summary.target_p99_at_500.measured_ms == null then "no 500 ev/s step was measured" else "p99 \(.summary.target_p99_at_500.measured_ms) ms" end) | **\(yes(.summary.target_p99_at_500.met))** |",
  "",
  (if .background.disturbed then "**Disturbed run**: processes outside the benchmark used more than 20% of a core during \((.background.disturbed_steps + (if .background.max_other_cpu_during_ceiling > 20 then ["pgbench"] else [] end)) | join(", ")) (at most \(.background.max_other_cpu_during_steps)% during the steps, \(.background.max_other_cpu_during_ceiling)% during pgbench, of \(.machine.nproc * 100)%); those numbers are not comparable with a quiet run.\n" else "Background load: at most \(.background.max_other_cpu_during_steps)% CPU (steps) and \(.background.max_other_cpu_during_ceiling)% (pgbench) used by other processes.\n" end) +
  "Highest step sustained with p99 ≤ 25 ms: \(if .summary.max_rate_sustained_with_p99_le_25ms > 0 then "\(.summary.max_rate_sustained_with_p99_le_25ms) ev/s" else "none" end). Run \(.date), commit \(.git_commit), \(.machine.nproc) cores, \(.machine.memory), PostgreSQL \(.machine.postgresql); machine busy \(.machine.busy_percent_before_run)% just before the run."
' "$BENCH/results.json" >"$WORK/table.md"

{
  echo "# bench/webhooks results"
  echo
  echo "Generated by \`bench/webhooks/run.sh\` on $(jq -r .date "$BENCH/results.json") (the run took $(jq -r .duration_s "$BENCH/results.json") s). Raw numbers: \`results.json\`."
  echo
  cat "$WORK/table.md"
  echo
  echo "## Per step: service log and GC"
  echo
  echo "| step | ERROR lines in the service log | of which \`Queue full\` | GC pauses in the step | longest pause of the instance, ms | full GCs in the step |"
  echo "|---|---:|---:|---:|---:|---:|"
  jq -r '.steps[] | "| \(.name) | \(.service_log.error_lines) | \(.service_log.queue_full) | \(.service_gc_during_step.pauses) (\(.service_gc_during_step.total_ms) ms) | \(.service_gc_during_step.max_ms_whole_life) | \(.service_gc_during_step.full) |"' "$BENCH/results.json"
  echo
  echo "## What was measured"
  echo
  echo "- Events: signed \`payment_intent.succeeded\` (status succeeded, 1000 usd, metadata {}), each for its own payment created"
  echo "  beforehand through \`POST /api/v1/payments\`, unique \`evt_\` ids: every event applies a PENDING → SUCCEEDED change."
  echo "- One payroute and one stand-in, on a fresh database, serve all the steps, after a warm-up of $(jq -r .settings.warm_up "$BENCH/results.json")."
  echo "  Each step's payments are created through the API just before its events are sent."
  echo "- Open loop: event i of a step is due at start + i/rate; its latency runs from that due time to the end of its HTTP 200"
  echo "  (no coordinated omission); $(jq -r .settings.load_workers "$BENCH/results.json") keep-alive connections."
  echo "- HTTP 200/s: 200s ÷ (first due time → last answer). Applied ev/s: the step's events APPLIED ÷ (first received_at →"
  echo "  last processed_at) in webhook_events. Lag: processed_at − received_at (storage to applied)."
  echo "- Sustained: HTTP 200/s ≥ 95% of offered, no errors, every event applied, applied ev/s ≥ 95% of offered."
  echo "- CPU: % of one core during the step, from /proc: payroute JVM / all postgres processes (any database) / load generator /"
  echo "  everything else on the machine."
  echo "- Ceiling: pgbench -M prepared running \`webhook_event.pgbench.sql\` — the statements and the 2 commits payroute makes per"
  echo "  applied event (5 round trips; the statements the service sends in one round trip are one statement there) — against a"
  echo "  copy of the schema seeded with PENDING payments, nothing else of ours running; best client count."
  echo "- DB commits / event: PostgreSQL's own count of commits in the step's database (pg_stat_database), from just before the"
  echo "  step to the end of its drain, ÷ the step's events: the events' own 2, the outbox relay's and the service's timers'."
  echo
  echo "## Machine and settings"
  echo
  jq -r '"- \(.machine.nproc) cores (\(.machine.cpu)), \(.machine.memory); PostgreSQL \(.machine.postgresql) (\(.machine.postgresql_settings | to_entries | map("\(.key)=\(.value)") | join(", "))); \(.machine.java)",
         "- git \(.branch) @ \(.git_commit)",
         "- payroute: \(.settings.environment); Stripe \(.settings.stripe) (built-in stand-in); JVM \(.settings.jvm); pool \(.settings.database_pool_size), webhook consumers \(.settings.webhook_process_consumers), seda queue \(.settings.seda_queue_size) (defaults); signature verification \(.settings.signature_verification); log \(.settings.log)"' "$BENCH/results.json"
} >"$BENCH/results.md"

if [ "${BENCH_UPDATE_README:-1}" = 1 ] && grep -q '<!-- bench-webhooks:begin -->' README.md; then
  awk -v table="$WORK/table.md" '
    /<!-- bench-webhooks:begin -->/ { print; while ((getline line < table) > 0) print line; skip = 1; next }
    /<!-- bench-webhooks:end -->/ { skip = 0 }
    !skip { print }' README.md >"$WORK/README.md" && cat "$WORK/README.md" >README.md
fi
cat "$WORK/table.md"
log "done in $(( $(date +%s) - T_START )) s: bench/webhooks/results.md, bench/webhooks/results.json"
