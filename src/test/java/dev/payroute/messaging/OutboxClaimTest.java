package dev.payroute.messaging;

import com.zaxxer.hikari.HikariDataSource;
import dev.payroute.sql.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The claim rules that keep each payment's events in order with several relays, on the real
 * PostgreSQL: a payment's unpublished rows are claimed together and in outbox order, by one run
 * at a time, and never split between two runs.
 */
@org.junit.jupiter.api.Tag("integration")
class OutboxClaimTest {

    private static HikariDataSource dataSource;
    // One per test: a release puts the relay into its back-off, which would hold the next test's claims.
    private OutboxRelay relay;

    @BeforeAll
    static void openDatabase() throws SQLException {
        dataSource = dev.payroute.support.TestRun.openDatabase(3);
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("TRUNCATE outbox");
        }
    }

    @BeforeEach
    void newRelay() {
        relay = new OutboxRelay(new Database(dataSource), 100, 30, 1000, 1000);
    }

    @AfterAll
    static void closeDatabase() {
        dataSource.close();
    }

    @Test
    void a_payments_rows_are_claimed_together_in_outbox_order_and_only_once_while_the_lease_lives() {
        String payment = payment(3);
        List<OutboxRow> batch = claim("kafka");
        assertEquals(3, rowsOf(batch, payment).size());
        assertEquals(sortedIds(batch), ids(batch), "outbox order");
        assertTrue(claim("kafka").stream().noneMatch(row -> payment.equals(row.aggregateId())), "the lease holds it");
        assertEquals(3, rowsOf(claim("rabbit"), payment).size(), "RabbitMQ claims the same rows on its own");
    }

    @Test
    void a_run_publishes_in_waves_holding_at_most_one_row_of_a_payment_each_in_outbox_order() {
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        String c = UUID.randomUUID().toString();
        for (String payment : List.of(a, b, a, c, a, c)) {
            insert(payment);
        }
        OutboxRelay.Claim run = relay.claim("kafka");
        List<OutboxRow> rows = run.rows();
        List<List<OutboxRow>> waves = run.waves();
        assertEquals(ids(rows).stream().sorted().toList(), waves.stream().flatMap(List::stream).map(OutboxRow::id).sorted().toList(),
                "every claimed row in exactly one wave");
        for (List<OutboxRow> wave : waves) {
            assertEquals(wave.size(), wave.stream().map(OutboxRow::aggregateId).distinct().count(), "one row of a payment per wave");
            assertEquals(sortedIds(wave), ids(wave), "outbox order within a wave");
        }
        List<OutboxRow> rowsOfA = rowsOf(rows, a);
        List<OutboxRow> rowsOfC = rowsOf(rows, c);
        assertEquals(List.of(rowsOfA.get(0).id(), rowsOf(rows, b).get(0).id(), rowsOfC.get(0).id()),
                ids(ours(waves.get(0), a, b, c)), "the first wave: each payment's oldest row");
        assertEquals(List.of(rowsOfA.get(1).id(), rowsOfC.get(1).id()), ids(ours(waves.get(1), a, b, c)));
        assertEquals(List.of(rowsOfA.get(2).id()), ids(ours(waves.get(2), a, b, c)), "a payment's next row waits for the next wave");
    }

    @Test
    void a_tick_runs_again_while_its_runs_claim_full_batches_up_to_runs_per_tick() {
        // Whatever earlier tests left waiting for RabbitMQ is leased first, so the claims below see this test's rows only.
        new OutboxRelay(new Database(dataSource), 100_000, 30, 1000, 1000).claim("rabbit");
        for (int i = 0; i < 5; i++) {
            payment(1);
        }
        OutboxRelay small = new OutboxRelay(new Database(dataSource), 2, 3, 30, 1000, 1000);
        assertTrue(small.runAgain(null, null), "a tick's first run");
        OutboxRelay.Claim first = small.claim("rabbit");
        assertEquals(2, first.rows().size());
        assertTrue(small.runAgain(first, 0), "a full batch: more are waiting");
        assertFalse(small.runAgain(first, 2), "no more than runs-per-tick runs a tick");
        OutboxRelay.Claim second = small.claim("rabbit");
        assertTrue(small.runAgain(second, 1));
        OutboxRelay.Claim third = small.claim("rabbit");
        assertEquals(1, third.rows().size());
        assertFalse(small.runAgain(third, 2), "the backlog is drained");
        small.release(second, "rabbit", new IllegalStateException("broker down"));
        assertFalse(small.runAgain(second, 0), "a failed run ends the tick");
    }

    private static List<OutboxRow> ours(List<OutboxRow> wave, String... payments) {
        return wave.stream().filter(row -> List.of(payments).contains(row.aggregateId())).toList();
    }

    @Test
    void a_new_event_of_a_payment_whose_older_events_are_being_published_waits_for_them() {
        String payment = payment(2);
        assertEquals(2, rowsOf(claim("kafka"), payment).size());
        insert(payment);
        assertTrue(claim("kafka").stream().noneMatch(row -> payment.equals(row.aggregateId())),
                "the newest event is not sent while the older ones are still in another run's hands");
    }

    @Test
    void a_payment_another_run_is_claiming_right_now_is_skipped() throws SQLException {
        String payment = payment(2);
        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            try (PreparedStatement lock = other.prepareStatement("SELECT pg_advisory_xact_lock(hashtext('outbox-kafka:' || ?))")) {
                lock.setString(1, payment);
                lock.execute();
            }
            assertTrue(claim("kafka").stream().noneMatch(row -> payment.equals(row.aggregateId())));
            other.rollback();
        }
        assertEquals(2, rowsOf(claim("kafka"), payment).size(), "taken once the other run let go");
    }

    @Test
    void a_failed_run_gives_back_only_rows_it_still_holds() throws SQLException {
        String payment = payment(2);
        OutboxRelay.Claim run = relay.claim("kafka");
        assertEquals(2, rowsOf(run.rows(), payment).size());
        relay.release(run, "kafka", new IllegalStateException("broker down"));
        assertEquals(0, count("SELECT count(*) FROM outbox WHERE aggregate_id = ? AND kafka_claimed_until IS NOT NULL", payment));

        OutboxRelay.Claim slow = relay.claim("rabbit");
        assertEquals(2, rowsOf(slow.rows(), payment).size());
        // Its lease ran out and another run took the rows: the slow run's release must leave them alone.
        execute("UPDATE outbox SET rabbit_claimed_until = now() + interval '1 minute' WHERE aggregate_id = ?", payment);
        relay.release(slow, "rabbit", new IllegalStateException("too slow"));
        assertEquals(2, count("SELECT count(*) FROM outbox WHERE aggregate_id = ? AND rabbit_claimed_until IS NOT NULL", payment));
    }

    @Test
    void a_run_marks_what_the_broker_acknowledged_once_at_its_end_and_a_failed_run_marks_it_before_releasing_the_rest()
            throws SQLException {
        String payment = payment(3);
        OutboxRelay.Claim run = relay.claim("kafka");
        List<OutboxRow> rows = rowsOf(run.rows(), payment);
        assertEquals(3, rows.size());
        relay.published(run, List.of(rows.get(0)));
        relay.published(run, List.of(rows.get(1)));
        assertEquals(0, count("SELECT count(*) FROM outbox WHERE aggregate_id = ? AND kafka_published_at IS NOT NULL", payment),
                "marked when the run ends, not after each publish");
        // The third publish fails: the two acknowledged stay published, the third is given back.
        relay.release(run, "kafka", new IllegalStateException("broker down"));
        assertEquals(2, count("SELECT count(*) FROM outbox WHERE aggregate_id = ? AND kafka_published_at IS NOT NULL", payment));
        assertEquals(0, count("SELECT count(*) FROM outbox WHERE aggregate_id = ? AND kafka_published_at IS NULL"
                + " AND kafka_claimed_until IS NOT NULL", payment));

        OutboxRelay next = new OutboxRelay(new Database(dataSource), 100, 30, 1000, 1000);
        OutboxRelay.Claim again = next.claim("kafka");
        List<OutboxRow> rest = rowsOf(again.rows(), payment);
        assertEquals(List.of(rows.get(2).id()), ids(rest), "only the one that was not acknowledged is sent again");
        next.published(again, List.of(rest.get(0)));
        next.finish(again);
        assertEquals(3, count("SELECT count(*) FROM outbox WHERE aggregate_id = ? AND kafka_published_at IS NOT NULL", payment));
        assertEquals(0, count("SELECT count(*) FROM outbox WHERE aggregate_id = ? AND rabbit_published_at IS NOT NULL", payment),
                "RabbitMQ's columns are its own");
    }

    @Test
    void no_publish_starts_once_half_the_lease_has_passed() {
        OutboxRelay quick = new OutboxRelay(new Database(dataSource), 100, 0, 1000, 1000);
        payment(1);
        OutboxRelay.Claim run = quick.claim("kafka");
        assertFalse(run.rows().isEmpty());
        assertThrows(OutboxRelay.LeaseRunningOut.class, () -> quick.checkLease(run));
    }

    @Test
    void a_run_reads_only_the_head_of_the_backlog_and_takes_its_oldest_payments_whole() throws SQLException {
        truncate();
        // Two payments a run: it reads the first 20 waiting rows, here all of the first payment.
        OutboxRelay small = new OutboxRelay(new Database(dataSource), 2, 30, 1000, 1000);
        int headRows = 2 * OutboxRelay.SCAN_ROWS_PER_AGGREGATE + 5;
        String first = payment(headRows);
        String second = payment(1);
        List<OutboxRow> run = small.claim("kafka").rows();
        assertEquals(headRows, rowsOf(run, first).size(), "the oldest payment, all its waiting rows");
        assertTrue(rowsOf(run, second).isEmpty(), "a payment past the rows the run reads waits for the next run");
        assertEquals(1, rowsOf(small.claim("kafka").rows(), second).size());
    }

    @Test
    void rows_under_a_live_lease_at_the_head_do_not_hide_the_payments_behind_them() throws SQLException {
        truncate();
        OutboxRelay one = new OutboxRelay(new Database(dataSource), 1, 30, 1000, 1000);
        String busy = payment(3 * OutboxRelay.SCAN_ROWS_PER_AGGREGATE);
        assertFalse(rowsOf(one.claim("kafka").rows(), busy).isEmpty());
        String next = payment(1);
        List<OutboxRow> run = one.claim("kafka").rows();
        assertEquals(1, rowsOf(run, next).size(), "the payment behind the leased rows is claimed");
        assertTrue(rowsOf(run, busy).isEmpty());
    }

    /**
     * The relays to Kafka and to RabbitMQ write the same rows at once (each its own columns, but a row lock is the
     * whole row): two statements that take the same rows in different orders deadlock, and PostgreSQL breaks that
     * only after a second by failing one of them (a relay run stopped, its events a second late). Every statement
     * that writes several outbox rows must take them in id order, whatever order the rows lie in on disk. Here they
     * lie in reverse id order; one row in the middle is held, and the statement, waiting for it, must hold only rows
     * before it.
     */
    @Test
    void every_statement_writing_several_outbox_rows_locks_them_in_id_order() throws Exception {
        java.sql.Timestamp lease = java.sql.Timestamp.from(java.time.Instant.parse("2026-01-01T00:00:00Z"));
        for (String destination : List.of("kafka", "rabbit")) {
            for (String statement : List.of("claim", "mark-published", "release")) {
                truncate();
                List<String> payments = List.of(payment(4), payment(4), payment(4), payment(4), payment(4));
                List<Long> rows = new ArrayList<>();
                try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
                    try (ResultSet rs = st.executeQuery("SELECT id FROM outbox ORDER BY id DESC")) {
                        while (rs.next()) {
                            rows.add(rs.getLong(1));
                        }
                    }
                    // Each row rewritten, newest id first: the rows' current versions now lie in reverse id order.
                    try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET " + destination + "_claimed_until = ? WHERE id = ?")) {
                        for (long id : rows) {
                            ps.setTimestamp(1, statement.equals("claim") ? null : lease);
                            ps.setLong(2, id);
                            ps.executeUpdate();
                        }
                    }
                }
                rows.sort(null);
                long held = rows.get(rows.size() / 2);
                java.util.Map<String, Object> params = statement.equals("claim")
                        ? java.util.Map.of("aggregateIds", payments, "leaseSeconds", 30)
                        : java.util.Map.of("ids", rows, "claimedUntil", lease);
                String name = "outbox/" + destination + "-" + statement;
                try (Connection holder = dataSource.getConnection()) {
                    holder.setAutoCommit(false);
                    try (Statement st = holder.createStatement()) {
                        st.executeQuery("SELECT id FROM outbox WHERE id = " + held + " FOR UPDATE").close();
                    }
                    java.util.concurrent.CompletableFuture<Integer> written = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                            statement.equals("claim") ? new Database(dataSource).query(name, params).size()
                                    : new Database(dataSource).update(name, params));
                    awaitWaitingForALock(name);
                    List<Long> locked = lockedBySomeoneElse(rows);
                    holder.rollback();
                    assertEquals(rows.size(), written.get(10, java.util.concurrent.TimeUnit.SECONDS), name + " wrote every row once free");
                    assertEquals(rows.stream().filter(id -> id <= held).toList(), locked,
                            name + " waits for row " + held + " holding exactly the rows before it");
                }
            }
        }
        truncate();
    }

    private static void awaitWaitingForALock(String statement) {
        dev.payroute.support.Await.until(statement + " waits for the held row", java.time.Duration.ofSeconds(10), () -> {
            try {
                return count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                        + " AND wait_event_type = 'Lock' AND query LIKE ?", "%outbox%") > 0;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The rows another transaction holds right now: those a SKIP LOCKED read of all of them does not get. */
    private static List<Long> lockedBySomeoneElse(List<Long> rows) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            List<Long> free = new ArrayList<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id FROM outbox WHERE id IN ("
                    + String.join(",", rows.stream().map(String::valueOf).toList()) + ") ORDER BY id FOR UPDATE SKIP LOCKED")) {
                while (rs.next()) {
                    free.add(rs.getLong(1));
                }
            } finally {
                c.rollback();
            }
            return rows.stream().filter(id -> !free.contains(id)).toList();
        }
    }

    private static void truncate() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("TRUNCATE outbox");
        }
    }

    private List<OutboxRow> claim(String destination) {
        return relay.claim(destination).rows();
    }

    private static List<OutboxRow> rowsOf(List<OutboxRow> batch, String payment) {
        return batch.stream().filter(row -> payment.equals(row.aggregateId())).toList();
    }

    private static List<Long> ids(List<OutboxRow> batch) {
        return batch.stream().map(OutboxRow::id).toList();
    }

    private static List<Long> sortedIds(List<OutboxRow> batch) {
        List<Long> sorted = new ArrayList<>(ids(batch));
        sorted.sort(null);
        return sorted;
    }

    private static String payment(int events) {
        String payment = UUID.randomUUID().toString();
        for (int i = 0; i < events; i++) {
            insert(payment);
        }
        return payment;
    }

    private static void insert(String payment) {
        execute("INSERT INTO outbox (event_id, event_type, aggregate_id, payload) VALUES (gen_random_uuid(), 'payment.test', ?,"
                + " CAST('{}' AS jsonb))", payment);
    }

    private static void execute(String sql, String param) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, param);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static long count(String sql, String param) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
