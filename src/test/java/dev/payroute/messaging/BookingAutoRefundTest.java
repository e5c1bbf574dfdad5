package dev.payroute.messaging;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * booking.cancelled with PAYROUTE_BOOKINGS_AUTO_REFUND=true: the booking's payments not captured yet are
 * canceled at Stripe and become CANCELED (payment.canceled on the payment.events exchange); the captured
 * ones are refunded what is left of them through the refund route (refund.initiated, refund.completed).
 */
class BookingAutoRefundTest extends BookingEventsSupport {

    static {
        // Read when this class's Camel context starts (system properties override application.properties).
        System.setProperty("payroute.bookings.auto-refund", "true");
    }

    @AfterAll
    static void autoRefundOffAgain() {
        System.clearProperty("payroute.bookings.auto-refund");
    }

    @Test
    void a_cancellation_cancels_the_uncaptured_payments_and_refunds_what_is_left_of_the_captured_ones() throws Exception {
        // Stripe's own webhooks are held back (like lost ones): the answers of payroute's calls record every change,
        // so the billing records name the booking service as the actor rather than whichever report came first.
        standIn.withholdWebhooks("*", true);
        try (PublishedEvents rabbit = PublishedEvents.rabbit()) {
            String booking = newBooking();
            ObjectNode pending = created(booking, 800, true, null);
            ObjectNode paid = created(booking, 1200, true, "pm_card_visa");
            ObjectNode other = created(newBooking(), 500, true, null);
            publish(pending);
            publish(paid);
            publish(other);
            awaitDone(pending.get("event_id").asText());
            awaitDone(paid.get("event_id").asText());
            awaitDone(other.get("event_id").asText());
            String pendingId = queryString("SELECT CAST(id AS text) FROM payments WHERE booking_id = ? AND amount = 800", booking);
            String paidId = queryString("SELECT CAST(id AS text) FROM payments WHERE booking_id = ? AND amount = 1200", booking);
            assertEquals("PENDING", paymentStatus(pendingId));
            assertEquals("SUCCEEDED", paymentStatus(paidId));

            int refundsAtStripe = standIn.executedCount("POST", "/v1/refunds");
            ObjectNode cancel = cancelled(booking);
            publish(cancel);
            String eventId = cancel.get("event_id").asText();
            awaitDone(eventId);

            assertEquals("CANCELED", paymentStatus(pendingId));
            String intent = queryString("SELECT payment_intent_id FROM payments WHERE id = ?::uuid", pendingId);
            assertEquals("canceled", standIn.object(intent).orElseThrow().path("status").asText(), "canceled at Stripe");
            assertEquals("REFUNDED", paymentStatus(paidId), "a captured payment is refunded, not canceled");
            assertEquals(1200L, count("SELECT amount FROM refunds WHERE payment_id = ?::uuid AND status = 'SUCCEEDED'"
                    + " AND source = 'rabbitmq' AND requested_by = 'rabbitmq' AND correlation_id = ?", paidId, eventId));
            String paidIntent = queryString("SELECT payment_intent_id FROM payments WHERE id = ?::uuid", paidId);
            assertEquals(refundsAtStripe + 1, standIn.executedCount("POST", "/v1/refunds"), "one refund made at Stripe");
            assertEquals(paidIntent, queryString("SELECT payment_intent_id FROM payments p JOIN refunds r ON r.payment_id = p.id"
                    + " WHERE p.booking_id = ?", booking));
            assertEquals(1, count("SELECT count(*) FROM outbox WHERE aggregate_id = ? AND event_type = 'refund.completed'"
                    + " AND correlation_id = ?", paidId, eventId));
            assertEquals("PENDING", paymentStatus(paymentOfBooking(other.get("booking_id").asText())), "other bookings are untouched");
            assertTrue(eventOutcome(eventId).contains("refunds=1"), eventOutcome(eventId));
            assertEquals(1, count("SELECT count(*) FROM billing_records WHERE payment_id = ?::uuid AND kind = 'payment_captured'"
                    + " AND actor = 'rabbitmq'", paidId), "the booking's capture is recorded as the booking service's");
            assertEquals(1, count("SELECT count(*) FROM billing_records WHERE payment_id = ?::uuid AND kind = 'payment_refunded'"
                    + " AND actor = 'rabbitmq' AND amount = 1200 AND correlation_id = ?", paidId, eventId));
            assertEquals(eventId, queryString("SELECT correlation_id FROM outbox WHERE aggregate_id = ? AND event_type = 'payment.canceled'",
                    pendingId));

            rabbit.awaitInOrder(() -> outboxOrder(pendingId), Duration.ofSeconds(30));
            assertTrue(rabbit.received().stream().anyMatch(d -> d.key().equals("payment.canceled")
                    && d.paymentId().equals(pendingId) && d.payload().path("booking_id").asText().equals(booking)));
            rabbit.awaitInOrder(() -> outboxOrder(paidId), Duration.ofSeconds(30));
            for (String type : new String[] {"refund.initiated", "refund.completed"}) {
                assertTrue(rabbit.received().stream().anyMatch(d -> d.key().equals(type) && d.paymentId().equals(paidId)
                        && d.payload().path("booking_id").asText().equals(booking)), type + " reaches the payment.events exchange");
            }

            // The same cancellation again, and a second cancellation event: no second cancel or refund at Stripe.
            int stripeCalls = standIn.requestCount("POST", "/v1/");
            publish(cancel);
            ObjectNode again = cancelled(booking);
            publish(again);
            awaitDone(again.get("event_id").asText());
            ObjectNode sentinel = created(newBooking(), 100, false, null);
            publish(sentinel);
            awaitDone(sentinel.get("event_id").asText());
            assertEquals(stripeCalls, standIn.requestCount("POST", "/v1/"));
            assertEquals(1, count("SELECT count(*) FROM refunds r JOIN payments p ON p.id = r.payment_id WHERE p.booking_id = ?", booking));
        } finally {
            standIn.withholdWebhooks("*", false);
        }
    }

