package dev.payroute.ops;

import dev.payroute.messaging.BrokerCheck;
import dev.payroute.messaging.OutboxStatus;
import dev.payroute.sql.Database;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.ExecutorServiceManager;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;

/** Registers payroute's readiness checks with the context's health-check registry (camel-health). */
public final class PayrouteHealthChecks {

    private PayrouteHealthChecks() {
    }

    /**
     * @param commandsRouteId the Kafka consumer route readiness waits for; null when Kafka is not configured
     * @param databaseDeadline how long the database check (and the backlog read after it) waits for PostgreSQL
     */
    public static void register(CamelContext context, Database db, List<BrokerCheck> brokers, OutboxStatus outbox,
                                String commandsRouteId, Duration databaseDeadline) {
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        if (registry == null) {
            throw new IllegalStateException("no health-check registry: camel-health must be on the classpath");
        }
        // One thread each, ended with the context: a call stuck on a silent database holds only its own.
        ExecutorServiceManager threads = context.getExecutorServiceManager();
        ExecutorService pings = threads.newSingleThreadExecutor(PayrouteHealthChecks.class, "database-ping");
        ExecutorService backlogReads = threads.newSingleThreadExecutor(PayrouteHealthChecks.class, "outbox-backlog");
        DatabaseHealthCheck database = new DatabaseHealthCheck(db, pings, databaseDeadline);
        List<HealthCheck> checks = new ArrayList<>();
        checks.add(database);
        int order = 2;
        for (BrokerCheck broker : brokers) {
            checks.add(new BrokerHealthCheck(broker, order++));
        }
        if (commandsRouteId != null) {
            checks.add(new KafkaConsumersHealthCheck(commandsRouteId));
        }
        checks.add(new OutboxHealthCheck(outbox, database, backlogReads, databaseDeadline));
        for (HealthCheck check : checks) {
            if (!registry.register(check)) {
                throw new IllegalStateException("a health check with id " + check.getId() + " is already registered");
            }
        }
    }
}
