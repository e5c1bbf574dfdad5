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
 * ones are recorded as owed a refund, for the refund route.
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
    void a_cancellation_cancels_the_uncaptured_payments_and_records_refunds_due_for_the_captured_ones() throws Exception {
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

            ObjectNode cancel = cancelled(booking);
            publish(cancel);
            String eventId = cancel.get("event_id").asText();
            awaitDone(eventId);

            assertEquals("CANCELED", paymentStatus(pendingId));
            String intent = queryString("SELECT payment_intent_id FROM payments WHERE id = ?::uuid", pendingId);
            assertEquals("canceled", standIn.object(intent).orElseThrow().path("status").asText(), "canceled at Stripe");
            assertEquals("SUCCEEDED", paymentStatus(paidId), "a captured payment is not canceled");
            assertEquals(1200L, count("SELECT amount FROM booking_refunds_due WHERE payment_id = ?::uuid AND event_id = ?", paidId, eventId));
            assertEquals(1, count("SELECT count(*) FROM booking_refunds_due WHERE booking_id = ?", booking));
            assertEquals("PENDING", paymentStatus(paymentOfBooking(other.get("booking_id").asText())), "other bookings are untouched");
            assertTrue(eventOutcome(eventId).contains("refunds_due=1"), eventOutcome(eventId));
            assertEquals(eventId, queryString("SELECT correlation_id FROM outbox WHERE aggregate_id = ? AND event_type = 'payment.canceled'",
                    pendingId));

            rabbit.awaitInOrder(() -> outboxOrder(pendingId), Duration.ofSeconds(30));
            assertTrue(rabbit.received().stream().anyMatch(d -> d.key().equals("payment.canceled")
                    && d.paymentId().equals(pendingId) && d.payload().path("booking_id").asText().equals(booking)));

            // The same cancellation again: no second cancel at Stripe, no second refund due.
            int stripeCalls = standIn.requestCount("POST", "/v1/");
            publish(cancel);
            ObjectNode sentinel = created(newBooking(), 100, false, null);
            publish(sentinel);
            awaitDone(sentinel.get("event_id").asText());
            assertEquals(stripeCalls, standIn.requestCount("POST", "/v1/"));
            assertEquals(1, count("SELECT count(*) FROM booking_refunds_due WHERE booking_id = ?", booking));
        }
    }
}
