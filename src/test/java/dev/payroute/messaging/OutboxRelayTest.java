package dev.payroute.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.payroute.devstack.KafkaBroker;
import dev.payroute.support.RouteTestSupport;
import dev.payroute.support.TcpProxy;
import dev.payroute.support.TestKafka;
import dev.payroute.support.TestRabbit;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.payroute.support.StripeEvents.charge;
import static dev.payroute.support.StripeEvents.event;
import static dev.payroute.support.StripeEvents.idOf;
import static dev.payroute.support.StripeEvents.paymentIntent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DESIGN §3.1, nothing lost between the database and a broker: every event the outbox holds reaches the
 * real Kafka broker and the real RabbitMQ, with its fields, in order per payment, also when either broker
 * is unreachable for a while (the other one carries on meanwhile).
 */
class OutboxRelayTest extends RouteTestSupport {

    private static final Duration DELIVERY = Duration.ofSeconds(30);

    @Test
    void every_state_change_reaches_kafka_and_rabbitmq_with_the_event_fields() throws Exception {
        try (PublishedEvents kafka = PublishedEvents.kafka(); PublishedEvents rabbit = PublishedEvents.rabbit()) {
            String correlationId = "corr-" + UUID.randomUUID();
            String orderId = "order-" + UUID.randomUUID();
            Reply created = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/api/v1/payments"))
                    .header("Authorization", "Bearer " + PAYMENTS_KEY).header("Content-Type", "application/json")
                    .header("X-Correlation-Id", correlationId)
                    .POST(HttpRequest.BodyPublishers.ofString(paymentJson(orderId, 2500))));
            assertEquals(201, created.status(), created.body());
            String paid = created.json().get("id").asText();
            assertEquals(200, confirm(paid, "pm_card_visa").status());
            String declined = createPayment("order-" + UUID.randomUUID(), 700).get("id").asText();
            assertEquals(402, confirm(declined, "pm_card_chargeDeclined").status());
            String challenged = createPayment("order-" + UUID.randomUUID(), 900).get("id").asText();
            assertEquals(200, confirm(challenged, "pm_card_threeDSecure2Required").status());
            Set<String> payments = Set.of(paid, declined, challenged);

            Map<String, List<String>> order = kafka.awaitInOrder(() -> outboxOrder(payments), DELIVERY);
            rabbit.awaitInOrder(() -> outboxOrder(payments), DELIVERY);
            assertEquals(List.of("payment.initiated", "payment.completed"), types(paid));
            assertEquals(List.of("payment.initiated", "payment.failed"), types(declined));
            assertEquals(List.of("payment.initiated", "payment.requires_action"), types(challenged));

            Map<String, PublishedEvents.Delivery> onKafka = kafka.firstDeliveries(payments);
            Map<String, PublishedEvents.Delivery> onRabbit = rabbit.firstDeliveries(payments);
            Set<String> eventIds = new HashSet<>();
            order.values().forEach(eventIds::addAll);
            assertEquals(6, eventIds.size(), "every change has an event of its own: " + order);
            assertEquals(eventIds, onKafka.keySet());
            assertEquals(eventIds, onRabbit.keySet());
            for (String eventId : eventIds) {
                PublishedEvents.Delivery k = onKafka.get(eventId);
                PublishedEvents.Delivery r = onRabbit.get(eventId);
                JsonNode event = k.payload();
                String type = event.path("type").asText();
                assertTrue(type.startsWith("payment."), event.toString());
                assertEquals(eventId, event.path("event_id").asText());
                assertTrue(payments.contains(event.path("payment_id").asText()), event.toString());
                assertTrue(event.hasNonNull("correlation_id"), event.toString());
                assertTrue(event.path("order_id").asText().startsWith("order-"), event.toString());
                assertFalse(event.path("occurred_at").asText().isEmpty(), event.toString());
                assertEquals(event, r.payload(), "the same event on both brokers");
                // Kafka: keyed by payment, so a payment's events share a partition; headers name the event.
                assertEquals(event.path("payment_id").asText(), k.key());
                assertEquals(type, k.headers().get("event_type"));
                assertEquals(eventId, k.headers().get("event_id"));
                // RabbitMQ: routing key = type, persistent, JSON, the event id as message id.
                assertEquals(type, r.key());
                assertEquals(2, r.properties().get("delivery_mode"), "persistent");
                assertEquals("application/json", r.properties().get("content_type"));
                assertEquals(eventId, r.properties().get("message_id"));
                assertEquals(type, r.properties().get("type"));
                assertEquals(type, r.headers().get("event_type"));
                assertEquals(eventId, r.headers().get("event_id"));
            }
            // The create request's correlation id; the completion may come from the stand-in's webhook, with its own.
            onKafka.values().stream().filter(d -> d.paymentId().equals(paid) && d.payload().path("type").asText().equals("payment.initiated"))
                    .forEach(d -> assertEquals(correlationId, d.payload().path("correlation_id").asText()));
            onKafka.values().stream().filter(d -> d.paymentId().equals(paid))
                    .forEach(d -> assertEquals(orderId, d.payload().path("order_id").asText()));
            await("the rows are marked published to both brokers", () -> count("SELECT count(*) FROM outbox WHERE aggregate_id = ANY(?)"
                    + " AND kafka_published_at IS NOT NULL AND rabbit_published_at IS NOT NULL", array(payments)) == 6);
        }
    }

    @Test
    void each_payments_events_arrive_in_order_across_a_burst_of_changes_to_many_payments() throws Exception {
        try (PublishedEvents kafka = PublishedEvents.kafka(); PublishedEvents rabbit = PublishedEvents.rabbit()) {
            List<JsonNode> created = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                created.add(createPayment("burst-" + UUID.randomUUID(), 1000 + i));
            }
            ExecutorService pool = Executors.newFixedThreadPool(created.size());
            try {
                List<Future<?>> runs = new ArrayList<>();
                for (JsonNode payment : created) {
                    runs.add(pool.submit(() -> moveThroughItsLife(payment.get("payment_intent_id").asText(),
                            payment.get("amount").asLong())));
                }
                for (Future<?> run : runs) {
                    run.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            Set<String> payments = new HashSet<>();
            created.forEach(p -> payments.add(p.get("id").asText()));
            Map<String, List<String>> order = kafka.awaitInOrder(() -> outboxOrder(payments), DELIVERY);
            rabbit.awaitInOrder(() -> outboxOrder(payments), DELIVERY);
            for (String payment : payments) {
                assertEquals(List.of("payment.initiated", "payment.requires_action", "payment.processing", "payment.completed",
                        "payment.refunded", "payment.refunded"), types(payment));
                assertEquals(6, order.get(payment).size());
            }
            // A payment's events all sit in one partition: that is what keeps them in order for consumers.
            for (String payment : payments) {
                assertEquals(1, kafka.received().stream().filter(d -> d.paymentId().equals(payment))
                        .map(d -> d.properties().get("partition")).distinct().count(), "partitions of " + payment);
            }
        }
    }

    @Test
    void events_made_while_kafka_is_down_arrive_once_it_is_back_and_rabbitmq_does_not_wait_for_it() throws Exception {
        KafkaBroker broker = TestKafka.broker();
        Set<String> payments = new HashSet<>();
        try (PublishedEvents rabbit = PublishedEvents.rabbit()) {
            broker.kill();
            try {
                for (int i = 0; i < 4; i++) {
                    String id = createPayment("kafka-down-" + UUID.randomUUID(), 1100 + i).get("id").asText();
                    assertEquals(200, confirm(id, "pm_card_visa").status());
                    payments.add(id);
                }
                rabbit.awaitInOrder(() -> outboxOrder(payments), DELIVERY);
                // A row is marked just after the broker's acknowledgement, so a consumer may see it a moment earlier.
                await("all on RabbitMQ, waiting for Kafka", () -> count("SELECT count(*) FROM outbox WHERE aggregate_id = ANY(?)"
                        + " AND kafka_published_at IS NULL AND rabbit_published_at IS NOT NULL", array(payments)) == 8);

                await("readiness reports Kafka down", () -> "down".equals(get("/health/ready", null).json().at("/checks/kafka").asText()));
                Reply ready = get("/health/ready", null);
                assertEquals(200, ready.status(), "payments still work: the instance stays in the load balancer");
                assertEquals("degraded", ready.json().get("status").asText(), ready.body());
                assertEquals("up", ready.json().at("/checks/database").asText());
                assertEquals("up", ready.json().at("/checks/rabbitmq").asText());
                assertTrue(ready.json().at("/outbox/kafka_backlog").asLong() >= 8, ready.body());
                assertTrue(ready.json().at("/outbox/oldest_unpublished_seconds").isNumber(), ready.body());
            } finally {
                broker.restart();
            }
        }
        try (PublishedEvents kafka = PublishedEvents.kafka()) {
            kafka.awaitInOrder(() -> outboxOrder(payments), DELIVERY);
        }
        await("the Kafka backlog is gone", () -> count("SELECT count(*) FROM outbox WHERE kafka_published_at IS NULL") == 0);
        await("readiness is back to ready", () -> "ready".equals(get("/health/ready", null).json().get("status").asText()));
    }

    @Test
    void events_made_while_rabbitmq_is_unreachable_arrive_once_it_is_back_and_kafka_does_not_wait_for_it() throws Exception {
        TcpProxy rabbitLink = TestRabbit.proxy();
        Set<String> payments = new HashSet<>();
        try (PublishedEvents rabbit = PublishedEvents.rabbit(); PublishedEvents kafka = PublishedEvents.kafka()) {
            rabbitLink.stop();
            try {
                for (int i = 0; i < 4; i++) {
                    String id = createPayment("rabbit-down-" + UUID.randomUUID(), 1200 + i).get("id").asText();
                    assertEquals(200, confirm(id, "pm_card_visa").status());
                    payments.add(id);
                }
                kafka.awaitInOrder(() -> outboxOrder(payments), DELIVERY);
                await("all on Kafka, waiting for RabbitMQ", () -> count("SELECT count(*) FROM outbox WHERE aggregate_id = ANY(?)"
                        + " AND rabbit_published_at IS NULL AND kafka_published_at IS NOT NULL", array(payments)) == 8);

                Reply ready = get("/health/ready", null);
                assertEquals(200, ready.status());
                assertEquals("degraded", ready.json().get("status").asText(), ready.body());
                assertEquals("down", ready.json().at("/checks/rabbitmq").asText(), ready.body());
                assertEquals("up", ready.json().at("/checks/kafka").asText(), ready.body());
                assertTrue(ready.json().at("/outbox/rabbit_backlog").asLong() >= 8, ready.body());

                assertEquals(403, get("/api/v1/admin/outbox", PAYMENTS_KEY).status());
                await("the admin view shows the RabbitMQ relay failing", () -> get("/api/v1/admin/outbox", ADMIN_KEY).json()
                        .at("/destinations/rabbitmq/relay/consecutive_failures").asInt() > 0);
                Reply admin = get("/api/v1/admin/outbox", ADMIN_KEY);
                assertEquals(200, admin.status(), admin.body());
                JsonNode rabbitView = admin.json().at("/destinations/rabbitmq");
                assertTrue(rabbitView.get("relayed").asBoolean());
                assertEquals(TestRabbit.exchange(), rabbitView.get("exchange").asText());
                assertTrue(rabbitView.get("backlog").asLong() >= 8, admin.body());
                assertTrue(rabbitView.get("oldest_unpublished_seconds").isNumber(), admin.body());
                assertTrue(rabbitView.at("/relay/consecutive_failures").asInt() > 0, admin.body());
                assertFalse(rabbitView.at("/relay/last_error").isNull(), admin.body());
                assertFalse(admin.body().contains("guest:guest"), "no password in the admin view");
                JsonNode kafkaView = admin.json().at("/destinations/kafka");
                assertEquals(TestKafka.EVENTS_TOPIC, kafkaView.get("topic").asText());
            } finally {
                rabbitLink.start();
            }
            rabbit.awaitInOrder(() -> outboxOrder(payments), DELIVERY);
        }
        await("the RabbitMQ backlog is gone", () -> count("SELECT count(*) FROM outbox WHERE rabbit_published_at IS NULL") == 0);
        await("readiness is back to ready", () -> "ready".equals(get("/health/ready", null).json().get("status").asText()));
    }

    @Test
    void housekeeping_deletes_only_events_every_relayed_broker_has_had_for_longer_than_the_retention() {
        String old = insertRow("now() - interval '8 days'", "now() - interval '8 days'", null);
        // Still waiting for RabbitMQ (held by a claim, so the relay leaves it alone here): kept however old.
        String waiting = insertRow("now() - interval '8 days'", null, "now() + interval '1 hour'");
        String recent = insertRow("now() - interval '1 day'", "now() - interval '1 day'", null);
        await("the old published event is deleted", () -> count("SELECT count(*) FROM outbox WHERE aggregate_id = ?", old) == 0);
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE aggregate_id = ?", waiting));
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE aggregate_id = ?", recent));
        execute("DELETE FROM outbox WHERE aggregate_id IN (?, ?)", waiting, recent);
    }

    private Reply confirm(String paymentId, String paymentMethod) {
        return post("/api/v1/payments/" + paymentId + "/confirm", PAYMENTS_KEY,
                "{\"payment_method\":\"" + paymentMethod + "\"}", null);
    }

    private void moveThroughItsLife(String intentId, long amount) {
        deliver(event("payment_intent.requires_action", paymentIntent(intentId, "requires_action", amount)));
        deliver(event("payment_intent.processing", paymentIntent(intentId, "processing", amount)));
        deliver(event("charge.succeeded", charge(intentId, amount, true)));
        ObjectNode partly = charge(intentId, amount, true);
        partly.put("amount_refunded", amount / 2);
        partly.put("refunded", false);
        deliver(event("charge.refunded", partly));
        ObjectNode fully = charge(intentId, amount, true);
        fully.put("amount_refunded", amount);
        fully.put("refunded", true);
        deliver(event("charge.refunded", fully));
    }

    private void deliver(String event) {
        Reply r = postWebhook(event);
        assertEquals(200, r.status(), r.body());
        assertEquals("PROCESSED", awaitWebhookDone(idOf(event)));
    }

    private List<String> types(String paymentId) {
        List<String> types = new ArrayList<>();
        query("SELECT event_type FROM outbox WHERE aggregate_id = ? ORDER BY id", rs -> types.add(rs.getString(1)), paymentId);
        return types;
    }

    /** Each payment's event ids in outbox order: the order consumers must see them in. */
    private Map<String, List<String>> outboxOrder(Set<String> paymentIds) {
        Map<String, List<String>> order = new LinkedHashMap<>();
        query("SELECT aggregate_id, CAST(event_id AS text) FROM outbox WHERE aggregate_id = ANY(?) ORDER BY id",
                rs -> order.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2)), array(paymentIds));
        return order;
    }

    private String insertRow(String kafkaPublishedAt, String rabbitPublishedAt, String rabbitClaimedUntil) {
        String aggregate = "housekeeping-" + UUID.randomUUID();
        execute("INSERT INTO outbox (event_id, event_type, aggregate_id, payload, created_at, kafka_published_at,"
                + " rabbit_published_at, rabbit_claimed_until) VALUES (?, 'test.housekeeping', ?, '{}', now() - interval '9 days', "
                + kafkaPublishedAt + ", " + rabbitPublishedAt + ", " + rabbitClaimedUntil + ")", UUID.randomUUID(), aggregate);
        return aggregate;
    }

    private Object array(Set<String> values) {
        return new ArrayParameter(values.toArray(new String[0]));
    }

    private record ArrayParameter(String[] values) {
    }

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private void query(String sql, RowReader reader, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private void execute(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, ps, params);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    protected long count(String sql, Object... params) {
        long[] result = new long[1];
        query(sql, rs -> result[0] = rs.getLong(1), params);
        return result[0];
    }

    private static void bind(Connection c, PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            if (params[i] instanceof ArrayParameter array) {
                Array sqlArray = c.createArrayOf("text", array.values());
                ps.setArray(i + 1, sqlArray);
            } else {
                ps.setObject(i + 1, params[i]);
            }
        }
    }
}
