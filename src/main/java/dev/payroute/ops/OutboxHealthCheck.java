package dev.payroute.ops;

import dev.payroute.messaging.OutboxStatus;
import org.apache.camel.health.HealthCheckResultBuilder;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * Shows the outbox backlog (events waiting per broker, the age of the oldest) in the {@value #BACKLOG}
 * detail; it decides nothing. It reads only while the database answered the database check, which runs
 * first, and within that check's deadline, so a silent database never slows readiness down twice.
 */
public final class OutboxHealthCheck extends PayrouteHealthCheck {

    public static final String ID = "outbox";
    public static final String BACKLOG = "backlog";

    private final DatabaseHealthCheck database;
    private final BoundedProbe<Map<String, Object>> backlog;

    OutboxHealthCheck(OutboxStatus outbox, DatabaseHealthCheck database, ExecutorService thread, Duration deadline) {
        super(ID, 5, false);
        this.database = database;
        this.backlog = new BoundedProbe<>(thread, deadline, outbox::summary);
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (!database.answering()) {
            builder.message("not read: the database does not answer").unknown();
            return;
        }
        Optional<Map<String, Object>> read = backlog.ask();
        if (read.isPresent()) {
            builder.detail(BACKLOG, read.get()).up();
        } else {
            builder.message("the backlog could not be read in time").unknown();
        }
    }
}
