package dev.payroute.messaging;

import dev.payroute.sql.Database;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.apache.camel.Variable;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The relay's steps around the publishing itself (routes/messaging/outbox-relay.camel.yaml): claim a
 * batch of whole payments under a lease, check the lease before each publish, mark what the broker
 * acknowledged (once per run, in one statement), release what a failed batch did not send, and back
 * off while a broker keeps failing. The route names its destination in
 * the route variable {@value #DESTINATION}.
 *
 * <p>Order per payment rests on one rule: a payment's unpublished rows for a destination are claimed
 * together, by one run at a time, and published in outbox id order. The claim is two statements in
 * one transaction. The first picks the payments of the oldest waiting rows without a live lease (a
 * bounded read of the backlog's head) and takes a transaction-scoped advisory lock on each, skipping
 * those another instance is claiming right now. The second looks
 * again, with a snapshot taken after the locks are held, and claims all of a payment's unpublished
 * rows only if none of them has a live lease. One statement could not do both: its snapshot would
 * predate the locks, so it could miss a claim committed in between and take the newest row of a
 * payment whose older rows another instance is still publishing.
 *
 * <p>A run publishes its rows in waves ({@link Claim#waves()}): wave n holds the n-th row of every payment
 * in the batch. A wave is handed to the broker's publish route whole (Kafka sends its records together
 * and waits for all the acknowledgements), and a payment's next row goes out only in the next wave, once
 * the broker acknowledged every row of this one. So a run waits for the broker once per wave, not once per
 * row, and a payment's events are still never in flight together.
 */
public final class OutboxRelay {

    /** Route variables: the destination a relay route publishes to, and the batch its run claimed. */
    public static final String DESTINATION = "outboxDestination";
    public static final String CLAIM = "outboxClaim";
    /** Route variable: the wave of the claim being published (a list of rows, at most one per payment). */
    public static final String WAVE = "outboxWave";

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);

    /**
     * How many waiting rows a run reads, per payment it may claim, to pick its payments: a run reads a bounded
     * head of the backlog, never all of it (sql/outbox/kafka-lock.sql). Payments with more waiting rows than
     * this fill fewer of a run's places; none waits longer for it.
     */
    static final int SCAN_ROWS_PER_AGGREGATE = 10;

    private final Database db;
    private final int aggregatesPerRun;
    private final int runsPerTick;
    private final int leaseSeconds;
    private final long retryDelayMillis;
    private final long maxRetryDelayMillis;
    private final Map<OutboxDestination, RelayState> states = new EnumMap<>(OutboxDestination.class);

    public OutboxRelay(Database db, int aggregatesPerRun, int leaseSeconds, long retryDelayMillis, long maxRetryDelayMillis) {
        this(db, aggregatesPerRun, 1, leaseSeconds, retryDelayMillis, maxRetryDelayMillis);
    }

    public OutboxRelay(Database db, int aggregatesPerRun, int runsPerTick, int leaseSeconds, long retryDelayMillis,
                       long maxRetryDelayMillis) {
        this.db = db;
        this.runsPerTick = Math.max(1, runsPerTick);
        this.aggregatesPerRun = aggregatesPerRun;
        this.leaseSeconds = leaseSeconds;
        this.retryDelayMillis = retryDelayMillis;
        this.maxRetryDelayMillis = Math.max(retryDelayMillis, maxRetryDelayMillis);
        for (OutboxDestination destination : OutboxDestination.values()) {
            states.put(destination, new RelayState());
        }
    }

    /**
     * Whether a relay tick runs (again): its first run always; another while the last one claimed a full batch
     * of payments (more are waiting) and went through, up to runsPerTick runs a tick. A backlog then drains at
     * the speed of the broker and the database, not at batch-size payments per tick.
     */
    public boolean runAgain(@Variable(CLAIM) Claim last, @ExchangeProperty(Exchange.LOOP_INDEX) Integer index) {
        if (last == null) {
            return true;
        }
        return last.full && !last.failed && (index == null ? 0 : index) + 1 < runsPerTick;
    }

    /** Claims the next batch for the route's destination: rows in outbox id order (none while backing off). */
    public Claim claim(@Variable(DESTINATION) String destinationKey) {
        OutboxDestination destination = OutboxDestination.of(destinationKey);
        RelayState state = states.get(destination);
        if (state.backingOff()) {
            return Claim.none(destination);
        }
        long claimedAt = System.nanoTime();
        int[] lockedCount = new int[1];
        List<Map<String, Object>> rows = db.inTransaction(() -> {
            List<String> locked = db.query(destination.statement("lock"),
                            Map.of("aggregates", aggregatesPerRun, "scanRows", aggregatesPerRun * SCAN_ROWS_PER_AGGREGATE))
                    .stream().map(row -> (String) row.get("aggregate_id")).toList();
            lockedCount[0] = locked.size();
            if (locked.isEmpty()) {
                return List.<Map<String, Object>>of();
            }
            Map<String, Object> params = new HashMap<>();
            params.put("aggregateIds", locked);
            params.put("leaseSeconds", leaseSeconds);
            return db.query(destination.statement("claim"), params);
        });
        if (rows.isEmpty()) {
            return Claim.none(destination);
        }
        List<OutboxRow> events = rows.stream().map(OutboxRow::of).toList();
        List<Long> ids = events.stream().map(OutboxRow::id).toList();
        // Past half the lease no publish starts, so one still running ends before another run may take the rows.
        long publishBy = claimedAt + Duration.ofSeconds(leaseSeconds).toNanos() / 2;
        return new Claim(destination, events, ids, rows.get(0).get("claimed_until"), publishBy,
                lockedCount[0] >= aggregatesPerRun);
    }

    /** The run's claimed rows in the waves the split sends, a payment's next event in the wave after its previous one. */
    public List<List<OutboxRow>> waves(@Variable(CLAIM) Claim claim) {
        return claim.waves();
    }

    /** Before each publish: refuses to start one once half the claim's lease has passed. */
    public void checkLease(@Variable(CLAIM) Claim claim) {
        if (!claim.rows.isEmpty() && System.nanoTime() - claim.publishBy > 0) {
            throw new LeaseRunningOut("half of the " + leaseSeconds + " s lease has passed; the rest of the batch waits");
        }
    }

    /** After each wave the broker acknowledged whole: its rows are to be marked published when the run ends. */
    public void published(@Variable(CLAIM) Claim claim, @Variable(WAVE) List<OutboxRow> wave) {
        for (OutboxRow row : wave) {
            claim.acknowledged.add(row.id());
        }
    }

    /** Kafka's records of a wave, one message per row: keyed by payment id (one partition, in order), with the event's type and id as headers. */
    public List<Message> kafkaRecords(@Variable(WAVE) List<OutboxRow> wave, Exchange exchange) {
        List<Message> records = new ArrayList<>(wave.size());
        for (OutboxRow row : wave) {
            Message record = new DefaultMessage(exchange.getContext());
            record.setHeader(KafkaConstants.KEY, row.aggregateId());
            record.setHeader("event_type", row.eventType());
            record.setHeader("event_id", row.eventId());
            record.setBody(row.payload());
            records.add(record);
        }
        return records;
    }

    /**
     * After a batch went through: every row the broker acknowledged is marked published, in one statement for the
     * whole run; the broker answers, so the next run starts without delay.
     */
    public void finish(@Variable(CLAIM) Claim claim) {
        if (!claim.rows.isEmpty() && !claim.failed) {
            markPublished(claim);
            states.get(claim.destination).succeeded(claim.ids.size());
        }
    }

    private void markPublished(Claim claim) {
        if (!claim.acknowledged.isEmpty()) {
            db.update(claim.destination.statement("mark-published"), Map.of("ids", List.copyOf(claim.acknowledged)));
        }
    }

    /**
     * After a failed step: marks what the broker acknowledged and gives back the claimed rows not yet
     * published, so that any instance may send them again, in order, once this destination's retry delay
     * has passed. Never throws: when the database is what failed, the rows simply wait for their lease to
     * run out (and what was acknowledged but not marked is sent again: at least once).
     *
     * @return how long this destination's relay now waits before its next run, in milliseconds
     */
    public long release(@Variable(CLAIM) Claim claim, @Variable(DESTINATION) String destinationKey,
                        @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception cause) {
        OutboxDestination destination = claim != null ? claim.destination : OutboxDestination.of(destinationKey);
        String reason = cause == null ? "unknown" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        if (claim != null && !claim.rows.isEmpty()) {
            if (claim.failed) {
                // Already released by the failed publish itself; this is the run ending.
                return states.get(destination).remainingDelayMillis();
            }
            claim.failed = true;
            try {
                // What the broker acknowledged stays published; the rest is given back.
                Map<String, Object> params = new HashMap<>();
                params.put("ids", claim.ids);
                params.put("claimedUntil", claim.claimedUntil);
                db.inTransaction(() -> {
                    markPublished(claim);
                    return db.update(destination.statement("release"), params);
                });
            } catch (RuntimeException e) {
                LOG.warn("could not release the {} outbox claim ({}); its rows wait for the lease to run out",
                        destination.key(), e.getMessage());
            }
        }
        return states.get(destination).failed(reason, retryDelayMillis, maxRetryDelayMillis);
    }

    /** What the relay to one destination did lately, for the admin view. */
    public Map<String, Object> state(OutboxDestination destination) {
        return states.get(destination).view();
    }

    /** The batch one run claimed (its rows are split and published); shared by the split's exchanges, so a failure in one is seen by all. */
    public static final class Claim {
        final OutboxDestination destination;
        final List<OutboxRow> rows;
        final List<Long> ids;
        final Object claimedUntil;
        final long publishBy;
        /** Rows the broker acknowledged during this run, in the order they were published. */
        final List<Long> acknowledged = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile boolean failed;
        /** The run took as many payments as a run may: more are likely waiting. */
        final boolean full;

        Claim(OutboxDestination destination, List<OutboxRow> rows, List<Long> ids, Object claimedUntil, long publishBy,
              boolean full) {
            this.destination = destination;
            this.rows = rows;
            this.ids = ids;
            this.claimedUntil = claimedUntil;
            this.publishBy = publishBy;
            this.full = full;
        }

        static Claim none(OutboxDestination destination) {
            return new Claim(destination, List.of(), List.of(), null, 0, false);
        }

        /** The claimed outbox rows, in outbox id order. */
        public List<OutboxRow> rows() {
            return rows;
        }

        /**
         * The rows in publishing waves: wave n holds the n-th row (in outbox id order) of every payment that has
         * that many, in outbox id order. Most runs are one wave: a payment seldom has two events waiting.
         */
        public List<List<OutboxRow>> waves() {
            List<List<OutboxRow>> waves = new ArrayList<>();
            Map<String, Integer> seen = new HashMap<>();
            for (OutboxRow row : rows) {
                int n = seen.merge(row.aggregateId(), 1, Integer::sum) - 1;
                if (n == waves.size()) {
                    waves.add(new ArrayList<>());
                }
                waves.get(n).add(row);
            }
            return waves;
        }
    }

    /** Raised before a publish the lease no longer covers; the batch ends and its rest is released. */
    public static final class LeaseRunningOut extends RuntimeException {
        LeaseRunningOut(String message) {
            super(message);
        }
    }

    private static final class RelayState {
        private int consecutiveFailures;
        private long backOffUntil;
        private long published;
        private Instant lastPublishedAt;
        private Instant lastFailureAt;
        private String lastError;

        synchronized boolean backingOff() {
            return consecutiveFailures > 0 && System.nanoTime() - backOffUntil < 0;
        }

        synchronized void succeeded(int count) {
            consecutiveFailures = 0;
            published += count;
            lastPublishedAt = Instant.now();
        }

        // Doubles the delay with each failed run in a row, up to the maximum.
        synchronized long failed(String reason, long base, long max) {
            consecutiveFailures++;
            long delay = Math.min(max, base << Math.min(consecutiveFailures - 1, 20));
            backOffUntil = System.nanoTime() + Duration.ofMillis(delay).toNanos();
            lastFailureAt = Instant.now();
            lastError = reason;
            return delay;
        }

        synchronized long remainingDelayMillis() {
            return Math.max(0, Duration.ofNanos(backOffUntil - System.nanoTime()).toMillis());
        }

        synchronized Map<String, Object> view() {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("published_since_start", published);
            view.put("last_published_at", lastPublishedAt == null ? null : lastPublishedAt.toString());
            view.put("consecutive_failures", consecutiveFailures);
            view.put("last_failure_at", lastFailureAt == null ? null : lastFailureAt.toString());
            view.put("last_error", lastError);
            return view;
        }
    }
}
