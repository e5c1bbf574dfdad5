package dev.payroute.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.payroute.support.RouteTestSupport;
import dev.payroute.support.StripeEvents;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static dev.payroute.support.StripeEvents.charge;
import static dev.payroute.support.StripeEvents.event;
import static dev.payroute.support.StripeEvents.idOf;
import static dev.payroute.support.StripeEvents.paymentIntent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each handled event type, built from Stripe's example objects, signed, and applied through the state machine. */
class WebhookEventsTest extends RouteTestSupport {

    private record Payment(String id, String intentId) {
    }

    private Payment payment(long amount) {
        JsonNode p = createPayment("order-" + UUID.randomUUID(), amount);
        return new Payment(p.get("id").asText(), p.get("payment_intent_id").asText());
    }

    private String deliver(String type, JsonNode object) {
        String event = event(type, object);
        Reply r = postWebhook(event);
        assertEquals(200, r.status(), r.body());
        assertEquals(idOf(event), r.json().get("id").asText());
        return awaitWebhookDone(idOf(event)) + ":" + queryString("SELECT outcome FROM webhook_events WHERE stripe_event_id = ?", idOf(event));
    }

    private long applied(String paymentId, String to) {
        return count("SELECT count(*) FROM payment_transitions WHERE payment_id = ? AND to_status = ? AND outcome = 'APPLIED'",
                UUID.fromString(paymentId), to);
    }

    @Test
    void payment_intent_succeeded_completes_the_payment_once_with_its_event_and_verification_record() {
        Payment p = payment(2000);
        assertEquals("PROCESSED:APPLIED", deliver("payment_intent.succeeded", paymentIntent(p.intentId(), "succeeded", 2000)));
        assertEquals("SUCCEEDED", paymentStatus(p.id()));
        assertEquals(1, applied(p.id(), "SUCCEEDED"));
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE aggregate_id = ? AND event_type = 'payment.completed'", p.id()));
        assertEquals(1, count("SELECT count(*) FROM verification_records WHERE payment_id = ? AND status = 'SUCCEEDED'"
                + " AND source = 'webhook:payment_intent.succeeded'", UUID.fromString(p.id())));
    }

    @Test
    void payment_failed_processing_requires_action_canceled_and_capturable_move_the_payment() {
        Payment failed = payment(100);
        ObjectNode declined = paymentIntent(failed.intentId(), "requires_payment_method", 100);
        declined.putObject("last_payment_error").put("code", "card_declined").put("decline_code", "generic_decline")
                .put("message", "Your card was declined.");
        assertEquals("PROCESSED:APPLIED", deliver("payment_intent.payment_failed", declined));
        assertEquals("FAILED", paymentStatus(failed.id()));
        assertEquals("card_declined", queryString("SELECT failure_code FROM payments WHERE id = ?", UUID.fromString(failed.id())));
        assertEquals(1, count("SELECT count(*) FROM verification_records WHERE payment_id = ? AND status = 'FAILED'",
                UUID.fromString(failed.id())));

        Payment p = payment(200);
        assertEquals("PROCESSED:UNCHANGED", deliver("payment_intent.created", paymentIntent(p.intentId(), "requires_payment_method", 200)));
        assertEquals("PROCESSED:APPLIED", deliver("payment_intent.requires_action", paymentIntent(p.intentId(), "requires_action", 200)));
        assertEquals("REQUIRES_ACTION", paymentStatus(p.id()));
        assertEquals("PROCESSED:APPLIED", deliver("payment_intent.processing", paymentIntent(p.intentId(), "processing", 200)));
        assertEquals("PROCESSING", paymentStatus(p.id()));
        assertEquals("PROCESSED:APPLIED", deliver("payment_intent.amount_capturable_updated", paymentIntent(p.intentId(), "requires_capture", 200)));
        assertEquals("AUTHORIZED", paymentStatus(p.id()));
        assertEquals("PROCESSED:APPLIED", deliver("payment_intent.canceled", paymentIntent(p.intentId(), "canceled", 200)));
        assertEquals("CANCELED", paymentStatus(p.id()));
    }

