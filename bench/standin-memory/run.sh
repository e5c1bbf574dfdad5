#!/usr/bin/env bash
# bench/standin-memory: does the offline Stripe stand-in run in bounded memory? 1,000,000 payments through
# target/payroute-standin.jar in its own JVM with a 256 MB heap, its heap after a full GC every 100,000.
#
#   bench/standin-memory/run.sh                                  # the full run: ~40-60 minutes on 2 busy cores
#   BENCH_PAYMENTS=20000 BENCH_EVERY=5000 bench/standin-memory/run.sh   # a quick look (results-<n>.md/json)
#
# 1. builds target/payroute-standin.jar and payroute.jar if missing or older than the sources;
# 2. StandInMemoryLoad.java (this folder) starts the stand-in as `java -Xmx256m -XX:+UseSerialGC -jar
#    target/payroute-standin.jar` with its default memory settings (finished age 10 minutes, at most 10,000
#    objects in memory, archive 24 hours; its disk folder under target/bench-standin-memory/storage), and a
#    webhook target in the driver's JVM that answers 200, so every event is signed and posted;
# 3. the driver pays with payroute's own gateway (stripe-java, StripePaymentGateway) as POST /api/v1/payments
#    and /confirm do: create a PaymentIntent with Idempotency-Key payroute-payment-create-<id>, confirm it
#    with pm_card_visa expanding latest_charge (payroute-payment-confirm-<id>), BENCH_CLIENTS threads at a
#    time, as fast as the stand-in answers. Every 100th payment sends its confirmation again and every 1000th
#    repeats the create of the payment 1000 before it: both must replay the same PaymentIntent (the older
#    one from the answers on disk);
# 4. every BENCH_EVERY payments the clients pause between payments and the driver reads the stand-in's live
#    heap after a full collection (jcmd <pid> GC.class_histogram: it collects, then sums the objects left),
#    its RSS, its storage report (GET /_standin/storage) and the window's payments/s and latency;
# 5. at the end it waits (up to 2 minutes) for the webhooks, stops the stand-in with SIGTERM and checks that
#    its disk folder is gone; writes results.json, results.md and the table in README.md.
#
# Targets (from the issue): all payments done, and the heap after a full GC steady in the fixed heap: the last
# checkpoint at most 10 MB above the first one after the start (100,000 payments).
#
# Knobs (environment): BENCH_PAYMENTS, BENCH_EVERY, BENCH_CLIENTS (3), BENCH_XMX (256m),
# BENCH_STANDIN_JAVA_OPTS (-XX:+UseSerialGC, as the stand-in's Docker image), BENCH_STANDIN_ARGS (extra
# stand-in options, e.g. "--max-objects 20000"), BENCH_UPDATE_README=0. Only 127.0.0.1 and free ports are
# used; the script stops what it started (the driver stops the stand-in, by its pid).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
BENCH=$ROOT/bench/standin-memory
WORK=$ROOT/target/bench-standin-memory

PAYMENTS=${BENCH_PAYMENTS:-1000000}
EVERY=${BENCH_EVERY:-100000}
CLIENTS=${BENCH_CLIENTS:-3}
XMX=${BENCH_XMX:-256m}
STANDIN_JAVA_OPTS=${BENCH_STANDIN_JAVA_OPTS:--XX:+UseSerialGC}
STANDIN_ARGS=${BENCH_STANDIN_ARGS:-}
# A shorter run must not overwrite the full run's results.
SUFFIX=$([ "$PAYMENTS" = 1000000 ] && [ -z "$STANDIN_ARGS" ] && [ "$XMX" = 256m ] || echo "-$PAYMENTS")
UPDATE_README=${BENCH_UPDATE_README:-$([ -z "$SUFFIX" ] && echo 1 || echo 0)}

