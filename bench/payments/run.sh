#!/usr/bin/env bash
# bench/payments: payments over HTTP — POST /api/v1/payments with an Idempotency-Key, then
# POST /api/v1/payments/{id}/confirm with pm_card_visa — open loop at rising rates with 64
# keep-alive connections, beside the same run's PostgreSQL ceiling (pgbench) for the create's
# own database work. Re-runnable; about 10 minutes on an idle 2-core machine.
#
#   bench/payments/run.sh
#   BENCH_STEPS=s10:10:5,s20:20:5 BENCH_PG_CLIENTS=2 BENCH_PG_SECONDS=3 BENCH_LABEL=smoke bench/payments/run.sh
#
# 1. builds target/payroute.jar, payroute-standin.jar and the Kafka broker's classpath if missing
#    or older than the sources (as bin/run does);
# 2. waits for an idle machine (and says how busy it was), then starts a real Kafka broker of its
#    own (bench/commands/BenchKafka.java: the project's KafkaBroker launcher, fresh data directory);
# 3. probe: the Stripe stand-in and payroute on a fresh database, 10 payments, to read real row
#    contents (the sealed 201 reply kept for the Idempotency-Key, the payment.initiated payload);
#    the schema is copied to a ceiling database and both are stopped;
# 4. PostgreSQL ceiling: pgbench -M prepared runs create.pgbench.sql (the create's three commits,
#    traced with log_statement=all) against that copy at each client count, nothing of ours running;
# 5. a fresh database, the stand-in and payroute started once for all the steps, then warm-up rounds
#    (BENCH_WARMUP, default 40 payments/s for 30 s a round, not counted) until the JIT compiler has
#    compiled the hot code (bench/lib.sh warm_until_jit_settles: its threads under 10 % of one core in a
#    round, at most 10 rounds), then
#    each rate step (PaymentLoad.java), each followed by what the database says about the step's
#    payments, webhooks and outbox rows. Once a step is not sustained the higher steps are not run
#    (BENCH_STOP_AFTER_FAILED=2 runs one more). The stand-in's memory is bounded (finished objects go
#    to its disk store), so one stand-in serves every step.
# 6. writes bench/payments/results.json, results.md and the table in README.md (between
#    <!-- bench-payments:begin --> and <!-- bench-payments:end -->).
#
# payroute runs as in production: ENVIRONMENT=production, the service's jar and libraries only
# (bin/service's classpath, no development jar), bin/run's JVM options, application.properties as
# shipped (pool 10, webhook consumers 4, console logs at INFO), signature checks on, the outbox
# relayed to Kafka and to RabbitMQ. Its Stripe is the offline stand-in as a process of its own
# (java -jar target/payroute-standin.jar), reached through STRIPE_API_BASE with a test key
# (sk_test_...: the stand-in accepts any), and sending its signed webhooks to payroute — so the
# CPU figures for payroute are payroute's alone. Everything else comes from `env -i`: nothing of
# the caller's environment reaches the service.
#
# Only 127.0.0.1 is used. The databases payroute_bench_payments and payroute_bench_payments_ceiling
# are dropped and recreated; the RabbitMQ exchange payment.events.bench-payments (the relay's, so no
# queue bound to the shared payment.events gets the benchmark's events) is deleted at the end. No
# other database or exchange is touched; PostgreSQL and RabbitMQ are never stopped. Every process
# the script starts is stopped by its pid (SIGTERM), also on Ctrl-C.
#
# Knobs (environment): BENCH_STEPS (name:rate:seconds,...), BENCH_WARMUP (rate:seconds of one warm-up round),
# BENCH_JIT_SETTLED_PCT, BENCH_WARMUP_MAX_ROUNDS, BENCH_PORT (the stand-in takes the next
# port), BENCH_WORKERS, BENCH_PG_CLIENTS, BENCH_PG_SECONDS, BENCH_DRAIN_TIMEOUT,
# BENCH_STOP_AFTER_FAILED, BENCH_QUIET_WAIT (seconds to wait for an idle machine), BENCH_KEEP_DB=1,
# BENCH_UPDATE_README=0, BENCH_LABEL=x (a diagnostic run: results-x.json/.md, marked as such, README
# untouched), PAYROUTE_JAVA_OPTS (payroute's JVM options; default bin/run's).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
BENCH=$ROOT/bench/payments
WORK=$ROOT/target/bench-payments
DEFAULT_STEPS=s25:25:20,s50:50:20,s100:100:20,s200:200:20,s300:300:20,s500:500:20
STEPS=${BENCH_STEPS:-$DEFAULT_STEPS}
WARMUP=${BENCH_WARMUP:-40:30}
PORT=${BENCH_PORT:-18490}
STANDIN_PORT=$((PORT + 1))
WORKERS=${BENCH_WORKERS:-64}
PG_CLIENTS=${BENCH_PG_CLIENTS:-4 10 20}
PG_SECONDS=${BENCH_PG_SECONDS:-8}
DRAIN_TIMEOUT=${BENCH_DRAIN_TIMEOUT:-30}
STOP_AFTER_FAILED=${BENCH_STOP_AFTER_FAILED:-1}
QUIET_WAIT=${BENCH_QUIET_WAIT:-60}
LABEL=${BENCH_LABEL:-}
DB=payroute_bench_payments
CEILING_DB=payroute_bench_payments_ceiling
RABBIT_EXCHANGE=payment.events.bench-payments
BASE=http://127.0.0.1:$PORT
RUN_ID=r$(date +%s | tail -c 7)
T_START=$(date +%s)
JAVA_OPTS=${PAYROUTE_JAVA_OPTS:--Xms64m -Xmx512m -XX:+UseSerialGC}   # bin/run's default
RESULTS_JSON=$BENCH/results${LABEL:+-$LABEL}.json
RESULTS_MD=$BENCH/results${LABEL:+-$LABEL}.md
# shellcheck source=bench/lib.sh
. bench/lib.sh

