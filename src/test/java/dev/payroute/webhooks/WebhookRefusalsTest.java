package dev.payroute.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.payroute.support.RouteTestSupport;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static dev.payroute.support.StripeEvents.event;
import static dev.payroute.support.StripeEvents.idOf;
import static dev.payroute.support.StripeEvents.paymentIntent;
import static dev.payroute.support.StripeEvents.sign;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Signed events that payroute still does not apply: from the future, from the other mode, with impossible amounts. */
class WebhookRefusalsTest extends RouteTestSupport {

    private long counter(String name) {
        return get("/api/v1/webhooks/debug", ADMIN_KEY).json().at("/counters/" + name).asLong();
    }

    @Test
    void a_signature_from_beyond_the_tolerance_in_the_future_is_refused_and_nothing_is_stored() {
        JsonNode payment = createPayment("order-" + UUID.randomUUID(), 1500);
        String event = event("payment_intent.succeeded", paymentIntent(payment.get("payment_intent_id").asText(), "succeeded", 1500));
        long failuresBefore = counter("signature_failures");

        Reply r = postWebhook("/api/v1/webhooks/stripe", event, sign(event, WEBHOOK_SECRET, System.currentTimeMillis() / 1000 + 400));

        assertEquals(400, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        assertEquals("Stripe-Signature", r.json().get("field").asText());
        assertTrue(r.json().get("detail").asText().contains("future"), r.body());
        assertEquals(0, count("SELECT count(*) FROM webhook_events WHERE stripe_event_id = ?", idOf(event)));
        assertEquals(failuresBefore + 1, counter("signature_failures"));
        assertEquals("PENDING", paymentStatus(payment.get("id").asText()));
    }

    @Test
    void a_live_event_reaching_a_test_mode_instance_is_acknowledged_recorded_and_never_applied() {
        JsonNode payment = createPayment("order-" + UUID.randomUUID(), 1600);
        String testEvent = event("payment_intent.succeeded", paymentIntent(payment.get("payment_intent_id").asText(), "succeeded", 1600));
        String liveEvent = testEvent.replace("\"livemode\":false", "\"livemode\":true");
        assertTrue(!liveEvent.equals(testEvent));
        long before = counter("livemode_mismatches");

        Reply r = postWebhook(liveEvent);

        // 200: a live Connect endpoint legitimately receives test events too (and a test one live events);
        // a 4xx would only make Stripe retry an event that can never apply here, then disable the endpoint.
        assertEquals(200, r.status(), r.body());
        assertEquals("IGNORED", awaitWebhookDone(idOf(liveEvent)));
        assertEquals("LIVEMODE_MISMATCH", queryString("SELECT outcome FROM webhook_events WHERE stripe_event_id = ?", idOf(liveEvent)));
        assertEquals("true", queryString("SELECT livemode::text FROM webhook_events WHERE stripe_event_id = ?", idOf(liveEvent)));
        assertEquals(before + 1, counter("livemode_mismatches"));
        assertEquals("PENDING", paymentStatus(payment.get("id").asText()));
        assertEquals(0, count("SELECT count(*) FROM payment_transitions WHERE payment_id = ? AND source = 'webhook:payment_intent.succeeded'",
                UUID.fromString(payment.get("id").asText())), "the event never reached a handler");
        assertEquals(0, count("SELECT count(*) FROM outbox WHERE aggregate_id = ? AND event_type = 'payment.completed'",
                payment.get("id").asText()));
    }

    @Test
    void an_event_with_amounts_no_payment_intent_can_have_is_not_believed_and_stripe_is_asked_instead() {
        JsonNode payment = createPayment("order-" + UUID.randomUUID(), 1700);
        String intentId = payment.get("payment_intent_id").asText();
        ObjectNode impossible = paymentIntent(intentId, "succeeded", 1700);
        impossible.put("amount_received", 1_700_000);
        String event = event("payment_intent.succeeded", impossible);
        int retrievesBefore = standIn.requestCount("GET", "/v1/payment_intents/" + intentId);

        assertEquals(200, postWebhook(event).status());

        assertEquals("PROCESSED", awaitWebhookDone(idOf(event)));
        assertTrue(standIn.requestCount("GET", "/v1/payment_intents/" + intentId) > retrievesBefore,
                "the intent was read again from Stripe");
        // Stripe says the intent still waits for a payment method: the event's success is not applied.
        assertEquals("PENDING", paymentStatus(payment.get("id").asText()));
        assertEquals(0, count("SELECT amount_received FROM payments WHERE id = ?", UUID.fromString(payment.get("id").asText())));
        assertEquals(0, count("SELECT count(*) FROM outbox WHERE aggregate_id = ? AND event_type = 'payment.completed'",
                payment.get("id").asText()));
    }
}