log() { printf '[bench/standin-memory %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
for tool in java javac jcmd mvn jq; do
  command -v "$tool" >/dev/null || { echo "bench/standin-memory needs $tool" >&2; exit 1; }
done

# ---- build (as bin/run: when a jar is missing or older than the sources)
if [ ! -f target/payroute-standin.jar ] || [ ! -f target/payroute.jar ] \
    || [ -n "$(find pom.xml src/main src/dev -newer target/payroute-standin.jar -print -quit)" ]; then
  log "building (mvn -B -q -DskipTests package)"
  mvn -B -q -DskipTests package
fi
rm -rf "$WORK"
mkdir -p "$WORK/classes"
javac -d "$WORK/classes" -cp "target/payroute.jar:target/lib/*" "$BENCH/StandInMemoryLoad.java"

# ---- the machine before the start: other work on it slows every number, so it is measured and reported
busy() { # machine-wide CPU busy % over $1 seconds, from /proc/stat
  local a b ta=0 tb=0 i
  a=($(head -1 /proc/stat)); sleep "$1"; b=($(head -1 /proc/stat))
  for i in 1 2 3 4 5 6 7 8; do ta=$((ta + a[i])); tb=$((tb + b[i])); done
  echo $(( 100 * ((tb - ta) - (b[4] + b[5] - a[4] - a[5])) / (tb - ta) ))
}
BUSY_BEFORE=$(busy 5)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
log "machine ${BUSY_BEFORE}% busy before the start (load average $LOAD_BEFORE)"

# ---- the run
T0=$(date +%s)
CPU0=$(head -1 /proc/stat)
java -Xms64m -Xmx512m -XX:+UseSerialGC -cp "target/payroute.jar:target/lib/*:$WORK/classes" StandInMemoryLoad \
  --jar target/payroute-standin.jar --payments "$PAYMENTS" --every "$EVERY" --clients "$CLIENTS" --xmx "$XMX" \
  --java-opts "$STANDIN_JAVA_OPTS" --standin-args "$STANDIN_ARGS" --work "$WORK" --out "$WORK/raw.json" \
  2> >(tee "$WORK/driver.log" >&2)
CPU1=$(head -1 /proc/stat)
DURATION=$(( $(date +%s) - T0 ))
BUSY_DURING=$(awk -v a="$CPU0" -v b="$CPU1" 'BEGIN { n = split(a, x, " "); split(b, y, " "); t = 0
  for (i = 2; i <= 9; i++) t += y[i] - x[i]; idle = y[5] + y[6] - x[5] - x[6]; printf "%d", 100 * (t - idle) / t }')

# ---- results.json
COMMIT=$(git rev-parse --short HEAD)
DIRTY=$([ -z "$(git status --porcelain -- src pom.xml bench/standin-memory/StandInMemoryLoad.java)" ] && echo false || echo true)
jq --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --arg commit "$COMMIT" --argjson dirty "$DIRTY" \
   --arg branch "$(git rev-parse --abbrev-ref HEAD)" --argjson duration "$DURATION" \
   --argjson nproc "$(nproc)" --arg cpu "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" \
   --arg memory "$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)" \
   --arg java "$(java -version 2>&1 | head -1)" --argjson busyBefore "$BUSY_BEFORE" --arg loadBefore "$LOAD_BEFORE" \
   --argjson busyDuring "$BUSY_DURING" --arg xmx "$XMX" '
  . as $raw
  | ($raw.checkpoints | map(select(.payments > 0))) as $points
  | ($points[0]) as $first | ($points[-1]) as $last
  | ($points | length) as $n
  | ($points | map(.payments / 100000)) as $xs | ($points | map(.heap_used_after_full_gc_mb)) as $ys
  | (if $n > 1 then (($xs | add) / $n) as $mx | (($ys | add) / $n) as $my
       | ([range(0; $n)] | map(($xs[.] - $mx) * ($ys[.] - $my)) | add) / ([range(0; $n)] | map(($xs[.] - $mx) * ($xs[.] - $mx)) | add)
     else 0 end) as $slope
  | {
      date: $date, git_commit: $commit, git_dirty: $dirty, branch: $branch, duration_s: $duration,
      machine: {nproc: $nproc, cpu: $cpu, memory: $memory, java: $java,
                busy_percent_before_run: $busyBefore, load_average_before_run: $loadBefore,
                busy_percent_during_run: $busyDuring},
      settings: {standin_heap: $xmx, standin_command: $raw.standin_command, client_threads: $raw.client_threads,
                 payments_requested: $raw.payments_requested, checkpoint_every: $raw.checkpoint_every,
                 measured_with: "jcmd <pid> GC.class_histogram (a full GC, then the live objects summed)"},
      checkpoints: $raw.checkpoints,
      totals: $raw.totals,
      standin_stopped_on_sigterm: $raw.standin_stopped_on_sigterm,
      storage_folders_left_after_stop: $raw.storage_folders_left_after_stop,
      failure: $raw.failure,
      summary: {
        heap_after_gc_mb: {first: $first.heap_used_after_full_gc_mb, last: $last.heap_used_after_full_gc_mb,
                           min: ($ys | min), max: ($ys | max),
                           slope_mb_per_100k_payments: ($slope * 100 | round / 100)},
        payments_per_s: $raw.totals.payments_per_s,
        target_all_payments: {requested: $raw.payments_requested, completed: $raw.totals.payments_completed,
                              errors: ($raw.totals.errors | add // 0),
                              met: ($raw.failure == null and $raw.totals.payments_completed == $raw.payments_requested
                                    and ($raw.totals.errors | length) == 0)},
        target_steady_heap: {first_checkpoint_mb: $first.heap_used_after_full_gc_mb, last_checkpoint_mb: $last.heap_used_after_full_gc_mb,
                             allowed_growth_mb: 10,
                             met: ($n > 1 and $last.heap_used_after_full_gc_mb <= $first.heap_used_after_full_gc_mb + 10)}
      }
    }' "$WORK/raw.json" >"$BENCH/results$SUFFIX.json"
RESULTS=$BENCH/results$SUFFIX.json

# ---- results.md and the README table
jq -r '
  def mb(b): (b / 1048576 * 10 | round / 10);
  def yes(b): if b then "MET" else "MISSED" end;
  "| payments | heap after full GC (MB) | objects in memory | objects on disk | idempotent answers on disk | disk (MB) | stand-in RSS (MB) | payments/s (window) | p50 / p99 ms |",
  "|---:|---:|---:|---:|---:|---:|---:|---:|---|",
  (.checkpoints[] | "| \(.payments) | \(.heap_used_after_full_gc_mb) | \(.storage.objects.in_memory) | \(.storage.objects.on_disk.records) | \(.storage.idempotency.on_disk.records) | \(mb(.storage.objects.on_disk.bytes + .storage.idempotency.on_disk.bytes)) | \(.rss_mb) | \(.window_payments_per_s // "–") | \(if .payment_latency_ms then "\(.payment_latency_ms.p50) / \(.payment_latency_ms.p99)" else "–" end) |"),
  "",
  (if .failure then "**The run failed: \(.failure).**\n" else empty end),
  "| target | measured | result |",
  "|---|---|---|",
  "| all \(.summary.target_all_payments.requested) payments done, no error | \(.summary.target_all_payments.completed) done, \(.summary.target_all_payments.errors) errors | **\(yes(.summary.target_all_payments.met))** |",
  "| heap after full GC steady in the \(.settings.standin_heap) heap: last checkpoint ≤ first + 10 MB | \(.summary.target_steady_heap.first_checkpoint_mb) MB at \(.checkpoints[1].payments) → \(.summary.target_steady_heap.last_checkpoint_mb) MB at \(.checkpoints[-1].payments) (min \(.summary.heap_after_gc_mb.min), max \(.summary.heap_after_gc_mb.max); trend \(.summary.heap_after_gc_mb.slope_mb_per_100k_payments) MB per 100,000) | **\(yes(.summary.target_steady_heap.met))** |",
  "",
  "Run \(.date), commit \(.git_commit)\(if .git_dirty then " (with uncommitted changes)" else "" end), \(.duration_s) s, \(.totals.payments_per_s) payments/s on average with \(.settings.client_threads) client threads; \(.machine.nproc) cores, machine \(.machine.busy_percent_before_run)% busy before the run (load average \(.machine.load_average_before_run)) and \(.machine.busy_percent_during_run)% during it (benchmark included). Webhooks: \(.totals.webhooks_received) of \(.totals.webhooks_expected) events received, \(.totals.final_storage_report.webhooks.not_sent_queue_full) not sent; \(.totals.replays_checked) idempotent retries answered with the same PaymentIntent; disk folder \(if .storage_folders_left_after_stop == 0 then "deleted" else "NOT deleted" end) on SIGTERM."
' "$RESULTS" >"$WORK/table.md"

{
  echo "# bench/standin-memory results"
  echo
  echo "Generated by \`bench/standin-memory/run.sh\` on $(jq -r .date "$RESULTS"). Raw numbers: \`$(basename "$RESULTS")\`."
  echo
  cat "$WORK/table.md"
  echo
  echo "## Largest classes on the heap at the last checkpoint"
  echo
  echo "| class | MB |"
  echo "|---|---:|"
  jq -r '.checkpoints[-1].largest_classes_mb[] | "| `\(.class)` | \(.mb) |"' "$RESULTS"
  echo
  echo "## What was measured"
  echo
  echo "- The stand-in: \`$(jq -r .settings.standin_command "$RESULTS")\` (default memory settings unless given)."
  echo "- Payments: payroute's gateway (stripe-java) creating a PaymentIntent and confirming it with \`pm_card_visa\`, each"
  echo "  call with payroute's Idempotency-Key; $(jq -r .settings.client_threads "$RESULTS") client threads, as fast as answered. Every 100th confirmation is sent"
  echo "  twice and every 1000th payment also repeats the create of the payment 1000 before: the same PaymentIntent must come back."
  echo "- Heap after full GC: $(jq -r .settings.measured_with "$RESULTS"), with the clients paused between payments"
  echo "  (webhook deliveries still running). Disk: data and index files of the stand-in's folder (index files are sparse)."
  echo "- Payments/s per window exclude the pauses; latency is a payment's create + confirm."
  echo "- $(jq -r '"\(.machine.nproc) cores (\(.machine.cpu)), \(.machine.memory); \(.machine.java); git \(.branch) @ \(.git_commit)"' "$RESULTS")"
} >"$BENCH/results$SUFFIX.md"

if [ "$UPDATE_README" = 1 ] && grep -q '<!-- bench-standin-memory:begin -->' README.md; then
  awk -v table="$WORK/table.md" '
    /<!-- bench-standin-memory:begin -->/ { print; while ((getline line < table) > 0) print line; skip = 1; next }
    /<!-- bench-standin-memory:end -->/ { skip = 0 }
    !skip { print }' README.md >"$WORK/README.md" && cat "$WORK/README.md" >README.md
fi
cat "$WORK/table.md"
log "done in ${DURATION} s: bench/standin-memory/results$SUFFIX.md, results$SUFFIX.json"
