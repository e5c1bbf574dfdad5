package dev.payroute.ops;

import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaConsumer;
import org.apache.camel.component.kafka.TaskHealthState;
import dev.payroute.config.StripeSettings;
import dev.payroute.http.HttpReplies;
import dev.payroute.messaging.BrokerCheck;
import dev.payroute.messaging.OutboxStatus;
import dev.payroute.sql.Database;
import org.apache.camel.Exchange;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * /health, /health/live and /health/ready. Readiness asks every dependency the service needs to work.
 *
 * <p>Only the database decides readiness (503 when it does not answer): without it nothing can be
 * taken. A broker that is down is reported in the body (status "degraded", the broker "down", the
 * outbox backlog growing) while the answer stays 200: payments still work and their events wait in
 * the outbox, whereas taking every instance out of the load balancer because RabbitMQ or Kafka is
 * down would stop payments for nothing.
 *
 * <p>With Kafka configured, an instance becomes ready only once its payment_commands consumer has
 * subscribed (the state camel-kafka's consumer health check reads); after that a broker outage is
 * reported, not fatal.
 *
 * <p>The database check has its own deadline: a ping on the pool that has not answered within it
 * counts as down, so readiness answers 503 at once while the pool itself waits out its timeouts. One
 * ping at a time: probes that arrive while one is still out wait for that one.
 */
public final class HealthChecks {

    private final Database db;
    private final String environment;
    private final StripeSettings stripe;
    private final List<BrokerCheck> brokers;
    private final OutboxStatus outbox;
    private final CamelContext context;
    private final boolean kafkaConsumers;
    private final long databaseTimeoutMillis;
    private final ExecutorService databasePings;
    private Future<Boolean> databasePing;
    private volatile boolean consumersSubscribedOnce;

    public HealthChecks(Database db, String environment, StripeSettings stripe, List<BrokerCheck> brokers,
                        OutboxStatus outbox, CamelContext context, boolean kafkaConsumers, long databaseTimeoutMillis) {
        this.context = context;
        this.databaseTimeoutMillis = databaseTimeoutMillis;
        this.databasePings = context.getExecutorServiceManager().newSingleThreadExecutor(this, "database-ping");
        this.kafkaConsumers = kafkaConsumers;
        this.db = db;
        this.environment = environment;
        this.stripe = stripe;
        this.brokers = brokers;
        this.outbox = outbox;
    }

    public void health(Exchange exchange) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "healthy");
        body.put("service", "payroute");
        body.put("environment", environment);
        body.put("stripe_mode", stripe.mode().name().toLowerCase());
        HttpReplies.write(exchange, 200, "application/json", body);
    }

    public void live(Exchange exchange) {
        HttpReplies.write(exchange, 200, "application/json", Map.of("status", "alive"));
    }

    public void ready(Exchange exchange) {
        Map<String, Object> checks = new LinkedHashMap<>();
        boolean database = databaseUp();
        checks.put("database", database ? "up" : "down");
        boolean brokersUp = true;
        for (BrokerCheck broker : brokers) {
            String state = !broker.enabled() ? "disabled" : broker.up() ? "up" : "down";
            checks.put(broker.name(), state);
            brokersUp &= !state.equals("down");
        }
        boolean subscribed = true;
        if (kafkaConsumers) {
            boolean now = commandConsumerUp();
            consumersSubscribedOnce |= now;
            subscribed = consumersSubscribedOnce;
            checks.put("kafka_consumers", now ? "subscribed" : "not_subscribed");
        }
        boolean ready = database && subscribed;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", !ready ? "not_ready" : brokersUp ? "ready" : "degraded");
        body.put("checks", checks);
        if (database) {
            body.put("outbox", outboxSummary());
        }
        HttpReplies.write(exchange, ready ? 200 : 503, "application/json", body);
    }

    public void publishableKey(Exchange exchange) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("publishable_key", stripe.publishableKey());
        HttpReplies.write(exchange, 200, "application/json", body);
    }

    private Object outboxSummary() {
        try {
            return outbox.summary();
        } catch (RuntimeException e) {
            return "unavailable";
        }
    }

    /** The payment-commands route's Kafka consumer tasks are connected and subscribed (what its health check reads). */
    private boolean commandConsumerUp() {
        org.apache.camel.Route route = context.getRoute("payment-commands");
        if (route == null || !(route.getConsumer() instanceof KafkaConsumer consumer)) {
            return false;
        }
        var states = consumer.healthStates();
        return !states.isEmpty() && states.stream().allMatch(TaskHealthState::isReady);
    }

    private boolean databaseUp() {
        Future<Boolean> ping;
        synchronized (this) {
            if (databasePing == null || databasePing.isDone()) {
                databasePing = databasePings.submit(() -> !db.query("health/ping", Map.of()).isEmpty());
            }
            ping = databasePing;
        }
        try {
            return ping.get(databaseTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