    @Test
    void charge_events_carry_card_details_refunds_and_disputes() {
        Payment p = payment(3000);
        assertEquals("PROCESSED:APPLIED", deliver("charge.succeeded", charge(p.intentId(), 3000, true)));
        assertEquals("SUCCEEDED", paymentStatus(p.id()));
        assertEquals("4242", queryString("SELECT card_last4 FROM payments WHERE id = ?", UUID.fromString(p.id())));

        ObjectNode partly = charge(p.intentId(), 3000, true);
        partly.put("amount_refunded", 1000);
        partly.put("refunded", false);
        assertEquals("PROCESSED:APPLIED", deliver("charge.refunded", partly));
        assertEquals("PARTIALLY_REFUNDED", paymentStatus(p.id()));
        assertEquals("PROCESSED:UNCHANGED", deliver("charge.refunded", partly), "the same partial refund reported again changes nothing");
        ObjectNode fully = charge(p.intentId(), 3000, true);
        fully.put("amount_refunded", 3000);
        fully.put("refunded", true);
        assertEquals("PROCESSED:APPLIED", deliver("charge.refunded", fully));
        assertEquals("REFUNDED", paymentStatus(p.id()));
        assertEquals("3000", queryString("SELECT amount_refunded::text FROM payments WHERE id = ?", UUID.fromString(p.id())));

        Payment disputed = payment(900);
        deliver("charge.succeeded", charge(disputed.intentId(), 900, true));
        ObjectNode dispute = StripeEvents.fixture("dispute");
        dispute.put("id", "dp_" + StripeEvents.random());
        dispute.put("payment_intent", disputed.intentId());
        dispute.put("amount", 900);
        assertEquals("PROCESSED:APPLIED", deliver("charge.dispute.created", dispute));
        assertEquals("DISPUTED", paymentStatus(disputed.id()));

        Payment failedCharge = payment(400);
        ObjectNode failed = charge(failedCharge.intentId(), 400, false);
        failed.put("status", "failed");
        failed.put("failure_code", "card_declined");
        failed.put("failure_message", "Your card was declined.");
        assertEquals("PROCESSED:APPLIED", deliver("charge.failed", failed));
        assertEquals("FAILED", paymentStatus(failedCharge.id()));
    }

    @Test
    void refund_events_record_a_refund_made_outside_payroute_and_follow_it_once() {
        Payment p = payment(5000);
        deliver("charge.succeeded", charge(p.intentId(), 5000, true));
        ObjectNode refund = StripeEvents.fixture("refund");
        String refundId = "re_" + StripeEvents.random();
        refund.put("id", refundId);
        refund.put("payment_intent", p.intentId());
        refund.put("amount", 1200);
        refund.put("currency", "usd");
        refund.put("status", "pending");
        refund.putObject("metadata");
        assertEquals("PROCESSED:APPLIED", deliver("refund.created", refund));
        assertEquals("PENDING", queryString("SELECT status FROM refunds WHERE stripe_refund_id = ?", refundId));
        assertEquals("stripe", queryString("SELECT requested_by FROM refunds WHERE stripe_refund_id = ?", refundId));
        assertEquals("SUCCEEDED", paymentStatus(p.id()), "a pending refund refunds nothing yet");
        refund.put("status", "succeeded");
        assertEquals("PROCESSED:APPLIED", deliver("charge.refund.updated", refund));
        assertEquals("SUCCEEDED", queryString("SELECT status FROM refunds WHERE stripe_refund_id = ?", refundId));
        assertEquals("PARTIALLY_REFUNDED", paymentStatus(p.id()));
        assertEquals("1200", queryString("SELECT amount_refunded::text FROM payments WHERE id = ?", UUID.fromString(p.id())));
        // A final refund never changes again.
        refund.put("status", "failed");
        refund.put("failure_reason", "expired_or_canceled_card");
        assertEquals("PROCESSED:UNCHANGED", deliver("refund.updated", refund));
        assertEquals("SUCCEEDED", queryString("SELECT status FROM refunds WHERE stripe_refund_id = ?", refundId));
        assertEquals(p.id(), queryString("SELECT payment_id::text FROM refunds WHERE stripe_refund_id = ?", refundId));

        ObjectNode failing = refund.deepCopy();
        String failingId = "re_" + StripeEvents.random();
        failing.put("id", failingId);
        failing.put("status", "pending");
        failing.remove("failure_reason");
        assertEquals("PROCESSED:APPLIED", deliver("refund.created", failing));
        failing.put("status", "failed");
        failing.put("failure_reason", "expired_or_canceled_card");
        assertEquals("PROCESSED:APPLIED", deliver("refund.updated", failing));
        assertEquals("FAILED", queryString("SELECT status FROM refunds WHERE stripe_refund_id = ?", failingId));
        assertEquals("expired_or_canceled_card", queryString("SELECT failure_reason FROM refunds WHERE stripe_refund_id = ?", failingId));
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE event_type = 'refund.failed' AND payload->>'stripe_refund_id' = ?", failingId));
        assertEquals("1200", queryString("SELECT amount_refunded::text FROM payments WHERE id = ?", UUID.fromString(p.id())));
    }