check_machine java javac mvn psql pg_dump pgbench curl jq
rm -rf "$WORK"
mkdir -p "$WORK"
new_secrets

cleanup() {
  local rc=$?
  set +e
  stop_all
  if [ "${BENCH_KEEP_DB:-0}" != 1 ]; then
    "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "DROP DATABASE IF EXISTS $CEILING_DB WITH (FORCE)" 2>/dev/null
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- 1. build
build_if_stale
mkdir -p "$WORK/classes"
javac -d "$WORK/classes" bench/webhooks/WebhookLoad.java "$BENCH/PaymentLoad.java"
LOAD=(java -Xms64m -Xmx256m -XX:+UseSerialGC -cp "$WORK/classes" PaymentLoad)
wait_for_idle

# ---------------------------------------------------------------- 2. Kafka
start_kafka

# ---------------------------------------------------------------- 3. real row contents for pgbench
log "probe: stand-in and payroute on a fresh $DB, 10 payments"
start_service probe
"${LOAD[@]}" --url "$BASE" --api-key "$PAY_KEY" --admin-key "$ADMIN_KEY" --steps "probe:10:1" --workers 4 \
  --drain-timeout 10 --run-id "${RUN_ID}p" --out "$WORK/probe.json" >/dev/null
SEALED=$("${PSQL[@]}" -d "$DB" -At -c "SELECT response_body FROM idempotency_keys WHERE path = '/api/v1/payments' AND response_status = 201 ORDER BY created_at DESC LIMIT 1")
OUTBOX=$("${PSQL[@]}" -d "$DB" -At -c "SELECT payload::text FROM outbox WHERE event_type = 'payment.initiated' ORDER BY id DESC LIMIT 1")
[ -n "$SEALED" ] && [ -n "$OUTBOX" ] || { echo "the probe payments were not created" >&2; exit 1; }
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $CEILING_DB WITH (FORCE)" -c "CREATE DATABASE $CEILING_DB" 2>/dev/null
pg_dump -h 127.0.0.1 -U postgres -s "$DB" | "${PSQL[@]}" -d "$CEILING_DB" >/dev/null
stop_service

# ---------------------------------------------------------------- 4. PostgreSQL ceiling (pgbench)
PG_JSON="[]"
TIMEFORMAT='%U %S'
for c in $PG_CLIENTS; do
  s0=$(cpu_ticks); p0=$(pg_ticks); t0=$(date +%s%N)
  { time pgbench -h 127.0.0.1 -U postgres -n -M prepared -j "$(( c < 2 ? 1 : 2 ))" -c "$c" -T "$PG_SECONDS" \
    -f "$BENCH/create.pgbench.sql" -D run="c$c" -D i=0 -D sealed="$SEALED" -D outbox="$OUTBOX" \
    "$CEILING_DB" >"$WORK/pgbench-c$c.txt" 2>&1 || true; } 2>"$WORK/pgbench-c$c.time"
  s1=$(cpu_ticks); p1=$(pg_ticks); t1=$(date +%s%N)
  tps=$(awk -F'= ' '/^tps/{split($2,a," "); print a[1]}' "$WORK/pgbench-c$c.txt")
  lat=$(awk -F'= ' '/^latency average/{split($2,a," "); print a[1]}' "$WORK/pgbench-c$c.txt")
  failed=$(grep -ci 'aborted\|error' "$WORK/pgbench-c$c.txt" || true)
  busy=$(busy_percent "$s0" "$s1")
  secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
  pgcpu=$(awk -v t=$((p1 - p0)) -v s="$secs" 'BEGIN { printf "%.0f", t / s }')        # ticks are 1/100 s
  benchcpu=$(awk -v s="$secs" '{ printf "%.0f", 100 * ($1 + $2) / s }' "$WORK/pgbench-c$c.time")
  log "  pgbench $c clients: ${tps:-?} creates/s, latency avg ${lat:-?} ms; CPU % postgres $pgcpu, pgbench $benchcpu, machine $busy"
  PG_JSON=$(jq -c --argjson c "$c" --arg tps "${tps:-0}" --arg lat "${lat:-0}" --argjson busy "$busy" --argjson err "$failed" \
    --argjson pg "$pgcpu" --argjson pb "$benchcpu" \
    '. + [{clients: $c, creates_per_s: ($tps|tonumber), latency_avg_ms: ($lat|tonumber), errors: $err,
           cpu_percent: {machine_busy: $busy, postgres_all: $pg, pgbench: $pb, other: ([0, $busy - $pg - $pb] | max)}}]' <<<"$PG_JSON")
