package dev.payroute.ops;

import dev.payroute.sql.Database;
import org.apache.camel.health.HealthCheckResultBuilder;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * PostgreSQL answers a ping within its own deadline (payroute.database.health-timeout-ms), whatever
 * the pool is waiting for: without the database nothing can be taken, so readiness answers 503 within
 * about a second of it going silent, while requests wait out the pool's and the driver's timeouts.
 */
public final class DatabaseHealthCheck extends PayrouteHealthCheck {

    public static final String ID = "database";

    private final BoundedProbe<Boolean> ping;
    private final Duration deadline;
    private volatile boolean answering;

    DatabaseHealthCheck(Database db, ExecutorService thread, Duration deadline) {
        super(ID, 1, false);
        this.deadline = deadline;
        this.ping = new BoundedProbe<>(thread, deadline, () -> !db.query("health/ping", Map.of()).isEmpty());
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        answering = ping.ask().orElse(false);
        if (answering) {
            builder.up();
        } else {
            builder.down().message("PostgreSQL did not answer a ping within " + deadline.toMillis() + " ms");
        }
    }

    /** Whether the database answered the last ping; the outbox check reads the backlog only then. */
    boolean answering() {
        return answering;
    }
}
