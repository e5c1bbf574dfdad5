package dev.payroute.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.payroute.support.RouteTestSupport;
import dev.payroute.support.ServiceProcess;
import dev.payroute.support.StripeEvents;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The service JVM is killed (SIGKILL) after it stored and acknowledged an event and before it
 * applied it; the next instance applies it, once. The first instance runs without its processing
 * route (routes-exclude-pattern), so the kill lands in that window every time.
 */
@org.junit.jupiter.api.Tag("integration")
class WebhookCrashRecoveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    private static final Map<String, String> QUICK = Map.of(
            "payroute.webhooks.sweep-period-ms", "300",
            "payroute.webhooks.lease-seconds", "1",
            "payroute.reconciliation.period-ms", "3600000");

    @Test
    void an_event_acknowledged_before_a_crash_is_applied_once_after_restart() throws Exception {
        Map<String, String> withoutProcessing = new java.util.HashMap<>(QUICK);
        withoutProcessing.put("camel.main.routes-exclude-pattern", "**/webhook-process.camel.yaml");
        String paymentId;
        String eventId;
        try (ServiceProcess first = ServiceProcess.start("crash-first", Map.of(), withoutProcessing)) {
            first.awaitReady(Duration.ofSeconds(60));
            JsonNode payment = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(first.baseUrl() + "/api/v1/payments"))
                    .header("Authorization", "Bearer " + RouteTestSupport.PAYMENTS_KEY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":6100,\"currency\":\"usd\",\"order_id\":\"crash-" + UUID.randomUUID() + "\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body());
            paymentId = payment.get("id").asText();
            String event = StripeEvents.event("payment_intent.succeeded",
                    StripeEvents.paymentIntent(payment.get("payment_intent_id").asText(), "succeeded", 6100));
            eventId = StripeEvents.idOf(event);
            HttpResponse<String> ack = http.send(HttpRequest.newBuilder(URI.create(first.baseUrl() + "/api/v1/webhooks/stripe"))
                    .header("Content-Type", "application/json")
                    .header("Stripe-Signature", StripeEvents.sign(event, RouteTestSupport.WEBHOOK_SECRET))
                    .POST(HttpRequest.BodyPublishers.ofString(event)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ack.statusCode(), ack.body());
            assertEquals("RECEIVED", query("SELECT status FROM webhook_events WHERE stripe_event_id = ?", eventId));
            first.kill9();
        }
        assertEquals("PENDING", query("SELECT status FROM payments WHERE id = ?", UUID.fromString(paymentId)));

        try (ServiceProcess second = ServiceProcess.start("crash-second", Map.of(), QUICK)) {
            second.awaitReady(Duration.ofSeconds(60));
            dev.payroute.support.Await.until("the stored event is applied", Duration.ofSeconds(30),
                    () -> "PROCESSED".equals(query("SELECT status FROM webhook_events WHERE stripe_event_id = ?", eventId)));
        }
        assertEquals("SUCCEEDED", query("SELECT status FROM payments WHERE id = ?", UUID.fromString(paymentId)));
        assertEquals("1", query("SELECT count(*)::text FROM payment_transitions WHERE payment_id = ? AND to_status = 'SUCCEEDED'"
                + " AND outcome = 'APPLIED'", UUID.fromString(paymentId)));
        assertEquals("1", query("SELECT count(*)::text FROM outbox WHERE aggregate_id = ? AND event_type = 'payment.completed'", paymentId));
    }

    @Test
    void two_instances_receiving_the_same_event_at_once_apply_it_once() throws Exception {
        try (ServiceProcess a = ServiceProcess.start("twin-a", Map.of(), QUICK);
             ServiceProcess b = ServiceProcess.start("twin-b", Map.of(), QUICK)) {
            a.awaitReady(Duration.ofSeconds(60));
            b.awaitReady(Duration.ofSeconds(60));
            JsonNode payment = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(a.baseUrl() + "/api/v1/payments"))
                    .header("Authorization", "Bearer " + RouteTestSupport.PAYMENTS_KEY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":4100,\"currency\":\"usd\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body());
            String paymentId = payment.get("id").asText();
            String event = StripeEvents.event("payment_intent.succeeded",
                    StripeEvents.paymentIntent(payment.get("payment_intent_id").asText(), "succeeded", 4100));
            String signature = StripeEvents.sign(event, RouteTestSupport.WEBHOOK_SECRET);
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
            try {
                java.util.List<java.util.concurrent.Future<Integer>> replies = new java.util.ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    String base = (i % 2 == 0 ? a : b).baseUrl();
                    replies.add(pool.submit(() -> {
                        start.await();
                        return http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/webhooks/stripe"))
                                .header("Content-Type", "application/json").header("Stripe-Signature", signature)
                                .POST(HttpRequest.BodyPublishers.ofString(event)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                    }));
                }
                start.countDown();
                for (java.util.concurrent.Future<Integer> reply : replies) {
                    assertEquals(200, reply.get());
                }
            } finally {
                pool.shutdownNow();
            }
            String eventId = StripeEvents.idOf(event);
            dev.payroute.support.Await.until("the event is applied", Duration.ofSeconds(30),
                    () -> "PROCESSED".equals(query("SELECT status FROM webhook_events WHERE stripe_event_id = ?", eventId)));
            assertEquals("1", query("SELECT count(*)::text FROM webhook_events WHERE stripe_event_id = ?", eventId));
            assertEquals("1", query("SELECT count(*)::text FROM payment_transitions WHERE payment_id = ? AND to_status = 'SUCCEEDED'"
                    + " AND outcome = 'APPLIED'", UUID.fromString(paymentId)));
            assertEquals("1", query("SELECT count(*)::text FROM outbox WHERE aggregate_id = ? AND event_type = 'payment.completed'", paymentId));
        }
    }

    private static String query(String sql, Object param) {
        try (Connection c = DriverManager.getConnection(dev.payroute.support.TestRun.jdbcUrl(), "postgres", "");
             PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }
}
