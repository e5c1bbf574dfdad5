package dev.payroute.sql;

import com.zaxxer.hikari.HikariDataSource;
import dev.payroute.support.RoundTrips;
import dev.payroute.support.TestRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Database.updateLater against the real PostgreSQL: a write whose result nobody reads goes with the transaction's next
 * statement in one round trip, or alone just before the commit; the transaction reads what it wrote; a rollback drops
 * what was not sent; outside a transaction it runs at once.
 */
@org.junit.jupiter.api.Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseWritesLaterTest {

    static {
        RoundTrips.install();
    }

    private HikariDataSource dataSource;
    private JdbcTemplate jdbc;
    private Database db;

    @BeforeAll
    void open() {
        dataSource = TestRun.openDatabase(2);
        jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("CREATE TABLE IF NOT EXISTS later_probe (id serial PRIMARY KEY, name text NOT NULL, note text, n int)");
        jdbc.execute("TRUNCATE later_probe");
        db = new Database(dataSource);
    }

    @AfterAll
    void close() {
        jdbc.execute("DROP TABLE later_probe");
        dataSource.close();
    }

    private static Map<String, Object> row(String name, String note) {
        Map<String, Object> params = new HashMap<>();
        params.put("name", name);
        params.put("note", note);
        return params;
    }

    private long count(String name) {
        return jdbc.queryForObject("SELECT count(*) FROM later_probe WHERE name = ?", Long.class, name);
    }

    @Test
    void waiting_writes_go_with_the_next_statement_in_one_round_trip_and_are_read_by_it() {
        String thread = Thread.currentThread().getName();
        RoundTrips.start();
        Map<String, Object> counted = db.inTransaction(() -> {
            db.updateLater("test/later-insert", row("together", "first"));
            db.updateLater("test/later-insert", row("together", null));
            return db.queryOne("test/later-count", Map.of("name", "together")).orElseThrow();
        });
        List<RoundTrips.Trip> trips = RoundTrips.of(RoundTrips.stop(), thread::equals);
        assertEquals(2L, ((Number) counted.get("n")).longValue(), "the statement read both writes");
        assertEquals(1L, ((Number) counted.get("notes")).longValue(), "a null parameter stays null");
        assertEquals(2, RoundTrips.roundTrips(trips), "one statement round trip and the commit:" + RoundTrips.describe(trips));
        assertEquals(2L, jdbc.queryForObject("SELECT count(*) FROM later_probe WHERE name = 'together' AND n = 1", Long.class),
                "the statement's quoted text, comment and cast were left alone");
    }

    @Test
    void writes_nothing_follows_are_sent_just_before_the_commit() {
        String thread = Thread.currentThread().getName();
        RoundTrips.start();
        db.inTransaction(() -> {
            db.updateLater("test/later-insert", row("at-commit", "a"));
            db.updateLater("test/later-insert", row("at-commit", "b"));
            return null;
        });
        List<RoundTrips.Trip> trips = RoundTrips.of(RoundTrips.stop(), thread::equals);
        assertEquals(2, count("at-commit"));
        assertEquals(2, RoundTrips.roundTrips(trips), "both writes in one round trip, then the commit:" + RoundTrips.describe(trips));
    }

    @Test
    void a_rollback_drops_what_was_not_sent_and_the_next_transaction_starts_clean() {
        assertThrows(IllegalStateException.class, () -> db.inTransaction(() -> {
            db.updateLater("test/later-insert", row("rolled-back", "x"));
            throw new IllegalStateException("the work fails");
        }));
        db.inTransaction(() -> db.update("test/later-insert", row("after-rollback", "y")));
        assertEquals(0, count("rolled-back"));
        assertEquals(1, count("after-rollback"));
    }

    @Test
    void a_sent_write_rolls_back_with_its_transaction() {
        assertThrows(IllegalStateException.class, () -> db.inTransaction(() -> {
            db.updateLater("test/later-insert", row("sent-then-rolled-back", "x"));
            db.queryOne("test/later-count", Map.of("name", "sent-then-rolled-back"));
            throw new IllegalStateException("the work fails after the write was sent");
        }));
        assertEquals(0, count("sent-then-rolled-back"));
    }

    @Test
    void outside_a_transaction_a_write_runs_at_once() {
        db.updateLater("test/later-insert", row("at-once", "z"));
        assertEquals(1, count("at-once"));
    }

    @Test
    void parameters_are_renamed_apart_outside_quotes_comments_and_casts() {
        assertEquals("SELECT :w0_a, ':b', x::int, CAST(:w0_c AS text) -- :d's\nFROM t WHERE e = :w0_e",
                Database.renameParameters("SELECT :a, ':b', x::int, CAST(:c AS text) -- :d's\nFROM t WHERE e = :e", "w0_"));
    }
}