done
unset TIMEFORMAT
CEILING_ROWS=$("${PSQL[@]}" -d "$CEILING_DB" -At -c "SELECT (SELECT count(*) FROM payments) || ' payments, ' || (SELECT count(*) FROM idempotency_keys WHERE state = 'COMPLETED') || ' completed keys, ' || (SELECT count(*) FROM outbox) || ' outbox rows'")
[ "${BENCH_KEEP_DB:-0}" = 1 ] || "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $CEILING_DB WITH (FORCE)"

# ---------------------------------------------------------------- 5. the rate steps
step_db_sql() { # $1: the step's order id prefix
  cat <<SQL
  WITH p AS (SELECT * FROM payments WHERE order_id LIKE '$1%'),
       -- the step's webhooks: those of its PaymentIntents, and the charge.* events (they name the charge, not
       -- the PaymentIntent) received since its first Idempotency-Key was claimed
       w AS (SELECT * FROM webhook_events
             WHERE object_id IN (SELECT payment_intent_id FROM p)
                OR (object_id LIKE 'ch\_%' AND received_at >= (SELECT min(created_at) FROM idempotency_keys WHERE idem_key LIKE '$1%'))),
       o AS (SELECT o.* FROM outbox o JOIN p ON o.aggregate_id = p.id::text)
  SELECT json_build_object(
    'payments', (SELECT count(*) FROM p),
    'succeeded', (SELECT count(*) FROM p WHERE status = 'SUCCEEDED'),
    'by_status', (SELECT coalesce(json_object_agg(status, n), '{}') FROM (SELECT status, count(*) n FROM p GROUP BY 1) s),
    -- Stripe sends payment_intent.created for every PaymentIntent and payment_intent.succeeded for every one that
    -- succeeds: the payments whose webhook of either kind was not stored and processed by the end of the drain
    'webhooks_missing', (SELECT json_build_object(
        'created', count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM webhook_events x WHERE x.object_id = p.payment_intent_id
                                                       AND x.event_type = 'payment_intent.created' AND x.status <> 'RECEIVED')),
        'succeeded', count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM webhook_events x WHERE x.object_id = p.payment_intent_id
                                                         AND x.event_type = 'payment_intent.succeeded' AND x.status <> 'RECEIVED'))) FROM p),
    'webhooks', (SELECT json_build_object(
        'stored', count(*),
        'by_type_outcome', (SELECT coalesce(json_object_agg(k, n), '{}') FROM (SELECT event_type || ':' || status || ':' || coalesce(outcome, '-') k, count(*) n FROM w GROUP BY 1) s),
        'still_received', count(*) FILTER (WHERE status = 'RECEIVED'),
        'lag_p50_ms', round((1000 * percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM processed_at - received_at)))::numeric, 1),
        'lag_p99_ms', round((1000 * percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM processed_at - received_at)))::numeric, 1),
        'lag_max_ms', round((1000 * extract(epoch FROM max(processed_at - received_at)))::numeric, 1)) FROM w),
    'outbox', (SELECT json_build_object(
        'rows', count(*),
        'kafka_unpublished', count(*) FILTER (WHERE kafka_published_at IS NULL),
        'rabbit_unpublished', count(*) FILTER (WHERE rabbit_published_at IS NULL),
        'kafka_lag_p99_ms', round((1000 * percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM kafka_published_at - created_at)))::numeric, 1),
        'rabbit_lag_p99_ms', round((1000 * percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM rabbit_published_at - created_at)))::numeric, 1)) FROM o))
