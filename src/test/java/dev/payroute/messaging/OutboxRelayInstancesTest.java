package dev.payroute.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.payroute.support.RouteTestSupport;
import dev.payroute.support.ServiceProcess;
import dev.payroute.support.StripeEvents;
import dev.payroute.support.TestKafka;
import dev.payroute.support.TestRabbit;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two payroute processes relay the same outbox to the same brokers at the same time (DESIGN §6:
 * scaling out is running more instances). Payments are created and moved on through both, so each
 * instance's relay sees every payment's events; with small batches the two keep taking turns. Every
 * event reaches both brokers, and no consumer sees a payment's events out of order.
 */
@org.junit.jupiter.api.Tag("integration")
class OutboxRelayInstancesTest {

    private static final String DATABASE = dev.payroute.support.TestRun.jdbcUrl();
    private static final int PAYMENTS = 10;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void two_instances_relaying_one_outbox_publish_every_event_once_or_more_in_order_per_payment() throws Exception {
        Map<String, String> env = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", TestKafka.bootstrapServers(),
                "RABBITMQ_URL", TestRabbit.directUrl());
        Map<String, String> properties = Map.of(
                // Small batches, so that both instances keep claiming while events come in.
                "payroute.outbox.batch-size", "2",
                "payroute.reconciliation.period-ms", "3600000");
        try (PublishedEvents kafka = PublishedEvents.kafka(); PublishedEvents rabbit = PublishedEvents.rabbit();
             ServiceProcess first = ServiceProcess.start("relay-a", env, properties);
             ServiceProcess second = ServiceProcess.start("relay-b", env, properties)) {
            first.awaitReady(Duration.ofSeconds(60));
            second.awaitReady(Duration.ofSeconds(60));
            List<ServiceProcess> instances = List.of(first, second);

            Set<String> payments = ConcurrentHashMap.newKeySet();
            ExecutorService pool = Executors.newFixedThreadPool(5);
            try {
                List<Future<?>> runs = new ArrayList<>();
                for (int i = 0; i < PAYMENTS; i++) {
                    int n = i;
                    runs.add(pool.submit(() -> {
                        JsonNode payment = create(instances.get(n % 2), 500 + n);
                        payments.add(payment.get("id").asText());
                        moveOn(instances, n, payment.get("payment_intent_id").asText(), 500 + n);
                        return null;
                    }));
                }
                for (Future<?> run : runs) {
                    run.get(90, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }

            Map<String, List<String>> order = kafka.awaitInOrder(() -> outboxOrder(payments), Duration.ofSeconds(30));
            rabbit.awaitInOrder(() -> outboxOrder(payments), Duration.ofSeconds(30));
            assertEquals(PAYMENTS, order.size());
            order.forEach((payment, events) -> assertEquals(5, events.size(), "events of " + payment + ": " + events));

            long[] published = new long[2];
            for (int i = 0; i < 2; i++) {
                JsonNode view = adminView(instances.get(i));
                published[i] = view.at("/destinations/kafka/relay/published_since_start").asLong()
                        + view.at("/destinations/rabbitmq/relay/published_since_start").asLong();
            }
            System.out.printf("events published by instance a: %d, b: %d%n", published[0], published[1]);
            assertTrue(published[0] > 0 && published[1] > 0, "both instances relayed: " + published[0] + " / " + published[1]);
        }
    }

    @Test
    void a_backlog_drains_in_one_tick_while_the_runs_claim_full_batches() throws Exception {
        // A database of its own: no other test's events compete for the relay's places.
        String database = "payroute_relay_tick_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String url = DATABASE.substring(0, DATABASE.lastIndexOf('/') + 1) + database;
        try (Connection admin = dev.payroute.support.TestRun.connect()) {
            admin.createStatement().execute("CREATE DATABASE " + database);
        }
        try {
            Map<String, String> properties = Map.of(
                    // Two payments a run, ten runs a tick, a tick every 15 s: twelve payments waiting take one tick.
                    "payroute.outbox.batch-size", "2",
                    "payroute.outbox.runs-per-tick", "10",
                    "payroute.outbox.relay-period-ms", "15000",
                    "payroute.reconciliation.period-ms", "3600000");
            try (ServiceProcess relay = ServiceProcess.start("relay-tick",
                    Map.of("DATABASE_URL", url, "RABBITMQ_URL", TestRabbit.directUrl()), properties)) {
                relay.awaitReady(Duration.ofSeconds(60));
                try (Connection c = DriverManager.getConnection(url, "postgres", "");
                     PreparedStatement insert = c.prepareStatement("INSERT INTO outbox (event_id, event_type, aggregate_id, payload)"
                             + " VALUES (gen_random_uuid(), 'payment.test', ?, CAST('{}' AS jsonb))")) {
                    for (int i = 0; i < 12; i++) {
                        insert.setString(1, UUID.randomUUID().toString());
                        insert.executeUpdate();
                    }
                    dev.payroute.support.Await.until("the twelve events relayed to RabbitMQ", Duration.ofSeconds(45),
                            () -> count(c, "SELECT count(*) FROM outbox WHERE rabbit_published_at IS NOT NULL") == 12);
                    try (ResultSet rs = c.createStatement().executeQuery("SELECT extract(epoch FROM max(rabbit_published_at)"
                            + " - min(rabbit_published_at)) FROM outbox")) {
                        rs.next();
                        double spread = rs.getDouble(1);
                        // One run a tick would take six ticks (75 s); the runs of one tick follow each other at once.
                        assertTrue(spread < 5, "published within " + spread + " s of each other: one tick");
                    }
                }
            }
        } finally {
            try (Connection admin = dev.payroute.support.TestRun.connect()) {
                admin.createStatement().execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    @Test
    void an_instance_with_no_broker_configured_starts_ready_and_keeps_its_events_waiting() throws Exception {
        try (ServiceProcess alone = ServiceProcess.start("no-brokers", Map.of("RABBITMQ_ENABLED", "false"),
                Map.of("payroute.reconciliation.period-ms", "3600000"))) {
            alone.awaitReady(Duration.ofSeconds(60));
            String payment = create(alone, 800).get("id").asText();
            HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(alone.baseUrl() + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ready.statusCode(), ready.body());
            JsonNode body = PublishedEvents.parse(ready.body());
            assertEquals("ready", body.get("status").asText(), ready.body());
            assertEquals("disabled", body.at("/checks/kafka").asText());
            assertEquals("disabled", body.at("/checks/rabbitmq").asText());
            assertTrue(body.at("/outbox/kafka_backlog").asLong() >= 1, ready.body());
            JsonNode view = adminView(alone);
            assertEquals(false, view.at("/destinations/kafka/relayed").asBoolean());
            assertEquals(false, view.at("/destinations/rabbitmq/relayed").asBoolean());
            String log = java.nio.file.Files.readString(alone.log());
            assertTrue(log.contains("Disabled outbox-relay-kafka") && log.contains("Disabled outbox-relay-rabbitmq"),
                    "the relay routes did not start (autoStartup false)");
            assertEquals("1", queryOne("SELECT CAST(count(*) AS text) FROM outbox WHERE aggregate_id = ?"
                    + " AND kafka_published_at IS NULL AND rabbit_published_at IS NULL", payment), "the event waits in the outbox");
        }
    }

    private JsonNode create(ServiceProcess instance, long amount) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(instance.baseUrl() + "/api/v1/payments"))
                .header("Authorization", "Bearer " + RouteTestSupport.PAYMENTS_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":" + amount + ",\"currency\":\"usd\",\"order_id\":\"two-"
                        + UUID.randomUUID() + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        return PublishedEvents.parse(r.body());
    }

    // Each change goes to the other instance than the one before.
    private void moveOn(List<ServiceProcess> instances, int n, String intentId, long amount) throws Exception {
        List<String> events = new ArrayList<>();
        events.add(StripeEvents.event("payment_intent.requires_action", StripeEvents.paymentIntent(intentId, "requires_action", amount)));
        events.add(StripeEvents.event("payment_intent.processing", StripeEvents.paymentIntent(intentId, "processing", amount)));
        events.add(StripeEvents.event("charge.succeeded", StripeEvents.charge(intentId, amount, true)));
        ObjectNode refunded = StripeEvents.charge(intentId, amount, true);
        refunded.put("amount_refunded", amount);
        refunded.put("refunded", true);
        events.add(StripeEvents.event("charge.refunded", refunded));
        for (int step = 0; step < events.size(); step++) {
            String event = events.get(step);
            ServiceProcess instance = instances.get((n + step + 1) % 2);
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(instance.baseUrl() + "/api/v1/webhooks/stripe"))
                    .header("Content-Type", "application/json")
                    .header("Stripe-Signature", StripeEvents.sign(event, RouteTestSupport.WEBHOOK_SECRET))
                    .POST(HttpRequest.BodyPublishers.ofString(event)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            awaitProcessed(StripeEvents.idOf(event));
        }
    }

    private static void awaitProcessed(String stripeEventId) {
        dev.payroute.support.Await.until("webhook " + stripeEventId + " is processed", Duration.ofSeconds(20),
                () -> "PROCESSED".equals(queryOne("SELECT status FROM webhook_events WHERE stripe_event_id = ?", stripeEventId)));
    }

    private JsonNode adminView(ServiceProcess instance) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(instance.baseUrl() + "/api/v1/admin/outbox"))
                .header("Authorization", "Bearer " + RouteTestSupport.ADMIN_KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return PublishedEvents.parse(r.body());
    }

    private static Map<String, List<String>> outboxOrder(Set<String> paymentIds) {
        Map<String, List<String>> order = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(DATABASE, "postgres", "");
             PreparedStatement ps = c.prepareStatement("SELECT aggregate_id, CAST(event_id AS text) FROM outbox"
                     + " WHERE aggregate_id = ANY(?) ORDER BY id")) {
            ps.setArray(1, c.createArrayOf("text", paymentIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    order.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        return order;
    }

    private static long count(Connection c, String sql) {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static String queryOne(String sql, String param) {
        try (Connection c = DriverManager.getConnection(DATABASE, "postgres", "");
             PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