    @Test
    void a_booking_created_that_comes_after_its_cancellation_makes_no_payment() {
        String booking = newBooking();
        ObjectNode cancel = cancelled(booking);
        publish(cancel);
        awaitDone(cancel.get("event_id").asText());
        // Late: a retry, or a replay from the dead letters after the booking was cancelled.
        ObjectNode create = created(booking, 900, true, "pm_card_visa");
        int intentsAtStripe = standIn.executedCount("POST", "/v1/payment_intents");
        publish(create);
        String createId = create.get("event_id").asText();
        awaitDone(createId);
        assertEquals("booking_already_cancelled", eventOutcome(createId));
        assertEquals(0, count("SELECT count(*) FROM payments WHERE booking_id = ?", booking));
        assertEquals(intentsAtStripe, standIn.executedCount("POST", "/v1/payment_intents"), "nothing asked of Stripe");
    }

    @Test
    void a_cancellation_claimed_while_the_bookings_payment_is_being_made_cancels_that_payment() {
        String booking = newBooking();
        ObjectNode create = created(booking, 1300, true, "pm_card_visa");
        String createId = create.get("event_id").asText();
        // The PaymentIntent's creation takes 1 s at Stripe (the tests' read timeout is 1.5 s); meanwhile the booking's cancellation is claimed and done,
        // finding no payment yet (as a cancellation run by the other consumer at that moment does).
        standIn.faults().delayNext("POST", "/v1/payment_intents", Duration.ofMillis(1000), 1);
        int intentRequests = standIn.requestCount("POST", "/v1/payment_intents");
        try {
            publish(create);
            await("the PaymentIntent's creation reached Stripe", () -> standIn.requestCount("POST", "/v1/payment_intents") > intentRequests);
            assertEquals(0, count("SELECT count(*) FROM payments WHERE booking_id = ?", booking), "no payment yet");
            execute("INSERT INTO booking_events (event_id, event_type, booking_id, guest_id, correlation_id, status, outcome,"
                    + " processed_at) VALUES ('evt-cancel-" + booking + "', 'booking.cancelled', '" + booking + "', 'guest-" + booking
                    + "', 'evt-cancel-" + booking + "', 'DONE', 'payments_canceled, refunds=0', now())");
            awaitDone(createId);
        } finally {
            standIn.faults().clear();
        }
        String paymentId = paymentOfBooking(booking);
        assertEquals("CANCELED", paymentStatus(paymentId), eventOutcome(createId));
        String intent = queryString("SELECT payment_intent_id FROM payments WHERE id = ?::uuid", paymentId);
        assertEquals("canceled", standIn.object(intent).orElseThrow().path("status").asText(), "never confirmed; canceled at Stripe");
        assertEquals(0L, count("SELECT amount_received FROM payments WHERE id = ?::uuid", paymentId));
        assertTrue(eventOutcome(createId).contains("booking cancelled meanwhile"), eventOutcome(createId));
    }
}