SQL
}
standin_dropped() { # webhooks the stand-in has not sent because 5,000 deliveries were waiting (since it started);
  # null when its report cannot be read, so that an unknown count is not taken for none
  local n
  n=$(curl -s -m 5 "http://127.0.0.1:$STANDIN_PORT/_standin/storage" | jq -r '.webhooks.not_sent_queue_full' 2>/dev/null)
  if [[ $n =~ ^[0-9]+$ ]]; then echo "$n"; else echo null; fi
}
gc_json() { # pauses in a -Xlog:gc file: count, total and longest (ms), full collections
  awk '/Pause/ { n++; if (/Pause Full/) f++; ms = $NF; sub(/ms$/, "", ms); t += ms; if (ms > m) m = ms }
       END { printf "{\"pauses\": %d, \"full\": %d, \"total_ms\": %.1f, \"max_ms\": %.1f}", n, f, t, m }' "$1"
}
echo "[]" >"$WORK/steps.json"
failed_in_a_row=0
NOT_RUN="[]"
# One stand-in and one payroute for all the steps, warmed up first: a production instance runs with its code
# compiled by the JIT, and a fresh JVM needs minutes of load for that on 2 cores (seen in this benchmark's first
# runs, which started each step on a fresh JVM after 5 s of warm-up: a 50/s step then ran at ~20/s; and after a
# fixed 60 s warm-up the JIT compiler's threads still took most of a core in the first step).
log "fresh $DB, starting the stand-in and payroute for all the steps"
start_service steps
warm_round() { # n: one round of BENCH_WARMUP
  "${LOAD[@]}" --url "$BASE" --api-key "$PAY_KEY" --admin-key "$ADMIN_KEY" \
    --steps "warm$1:$WARMUP" --workers "$WORKERS" --drain-timeout "$DRAIN_TIMEOUT" \
    --service-pid "$SVC_PID" --pids "standin=$STANDIN_PID,kafka=$KAFKA_BROKER_PID,rabbitmq=$(rabbitmq_pid)" \
    --run-id "${RUN_ID}w" --out "$WORK/load-warmup-$1.json" >&2
}
log "warm-up: rounds of $WARMUP (payments/s:seconds, not counted) until the JIT has settled"
warm_until_jit_settles "$SVC_PID" warm_round
for spec in ${STEPS//,/ }; do
  IFS=: read -r name rate secs <<<"$spec"
  if [ "$failed_in_a_row" -ge "$STOP_AFTER_FAILED" ]; then
    log "step $name: not run ($failed_in_a_row steps in a row were not sustained)"
    NOT_RUN=$(jq -c --arg n "$name" --argjson r "$rate" '. + [{name: $n, offered_rate: $r}]' <<<"$NOT_RUN")
    continue
  fi
  errors_before=$(grep -c ' ERROR ' "$WORK/service-steps.log" || true)
  warns_before=$(grep -c ' WARN ' "$WORK/service-steps.log" || true)
  gc_before=$(jq -c . <<<"$(gc_json "$WORK/gc-steps.log")")
  dropped_before=$(standin_dropped)
  "${LOAD[@]}" --url "$BASE" --api-key "$PAY_KEY" --admin-key "$ADMIN_KEY" \
    --steps "$name:$rate:$secs" --workers "$WORKERS" --drain-timeout "$DRAIN_TIMEOUT" \
    --service-pid "$SVC_PID" --pids "standin=$STANDIN_PID,kafka=$KAFKA_BROKER_PID,rabbitmq=$(rabbitmq_pid)" \
    --run-id "$RUN_ID" --out "$WORK/load-$name.json" >&2 || {
    echo "step $name failed (payroute alive: $(kill -0 "$SVC_PID" 2>/dev/null && echo yes || echo no)); no results written" >&2
    exit 1
  }
  kill -0 "$SVC_PID" 2>/dev/null || { echo "payroute died during step $name (see $WORK/service-steps.log)" >&2; SVC_PID=; exit 1; }
  sleep 2   # the relay's last batch
  "${PSQL[@]}" -d "$DB" -At -c "$(step_db_sql "bp-$RUN_ID-$name-")" >"$WORK/db-$name.json"
  dropped_after=$(standin_dropped)
  dropped_in_step=null
  if [ "$dropped_before" != null ] && [ "$dropped_after" != null ]; then dropped_in_step=$((dropped_after - dropped_before)); fi
  errors_logged=$(( $(grep -c ' ERROR ' "$WORK/service-steps.log" || true) - errors_before ))
  warns_logged=$(( $(grep -c ' WARN ' "$WORK/service-steps.log" || true) - warns_before ))
  jq -c --slurpfile load "$WORK/load-$name.json" --slurpfile db "$WORK/db-$name.json" \
    --argjson gcBefore "$gc_before" --argjson gcAfter "$(gc_json "$WORK/gc-steps.log")" \
    --argjson errs "$errors_logged" --argjson warns "$warns_logged" --argjson dropped "$dropped_in_step" --arg name "$name" '
    . + [$load[0].steps[] | select(.name == $name) | . + {db: $db[0],
        service_log: {error_lines: $errs, warn_lines: $warns},
        standin: {webhooks_not_sent_queue_full: $dropped},
        service_gc_during_step: {pauses: ($gcAfter.pauses - $gcBefore.pauses), full: ($gcAfter.full - $gcBefore.full),
                                 total_ms: (($gcAfter.total_ms - $gcBefore.total_ms) * 10 | round / 10), max_ms_whole_life: $gcAfter.max_ms}}]' \
    "$WORK/steps.json" >"$WORK/steps.tmp" && mv "$WORK/steps.tmp" "$WORK/steps.json"
  kept=$(jq -r --arg n "$name" '.[] | select(.name == $n) | (.create.achieved_rate >= 0.95 * .offered_rate
          and .confirm.achieved_rate >= 0.95 * .offered_rate and .errors == 0 and .db.succeeded == .payments
          and .webhooks.kept_up and .db.webhooks_missing.created == 0 and .db.webhooks_missing.succeeded == 0)' "$WORK/steps.json")
  if [ "$kept" = true ]; then failed_in_a_row=0; else failed_in_a_row=$((failed_in_a_row + 1)); fi
  log "step $name: sustained=$kept"
done
stop_service

# ---------------------------------------------------------------- 6. results
PG_SETTINGS=$("${PSQL[@]}" -d postgres -At -c "SELECT json_object_agg(name, setting || coalesce(unit, '')) FROM pg_settings
  WHERE name IN ('fsync', 'synchronous_commit', 'wal_sync_method', 'shared_buffers', 'max_connections', 'commit_delay', 'full_page_writes', 'checkpoint_timeout', 'max_wal_size')")
jq -n \
  --slurpfile steps "$WORK/steps.json" --argjson notRun "$NOT_RUN" --argjson pg "$PG_JSON" \
  --argjson pgsettings "$PG_SETTINGS" --arg runLabel "$LABEL" --argjson facts "$(run_facts)" \
  --arg jvm "$JAVA_OPTS" --arg standinJvm "$STANDIN_JAVA_OPTS" --arg stripe "$STRIPE_MODE" --arg stepsSpec "$STEPS" --arg warmup "$WARMUP" \
  --argjson warmupRounds "$WARMUP_ROUNDS" --argjson warmupSeconds "$WARMUP_SECONDS" --argjson warmupJit "$WARMUP_JIT_PCT" \
  --argjson warmupSettled "$WARMUP_SETTLED" --argjson jitSettledPct "$JIT_SETTLED_PCT" \
  --argjson standardLadder "$([ "$STEPS" = "$DEFAULT_STEPS" ] && echo true || echo false)" --argjson workers "$WORKERS" \
  --arg ceilingRows "$CEILING_ROWS" --argjson duration "$(( $(date +%s) - T_START ))" '
  ($pg | max_by(.creates_per_s)) as $ceiling
  | ($steps[0] | map(
      . + {checks: {
          creates_kept_up: (.create.achieved_rate >= 0.95 * .offered_rate),
          confirms_kept_up: (.confirm.achieved_rate >= 0.95 * .offered_rate),
          no_errors: (.errors == 0),
          all_succeeded: (.db.succeeded == .payments),
          webhooks_kept_up: .webhooks.kept_up,
          webhooks_all_processed: (.db.webhooks_missing.created == 0 and .db.webhooks_missing.succeeded == 0),
          create_p99_le_50ms: (.create.latency_ms.p99 != null and .create.latency_ms.p99 <= 50)}}
      | . + {sustained: (.checks.creates_kept_up and .checks.confirms_kept_up and .checks.no_errors
                         and .checks.all_succeeded and .checks.webhooks_kept_up and .checks.webhooks_all_processed)})) as $measured
  | ($measured | map(select(.sustained)) | max_by(.offered_rate)) as $best
  | ($measured | map(select(.offered_rate == 200)) | first) as $at200
  | ($facts | .machine.postgresql_settings = $pgsettings) as $facts
  | {
      benchmark: "bench/payments", label: (if $runLabel == "" then null else $runLabel end),
      standard_ladder: $standardLadder} + $facts + {
      duration_s: $duration,
      settings: {environment: "production (ENVIRONMENT=production)", stripe: ("\($stripe): the offline stand-in as its own process (java -jar target/payroute-standin.jar, \($standinJvm)) at STRIPE_API_BASE, with a test key; it sends signed webhooks to payroute"),
                 service_classpath: "target/payroute.jar:target/lib/* (bin/service; no development jar)",
                 jvm: $jvm, database_pool_size: 10, webhook_process_consumers: 4,
                 signature_verification: "on (unsigned bypass off)", log: "console, INFO",
                 outbox_relay: "Kafka (own broker, KafkaBroker launcher) and RabbitMQ (exchange payment.events.bench-payments)",
                 steps: $stepsSpec,
                 warm_up: ("\($warmupRounds) rounds of \($warmup | split(":") | "\(.[0]) payments/s for \(.[1]) s") (\($warmupSeconds) s in all, not counted)"
                           + (if $warmupSettled then ", until the JIT compiler'"'"'s threads used under \($jitSettledPct) % of one core in a round (\($warmupJit) % in the last)"
                              else "; the JIT compiler'"'"'s threads still used \($warmupJit) % of one core in the last round (not settled)" end)),
                 warm_up_jit_settled: $warmupSettled,
                 load_workers: $workers, instance_per_step: false,
                 requests: "POST /api/v1/payments (Idempotency-Key, 1000 usd, order_id), then POST /api/v1/payments/{id}/confirm (Idempotency-Key, pm_card_visa)"},
      ceiling: {script: "bench/payments/create.pgbench.sql", runs: $pg, best: $ceiling, rows_written: $ceilingRows},
      steps: $measured,
      steps_not_run: $notRun,
      summary: {
        ceiling_creates_per_s: $ceiling.creates_per_s,
        max_sustained_offered_rate: ($best.offered_rate // 0),
        sustained_creates_per_s: ($best.create.achieved_rate // 0),
        target_500_creates: {target_creates_per_s: 500, measured_creates_per_s: ($best.create.achieved_rate // 0),
                             met: (($best.offered_rate // 0) >= 500)},
        target_p99_at_200: {target_ms: 50, measured_create_p99_ms: ($at200.create.latency_ms.p99 // null),
                            measured_confirm_p99_ms: ($at200.confirm.latency_ms.p99 // null),
                            met: ($at200 != null and $at200.sustained and $at200.checks.create_p99_le_50ms)}
      },
      # CPU used by processes that are not part of the benchmark (other sessions on a shared
      # machine): above 20% of one core the numbers are not comparable with a quiet run.
      background: ({
        max_other_cpu_during_steps: ([$measured[] | .cpu_percent_during_step.other] | max // 0 | round),
        max_other_cpu_during_ceiling: ([$pg[] | .cpu_percent.other] | max // 0),
        disturbed_steps: ($measured | map(select(.cpu_percent_during_step.other > 20) | .name))
      } | . + {disturbed: (.max_other_cpu_during_steps > 20 or .max_other_cpu_during_ceiling > 20)})
    }' >"$RESULTS_JSON"

jq -r '
  def f(x): if x == null then "–" else (x | tostring) end;
  def yes(b): if b then "MET" else "MISSED" end;
  def errs(s): if s.errors > 0 then " (" + (s.error_kinds | to_entries | map("\(.key): \(.value)") | join(", ")) + ")" else "" end;
  def cpu(c): "\(c.service_jvm|round) / \(c.postgres_all|round) / \(c.load_generator|round) / \(c.standin // 0 | round) / \(c.kafka // 0 | round) / \(c.rabbitmq // 0 | round) / \(c.other|round)";
  "| step | offered /s | creates/s | create p50 / p95 / p99 / max ms | confirms/s | confirm p50 / p95 / p99 / max ms | errors | webhooks: backlog at end, lag p99 ms | payroute CPU ms / payment (of it JIT compiler) | CPU % payroute / pg / gen / stand-in / Kafka / RabbitMQ / other (of \(.machine.nproc * 100)) | sustained |",
  "|---|---:|---:|---|---:|---|---|---|---:|---|---|",
  (.steps[] | "| \(.name) | \(.offered_rate) | \(.create.achieved_rate) | \(f(.create.latency_ms.p50)) / \(f(.create.latency_ms.p95)) / \(f(.create.latency_ms.p99)) / \(f(.create.latency_ms.max)) | \(.confirm.achieved_rate) | \(f(.confirm.latency_ms.p50)) / \(f(.confirm.latency_ms.p95)) / \(f(.confirm.latency_ms.p99)) / \(f(.confirm.latency_ms.max)) | \(.errors)\(errs(.create) | if . == "" then "" else " create" + . end)\(errs(.confirm) | if . == "" then "" else " confirm" + . end) | \(.webhooks.backlog_at_end), \(f(.db.webhooks.lag_p99_ms)) | \(f(.service_cpu_ms_per_payment)) (\(f(.service_jit_cpu_ms_per_payment))) | \(cpu(.cpu_percent_during_step)) | \(if .sustained then "yes" else "no (" + (.checks | del(.create_p99_le_50ms) | to_entries | map(select(.value | not) | .key) | join(", ")) + (if (.standin.webhooks_not_sent_queue_full // 0) > 0 then "; the stand-in did not send \(.standin.webhooks_not_sent_queue_full) webhooks, 5,000 deliveries waiting" else "" end) + ")" end) |"),
  (.steps_not_run[] | "| \(.name) | \(.offered_rate) | not run: a lower step was not sustained | | | | | | | | no |"),
  "",
  "PostgreSQL ceiling for the create alone (pgbench -M prepared, `create.pgbench.sql`: its 3 commits; \(.ceiling.runs | map("\(.clients) clients: \(.creates_per_s | round)/s (CPU % pg / pgbench / other: \(.cpu_percent.postgres_all) / \(.cpu_percent.pgbench) / \(.cpu_percent.other))") | join("; "))): **\(.summary.ceiling_creates_per_s | round) creates/s**.",
  "",
  "| target | measured | result |",
  "|---|---|---|",
  "| ≥ 500 creates/s sustained (each with its confirm) | highest sustained step: \(.summary.max_sustained_offered_rate)/s, \(.summary.sustained_creates_per_s) creates/s = \(if .summary.ceiling_creates_per_s > 0 then (100 * .summary.sustained_creates_per_s / .summary.ceiling_creates_per_s | round) else 0 end)% of the create-only ceiling | **\(yes(.summary.target_500_creates.met))** |",
  "| create p99 ≤ 50 ms at 200/s (step sustained) | \(if .summary.target_p99_at_200.measured_create_p99_ms == null then "no 200/s step was measured" else "create p99 \(.summary.target_p99_at_200.measured_create_p99_ms) ms (confirm p99 \(.summary.target_p99_at_200.measured_confirm_p99_ms) ms)" end) | **\(yes(.summary.target_p99_at_200.met))** |",
  "",
  (if .label != null then "**Diagnostic run \"\(.label)\"** (BENCH_LABEL): not the standard benchmark; its numbers are not the figures of record.\n" else "" end) +
  (if .standard_ladder then "" else "**Not the standard ladder** (BENCH_STEPS=\(.settings.steps)).\n" end) +
  (if .background.disturbed then "**Disturbed run**: processes outside the benchmark used more than 20% of a core during \((.background.disturbed_steps + (if .background.max_other_cpu_during_ceiling > 20 then ["pgbench"] else [] end)) | join(", ")) (at most \(.background.max_other_cpu_during_steps)% during the steps, \(.background.max_other_cpu_during_ceiling)% during pgbench, of \(.machine.nproc * 100)%); those numbers are not comparable with a quiet run.\n" else "Background load: at most \(.background.max_other_cpu_during_steps)% CPU (steps) and \(.background.max_other_cpu_during_ceiling)% (pgbench) used by other processes.\n" end) +
  "Run \(.date), commit \(.git_commit), \(.machine.nproc) cores, \(.machine.memory), PostgreSQL \(.machine.postgresql); machine busy \(.machine.busy_percent_before_run)% just before the run."
' "$RESULTS_JSON" >"$WORK/table.md"

{
  echo "# bench/payments results${LABEL:+ — diagnostic run \"$LABEL\"}"
  echo
  echo "Generated by \`bench/payments/run.sh\` on $(jq -r .date "$RESULTS_JSON") (the run took $(jq -r .duration_s "$RESULTS_JSON") s). Raw numbers: \`$(basename "$RESULTS_JSON")\`."
  echo
  cat "$WORK/table.md"
  echo
  echo "## Per step: database, service log and GC"
  echo
  echo "| step | payments SUCCEEDED / created | webhooks stored (type:status:outcome) | webhook lag p50 / p99 / max ms | outbox rows, unpublished Kafka / RabbitMQ | relay lag p99 ms Kafka / RabbitMQ | ERROR / WARN lines | GC pauses in the step | longest pause of the instance, ms | webhooks the stand-in did not send (5,000 waiting) |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  jq -r 'def f(x): if x == null then "–" else (x | tostring) end;
    .steps[] | "| \(.name) | \(.db.succeeded) / \(.db.payments) | \(.db.webhooks.stored) (\(.db.webhooks.by_type_outcome | to_entries | map("\(.key) \(.value)") | join(", "))) | \(f(.db.webhooks.lag_p50_ms)) / \(f(.db.webhooks.lag_p99_ms)) / \(f(.db.webhooks.lag_max_ms)) | \(.db.outbox.rows), \(.db.outbox.kafka_unpublished) / \(.db.outbox.rabbit_unpublished) | \(f(.db.outbox.kafka_lag_p99_ms)) / \(f(.db.outbox.rabbit_lag_p99_ms)) | \(.service_log.error_lines) / \(.service_log.warn_lines) | \(.service_gc_during_step.pauses) (\(.service_gc_during_step.total_ms) ms) | \(.service_gc_during_step.max_ms_whole_life) | \(f(.standin.webhooks_not_sent_queue_full)) |"' "$RESULTS_JSON"
  echo
  echo "## What was measured"
  echo
  echo "- A payment is two requests, as a checkout makes them: \`POST /api/v1/payments\` (1000 usd, an order id, an"
  echo "  \`Idempotency-Key\`), then, once its 201 is in, \`POST /api/v1/payments/{id}/confirm\` with \`pm_card_visa\` (its own"
  echo "  \`Idempotency-Key\`), answered 200 with the payment SUCCEEDED."
  echo "- Open loop: create i of a step is due at start + i/rate; its confirm is due when the create's 201 arrives. Latency"
  echo "  runs from the due time to the end of the answer (no coordinated omission); $(jq -r .settings.load_workers "$RESULTS_JSON") keep-alive connections"
  echo "  shared by creates and confirms, in due order."
  echo "- creates/s (confirms/s): successful answers ÷ (first due time → last answer of that kind)."
  echo "- Sustained: creates/s and confirms/s ≥ 95% of offered, no errors, every payment SUCCEEDED in the database, at the"
  echo "  end of the step at most one second's worth of the stand-in's webhooks waiting to be processed, and by the end of the"
  echo "  drain (BENCH_DRAIN_TIMEOUT) every payment's payment_intent.created and payment_intent.succeeded stored and processed."
  echo "  A step not sustained names the checks it failed."
  echo "- One payroute and one stand-in, on a fresh database, serve all the steps, after a warm-up of $(jq -r .settings.warm_up "$RESULTS_JSON")."
  echo "- CPU: % of one core during the step, from /proc: payroute JVM / all postgres processes (any database) / load"
  echo "  generator / the stand-in / the Kafka broker / everything else on the machine. payroute CPU ms per payment: the"
  echo "  service JVM's CPU during the step ÷ payments created (a create, its confirm, their webhooks and outbox relay)."
  echo "- Ceiling: pgbench -M prepared running \`create.pgbench.sql\` — the statements and the 3 commits payroute makes for one"
  echo "  create (idempotency claim; payment, row lock, payment.initiated outbox row; the sealed reply kept for the key), traced"
  echo "  with \`log_statement = all\` — against a copy of the schema, nothing else of ours running; best client count. It is the"
  echo "  create's transaction only: a payment in the steps also costs its confirm, the webhooks and the relay."
  echo
  echo "## Machine and settings"
  echo
  jq -r '"- \(.machine.nproc) cores (\(.machine.cpu)), \(.machine.memory); PostgreSQL \(.machine.postgresql) (\(.machine.postgresql_settings | to_entries | map("\(.key)=\(.value)") | join(", "))); \(.machine.java)",
         "- git \(.branch) @ \(.git_commit)",
         "- payroute: \(.settings.environment); \(.settings.service_classpath); JVM \(.settings.jvm); pool \(.settings.database_pool_size), webhook consumers \(.settings.webhook_process_consumers) (defaults); signature verification \(.settings.signature_verification); log \(.settings.log); outbox relay to \(.settings.outbox_relay)",
         "- Stripe: \(.settings.stripe)"' "$RESULTS_JSON"
} >"$RESULTS_MD"

if [ -z "$LABEL" ] && [ "${BENCH_UPDATE_README:-1}" = 1 ]; then
  replace_readme_table bench-payments "$WORK/table.md"
fi
cat "$WORK/table.md"
log "done in $(( $(date +%s) - T_START )) s: $RESULTS_MD, $RESULTS_JSON"