    @Test
    void checkout_session_completion_and_expiry_update_sessions_and_payments() {
        Payment paid = payment(1500);
        ObjectNode session = StripeEvents.fixture("checkout.session");
        String sessionId = "cs_test_" + StripeEvents.random();
        session.put("id", sessionId);
        session.put("status", "complete");
        session.put("payment_status", "paid");
        session.put("payment_intent", paid.intentId());
        session.put("amount_total", 1500);
        session.put("currency", "usd");
        assertEquals("PROCESSED:APPLIED", deliver("checkout.session.completed", session));
        assertEquals("SUCCEEDED", paymentStatus(paid.id()));
        assertEquals("complete", queryString("SELECT status FROM checkout_sessions WHERE stripe_session_id = ?", sessionId));
        assertEquals(paid.id(), queryString("SELECT payment_id::text FROM checkout_sessions WHERE stripe_session_id = ?", sessionId));

        Payment abandoned = payment(1600);
        ObjectNode expired = StripeEvents.fixture("checkout.session");
        expired.put("id", "cs_test_" + StripeEvents.random());
        expired.put("status", "expired");
        expired.put("payment_status", "unpaid");
        expired.put("payment_intent", abandoned.intentId());
        assertEquals("PROCESSED:APPLIED", deliver("checkout.session.expired", expired));
        assertEquals("CANCELED", paymentStatus(abandoned.id()));

        ObjectNode unknownSession = StripeEvents.fixture("checkout.session");
        unknownSession.put("id", "cs_test_" + StripeEvents.random());
        unknownSession.putNull("payment_intent");
        assertEquals("PROCESSED:SESSION_RECORDED", deliver("checkout.session.completed", unknownSession));
    }

    @Test
    void unknown_types_and_other_api_versions_are_stored_and_acknowledged() {
        ObjectNode customer = StripeEvents.fixture("customer");
        assertEquals("IGNORED:UNKNOWN_TYPE", deliver("customer.created", customer));

        Payment p = payment(777);
        String old = event("evt_" + StripeEvents.random(), "payment_intent.succeeded", paymentIntent(p.intentId(), "succeeded", 777), "2020-08-27");
        assertEquals(200, postWebhook(old).status());
        assertEquals("PROCESSED", awaitWebhookDone(idOf(old)));
        assertEquals("SUCCEEDED", paymentStatus(p.id()), "an event of another API version is read from its raw JSON");
        assertEquals("2020-08-27", queryString("SELECT api_version FROM webhook_events WHERE stripe_event_id = ?", idOf(old)));

        assertEquals("IGNORED:UNMATCHED", deliver("payment_intent.succeeded", paymentIntent("pi_not_ours_" + StripeEvents.random(), "succeeded", 5)));
    }

    @Test
    void raw_events_are_kept_encrypted() {
        Payment p = payment(4321);
        String event = event("payment_intent.succeeded", paymentIntent(p.intentId(), "succeeded", 4321));
        postWebhook(event);
        awaitWebhookDone(idOf(event));
        String stored = queryString("SELECT payload_sealed FROM webhook_events WHERE stripe_event_id = ?", idOf(event));
        assertTrue(stored.startsWith("test:"), "sealed with the configured data key");
        assertTrue(!stored.contains(p.intentId()) && !stored.contains("payment_intent"), "no plaintext at rest");
    }
}
