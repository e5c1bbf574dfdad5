package dev.payroute.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.GetResponse;
import dev.payroute.stripe.standin.FaultKind;
import dev.payroute.support.TcpProxy;
import dev.payroute.support.TestRabbit;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Booking events over the real RabbitMQ (this JVM's own exchanges and queues), the real PostgreSQL and the
 * Stripe stand-in, with auto-refund off (the default): payments created once per event id, their events
 * on the payment.events exchange, dead letters listed and replayed, an outage of the broker survived.
 */
class BookingEventsTest extends BookingEventsSupport {

    private static final Duration DELIVERY = Duration.ofSeconds(30);
    private static final String INTENTS = "/v1/payment_intents";

    @Test
    void a_booking_with_a_payment_method_is_paid_at_once_and_its_events_reach_the_payment_events_exchange() throws Exception {
        try (PublishedEvents rabbit = PublishedEvents.rabbit()) {
            String booking = newBooking();
            ObjectNode event = created(booking, 4200, true, "pm_card_visa");
            publish(event);
            String eventId = event.get("event_id").asText();
            awaitDone(eventId);

            String paymentId = paymentOfBooking(booking);
            assertNotNull(paymentId, "the booking has a payment");
            assertEquals("SUCCEEDED", paymentStatus(paymentId));
            assertEquals("guest-" + booking, queryString("SELECT guest_id FROM payments WHERE id = ?::uuid", paymentId));
            assertEquals(4200L, count("SELECT amount FROM payments WHERE id = ?::uuid", paymentId));
            assertEquals(paymentId, queryString("SELECT CAST(payment_id AS text) FROM booking_events WHERE event_id = ?", eventId));
            assertEquals(List.of("payment.initiated", "payment.completed"), types(paymentId));

            Map<String, List<String>> order = rabbit.awaitInOrder(() -> outboxOrder(paymentId), DELIVERY);
            Map<String, PublishedEvents.Delivery> delivered = rabbit.firstDeliveries(Set.of(paymentId));
            assertEquals(Set.copyOf(order.get(paymentId)), delivered.keySet());
            for (PublishedEvents.Delivery delivery : delivered.values()) {
                assertEquals(delivery.payload().get("type").asText(), delivery.key(), "routing key = type");
                assertEquals(booking, delivery.payload().get("booking_id").asText(), "each event names the booking");
                assertEquals(eventId, delivery.payload().get("correlation_id").asText(), "correlation id = the booking event id");
            }
        }
    }

    @Test
    void a_booking_without_a_payment_method_gets_a_pending_payment_and_payment_initiated() {
        String booking = newBooking();
        ObjectNode event = created(booking, 1500, true, null);
        event.put("correlation_id", "corr-" + booking);
        publish(event);
        awaitDone(event.get("event_id").asText());
        String paymentId = paymentOfBooking(booking);
        assertEquals("PENDING", paymentStatus(paymentId));
        assertEquals(List.of("payment.initiated"), types(paymentId));
        assertEquals("corr-" + booking, queryString("SELECT correlation_id FROM outbox WHERE aggregate_id = ?", paymentId),
                "a correlation_id sent with the event is the correlation id");
        String intent = queryString("SELECT payment_intent_id FROM payments WHERE id = ?::uuid", paymentId);
        assertEquals(booking, standIn.object(intent).orElseThrow().path("metadata").path("booking_id").asText());
    }

    @Test
    void a_declined_card_fails_the_payment_publishes_payment_failed_and_the_event_is_done() {
        String booking = newBooking();
        ObjectNode event = created(booking, 900, true, "pm_card_chargeDeclined");
        publish(event);
        String eventId = event.get("event_id").asText();
        awaitDone(eventId);
        String paymentId = paymentOfBooking(booking);
        assertEquals("FAILED", paymentStatus(paymentId));
        assertEquals("payment_declined", eventOutcome(eventId));
        assertEquals(List.of("payment.initiated", "payment.failed"), types(paymentId));
        assertEquals(0, count("SELECT count(*) FROM dead_letters WHERE event_id = ?", eventId), "a decline is no dead letter");
    }

    @Test
    void payment_required_false_records_the_event_and_does_nothing_else() {
        String booking = newBooking();
        int stripeCalls = standIn.requestCount("POST", "/v1/");
        ObjectNode event = created(booking, 1500, false, null);
        publish(event);
        String eventId = event.get("event_id").asText();
        awaitDone(eventId);
        assertEquals("no_payment_required", eventOutcome(eventId));
        assertNull(paymentOfBooking(booking));
        assertEquals(stripeCalls, standIn.requestCount("POST", "/v1/"), "Stripe is not called");
    }

    @Test
    void the_same_event_delivered_again_and_twice_at_once_makes_one_payment_and_one_intent() {
        String booking = newBooking();
        ObjectNode event = created(booking, 2100, true, null);
        String eventId = event.get("event_id").asText();
        int intentsBefore = standIn.requestCount("POST", INTENTS);
        // Two copies at once (two consumers may take them together), then one more after it is done.
        publish(event);
        publish(event);
        awaitDone(eventId);
        publish(event);
        // A later event is done and the queue empty: the copies before it have been taken and settled.
        ObjectNode sentinel = created(newBooking(), 100, false, null);
        publish(sentinel);
        awaitDone(sentinel.get("event_id").asText());
        await("the queue is empty", () -> queueDepth(QUEUES.queue()) == 0);
        assertEquals(1, count("SELECT count(*) FROM payments WHERE booking_id = ?", booking));
        assertEquals(1, standIn.requestCount("POST", INTENTS) - intentsBefore,
                "one call to Stripe: a duplicate never reaches it, not even as an idempotent replay");
        assertEquals(List.of("payment.initiated"), types(paymentOfBooking(booking)));
        assertEquals(1, count("SELECT count(*) FROM booking_events WHERE event_id = ?", eventId));
    }

    @Test
    void a_malformed_event_is_dead_lettered_at_once_listed_for_admins_and_replayed_once_corrected() throws Exception {
        drainDeadQueue();
        String booking = newBooking();
        ObjectNode event = created(booking, 1500, true, null);
        event.put("amount", "15.00");
        String eventId = event.get("event_id").asText();
        publish(event);
        await("a dead letter", () -> count("SELECT count(*) FROM dead_letters WHERE event_id = ?", eventId) == 1);

        String reason = queryString("SELECT reason FROM dead_letters WHERE event_id = ?", eventId);
        assertTrue(reason.contains("amount"), reason);
        assertEquals("rabbitmq", queryString("SELECT source FROM dead_letters WHERE event_id = ?", eventId));
        assertFalse(queryString("SELECT payload_sealed FROM dead_letters WHERE event_id = ?", eventId).contains(booking),
                "the stored body is sealed");
        assertNull(eventStatus(eventId), "nothing was claimed");
        assertNull(paymentOfBooking(booking));

        List<GetResponse> dead = new ArrayList<>();
        await("the message is in the dead queue", () -> {
            dead.addAll(drainDeadQueue());
            return dead.stream().anyMatch(m -> new String(m.getBody(), StandardCharsets.UTF_8).contains(eventId));
        });
        GetResponse message = dead.stream().filter(m -> new String(m.getBody(), StandardCharsets.UTF_8).contains(eventId))
                .findFirst().orElseThrow();
        assertEquals("booking.created", message.getEnvelope().getRoutingKey());
        assertEquals(reason, String.valueOf(message.getProps().getHeaders().get("x-payroute-dead-reason")));
        assertEquals(eventId, String.valueOf(message.getProps().getHeaders().get("x-payroute-event-id")));
        assertEquals(event, JSON.readTree(message.getBody()), "the original body");

        Reply listed = get("/api/v1/admin/dead-letters?source=rabbitmq", ADMIN_KEY);
        assertEquals(200, listed.status(), listed.body());
        JsonNode item = find(listed.json().get("items"), eventId);
        assertNotNull(item, listed.body());
        assertEquals("rabbitmq", item.get("source").asText());
        assertEquals(reason, item.get("reason").asText());
        assertTrue(item.hasNonNull("created_at"));
        assertFalse(item.has("payload_sealed"));
        assertNull(find(get("/api/v1/admin/dead-letters?source=stripe", ADMIN_KEY).json().get("items"), eventId));
        assertEquals(400, get("/api/v1/admin/dead-letters?source=smtp", ADMIN_KEY).status());
        assertEquals(403, get("/api/v1/admin/dead-letters?source=rabbitmq", PAYMENTS_KEY).status());

        // Fixed by an admin: replayed with the corrected event (same event id), processed like any delivery.
        String id = item.get("id").asText();
        ObjectNode otherId = event.deepCopy();
        otherId.put("amount", 1500);
        otherId.put("event_id", "evt-" + UUID.randomUUID());
        Reply wrongId = post("/api/v1/admin/dead-letters/" + id + "/replay", ADMIN_KEY, "{\"event\":" + otherId + "}", null);
        assertEquals(422, wrongId.status(), wrongId.body());
        assertTrue(wrongId.body().contains("event.event_id"), wrongId.body());
        assertEquals(400, post("/api/v1/admin/dead-letters/" + id + "/replay", ADMIN_KEY, "{\"amount\":1500}", null).status());
        assertNull(queryString("SELECT replayed_at FROM dead_letters WHERE id = ?", Long.parseLong(id)), "a refused replay changes nothing");

        ObjectNode fixed = event.deepCopy();
        fixed.put("amount", 1500);
        Reply replayed = post("/api/v1/admin/dead-letters/" + id + "/replay", ADMIN_KEY, "{\"event\":" + fixed + "}", null);
        assertEquals(200, replayed.status(), replayed.body());
        assertTrue(replayed.json().get("corrected").asBoolean(), replayed.body());
        awaitDone(eventId);
        String payment = paymentOfBooking(booking);
        assertNotNull(payment);
        assertEquals(1500L, count("SELECT amount FROM payments WHERE id = ?::uuid", payment));
        assertEquals(409, post("/api/v1/admin/dead-letters/" + id + "/replay", ADMIN_KEY, "{\"event\":" + fixed + "}", null).status());
    }

    @Test
    void the_openapi_description_documents_the_source_filter_of_the_dead_letters() {
        JsonNode doc = get("/api/v1/openapi.json", null).json();
        JsonNode parameters = doc.at("/paths/~1api~1v1~1admin~1dead-letters/get/parameters");
        JsonNode source = null;
        for (JsonNode parameter : parameters) {
            if ("source".equals(parameter.path("name").asText())) {
                source = parameter;
            }
        }
        assertNotNull(source, parameters.toString());
        assertEquals("query", source.get("in").asText());
        assertTrue(source.get("description").asText().contains("rabbitmq"));
    }

    @Test
    void events_our_own_rules_refuse_are_dead_lettered_too() {
        ObjectNode card = created(newBooking(), 1500, true, null);
        card.put("description", "paid with 4242 4242 4242 4242");
        ObjectNode nul = created(newBooking(), 1500, true, null);
        nul.put("description", "a\u0000b");
        ObjectNode currency = created(newBooking(), 1500, true, null);
        currency.put("currency", "xyz");
        ObjectNode wrongKey = created(newBooking(), 1500, true, null);
        for (ObjectNode event : List.of(card, nul, currency)) {
            publish(event);
        }
        publish("booking.cancelled", wrongKey.toString());
        publish("booking.created", "not json at all");
        for (ObjectNode event : List.of(card, nul, currency, wrongKey)) {
            String eventId = event.get("event_id").asText();
            await("dead letter of " + eventId, () -> count("SELECT count(*) FROM dead_letters WHERE event_id = ?", eventId) == 1);
            assertNull(paymentOfBooking(event.get("booking_id").asText()));
        }
        assertFalse(queryString("SELECT reason FROM dead_letters WHERE event_id = ?", card.get("event_id").asText()).contains("4242"),
                "the reason does not repeat the card number");
        await("the message that is not JSON is a dead letter too",
                () -> count("SELECT count(*) FROM dead_letters WHERE source = 'rabbitmq' AND event_id IS NULL") >= 1);
    }

    @Test
    void a_stripe_500_is_redelivered_and_the_payment_created_once() {
        String booking = newBooking();
        ObjectNode event = created(booking, 2600, true, null);
        String eventId = event.get("event_id").asText();
        standIn.faults().failNext("POST", INTENTS, FaultKind.HTTP_500, 1);
        publish(event);
        awaitDone(eventId);
        assertEquals("PENDING", paymentStatus(paymentOfBooking(booking)));
        assertEquals(0, count("SELECT count(*) FROM dead_letters WHERE event_id = ?", eventId));
    }

    @Test
    void an_event_that_failed_every_retry_is_replayed_by_an_admin_once_stripe_is_back() {
        String booking = newBooking();
        ObjectNode event = created(booking, 3100, true, null);
        String eventId = event.get("event_id").asText();
        // Every try (the first and 2 redeliveries) meets a Stripe 500.
        standIn.faults().failNext("POST", INTENTS, FaultKind.HTTP_500, 3);
        publish(event);
        await("a dead letter", () -> count("SELECT count(*) FROM dead_letters WHERE event_id = ?", eventId) == 1);
        assertNull(paymentOfBooking(booking));
        String reason = queryString("SELECT reason FROM dead_letters WHERE event_id = ?", eventId);
        assertNotNull(reason);
        long id = count("SELECT id FROM dead_letters WHERE event_id = ?", eventId);

        Reply replayed = post("/api/v1/admin/dead-letters/" + id + "/replay", ADMIN_KEY, "", null);
        assertEquals(200, replayed.status(), replayed.body());
        assertEquals("rabbitmq", replayed.json().get("source").asText());
        awaitDone(eventId);
        String paymentId = paymentOfBooking(booking);
        assertEquals("PENDING", paymentStatus(paymentId));
        assertNotNull(queryString("SELECT replayed_at FROM dead_letters WHERE id = ?", id));
        assertEquals(409, post("/api/v1/admin/dead-letters/" + id + "/replay", ADMIN_KEY, "", null).status(),
                "a dead letter is replayed once");
        assertEquals(404, post("/api/v1/admin/dead-letters/987654321/replay", ADMIN_KEY, "", null).status());
    }

    @Test
    void with_auto_refund_off_a_cancellation_is_recorded_and_changes_nothing() {
        String booking = newBooking();
        ObjectNode paid = created(booking, 1200, true, "pm_card_visa");
        ObjectNode pending = created(booking, 800, true, null);
        publish(paid);
        publish(pending);
        awaitDone(paid.get("event_id").asText());
        awaitDone(pending.get("event_id").asText());
        int stripeCalls = standIn.requestCount("POST", "/v1/");
        long outbox = count("SELECT count(*) FROM outbox");

        ObjectNode cancel = cancelled(booking);
        publish(cancel);
        String eventId = cancel.get("event_id").asText();
        awaitDone(eventId);
        assertEquals("cancellation_recorded", eventOutcome(eventId));
        assertEquals(0, count("SELECT count(*) FROM payments WHERE booking_id = ? AND status = 'CANCELED'", booking));
        assertEquals(stripeCalls, standIn.requestCount("POST", "/v1/"));
        assertEquals(outbox, count("SELECT count(*) FROM outbox"));
        assertEquals(0, count("SELECT count(*) FROM refunds r JOIN payments p ON p.id = r.payment_id WHERE p.booking_id = ?", booking));
    }

    @Test
    void events_published_before_and_during_a_broker_outage_are_all_processed_once() {
        TcpProxy link = TestRabbit.proxy();
        List<ObjectNode> events = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                events.add(created(newBooking(), 1000 + i, true, null));
                publish(events.get(events.size() - 1));
            }
            link.stop();
            for (int i = 0; i < 4; i++) {
                events.add(created(newBooking(), 2000 + i, true, null));
                publish(events.get(events.size() - 1));
            }
        } finally {
            try {
                link.start();
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }
        for (ObjectNode event : events) {
            Await.longer("event " + event.get("event_id").asText() + " is done",
                    () -> "DONE".equals(eventStatus(event.get("event_id").asText())));
        }
        for (ObjectNode event : events) {
            assertEquals(1, count("SELECT count(*) FROM payments WHERE booking_id = ?", event.get("booking_id").asText()));
        }
        await("nothing left in the queue", () -> queueDepth(QUEUES.queue()) == 0);
    }

    @Test
    void a_done_event_is_acked_so_a_dropped_connection_brings_nothing_back() {
        ObjectNode event = created(newBooking(), 700, false, null);
        publish(event);
        awaitDone(event.get("event_id").asText());
        TcpProxy link = TestRabbit.proxy();
        link.stop();
        try {
            // RabbitMQ puts a delivery that was never acked back in the queue as soon as its connection is gone
            // (payroute reconnects only seconds later): watch the queue for a while.
            org.awaitility.Awaitility.await("no unacked delivery comes back").during(Duration.ofMillis(1500))
                    .atMost(Duration.ofSeconds(3)).until(() -> queueDepth(QUEUES.queue()) == 0);
        } finally {
            try {
                link.start();
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }
    }

    // ---- helpers

    private static JsonNode find(JsonNode items, String eventId) {
        for (JsonNode item : items) {
            if (eventId.equals(item.path("event_id").asText())) {
                return item;
            }
        }
        return null;
    }

    private List<String> types(String paymentId) {
        List<String> types = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT event_type FROM outbox WHERE aggregate_id = ? ORDER BY id")) {
            ps.setString(1, paymentId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    types.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        return types;
    }

    private static long queueDepth(String queue) {
        try (com.rabbitmq.client.Connection connection = TestRabbit.connect();
             com.rabbitmq.client.Channel channel = connection.createChannel()) {
            return channel.messageCount(queue);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static final class Await {
        static void longer(String what, java.util.function.BooleanSupplier condition) {
            dev.payroute.support.Await.until(what, Duration.ofSeconds(60), condition);
        }
    }
}
