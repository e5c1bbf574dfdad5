package dev.payroute.sql;

import com.zaxxer.hikari.HikariDataSource;
import dev.payroute.support.TestRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A deadlock is a race, not an error (DESIGN §3.7): two transactions that lock the same rows in opposite
 * order, against the real PostgreSQL, both complete; PostgreSQL aborts one and Database runs it again.
 */
@org.junit.jupiter.api.Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseRetryTest {

    private HikariDataSource dataSource;
    private JdbcTemplate jdbc;

    @BeforeAll
    void open() {
        dataSource = TestRun.openDatabase(4);
        jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("CREATE TABLE IF NOT EXISTS retry_probe (id int PRIMARY KEY, n int NOT NULL)");
        jdbc.execute("TRUNCATE retry_probe");
        jdbc.execute("INSERT INTO retry_probe VALUES (1, 0), (2, 0)");
    }

    @AfterAll
    void close() {
        jdbc.execute("DROP TABLE retry_probe");
        dataSource.close();
    }

    @Test
    void a_transaction_chosen_as_deadlock_victim_runs_again_and_both_complete() throws Exception {
        Database db = new Database(dataSource);
        // Each first attempt waits until both hold their first row, so that the second locks cross.
        CyclicBarrier bothHoldTheirFirstRow = new CyclicBarrier(2);
        AtomicInteger attempts = new AtomicInteger();
        CompletableFuture<Void> oneThenTwo = CompletableFuture.runAsync(() -> lockBoth(db, 1, 2, bothHoldTheirFirstRow, attempts));
        CompletableFuture<Void> twoThenOne = CompletableFuture.runAsync(() -> lockBoth(db, 2, 1, bothHoldTheirFirstRow, attempts));
        CompletableFuture.allOf(oneThenTwo, twoThenOne).get(30, TimeUnit.SECONDS);
        assertTrue(attempts.get() >= 3, "one of them was a deadlock victim and ran again (" + attempts.get() + " attempts)");
        assertEquals(2, jdbc.queryForObject("SELECT n FROM retry_probe WHERE id = 1", Integer.class));
        assertEquals(2, jdbc.queryForObject("SELECT n FROM retry_probe WHERE id = 2", Integer.class));
    }

    private void lockBoth(Database db, int first, int second, CyclicBarrier barrier, AtomicInteger attempts) {
        db.inTransaction(() -> {
            int attempt = attempts.incrementAndGet();
            db.update("test/retry-probe-increment", Map.of("id", first));
            if (attempt <= 2) {
                try {
                    barrier.await(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            db.update("test/retry-probe-increment", Map.of("id", second));
            return null;
        });
    }
}
