package dev.payroute.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.stripe.StripeClient;
import com.stripe.param.PaymentIntentConfirmParams;
import dev.payroute.stripe.standin.FaultKind;
import dev.payroute.support.RouteTestSupport;
import dev.payroute.support.StripeEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static dev.payroute.support.StripeEvents.charge;
import static dev.payroute.support.StripeEvents.event;
import static dev.payroute.support.StripeEvents.idOf;
import static dev.payroute.support.StripeEvents.paymentIntent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Late and out-of-order events change nothing; failing handlers are retried, then dead-lettered and replayable. */
class WebhookOrderingAndFailuresTest extends RouteTestSupport {

    @AfterEach
    void clear() {
        standIn.faults().clear();
        standIn.withholdWebhooks("*", false);
    }

    private JsonNode succeededPayment(long amount) {
        JsonNode p = createPayment("order-" + UUID.randomUUID(), amount);
        Reply confirmed = post("/api/v1/payments/" + p.get("id").asText() + "/confirm", PAYMENTS_KEY, "{\"payment_method\":\"pm_card_visa\"}", null);
        assertEquals("SUCCEEDED", confirmed.json().get("status").asText());
        return p;
    }

    private String deliver(String type, JsonNode object) {
        String e = event(type, object);
        assertEquals(200, postWebhook(e).status());
        awaitWebhookDone(idOf(e));
        return queryString("SELECT outcome FROM webhook_events WHERE stripe_event_id = ?", idOf(e));
    }

    private long refused(String paymentId, String source) {
        return count("SELECT count(*) FROM payment_transitions WHERE payment_id = ? AND outcome = 'REFUSED' AND source = ?",
                UUID.fromString(paymentId), source);
    }

    /** GETs of the PaymentIntent at Stripe (the re-read a contradicting event costs). */
    private int stripeReads(String pi) {
        return standIn.requestCount("GET", "/v1/payment_intents/" + pi);
    }

    @Test
    void late_processing_failure_and_requires_action_after_success_are_stale_and_cost_no_stripe_call() {
        JsonNode p = succeededPayment(1200);
        String id = p.get("id").asText();
        String pi = p.get("payment_intent_id").asText();
        long eventsBefore = count("SELECT count(*) FROM outbox WHERE aggregate_id = ?", id);
        int readsBefore = stripeReads(pi);
        assertEquals("STALE", deliver("payment_intent.processing", paymentIntent(pi, "processing", 1200)));
        ObjectNode failed = paymentIntent(pi, "requires_payment_method", 1200);
        failed.putObject("last_payment_error").put("code", "card_declined");
        assertEquals("STALE", deliver("payment_intent.payment_failed", failed));
        assertEquals("STALE", deliver("payment_intent.requires_action", paymentIntent(pi, "requires_action", 1200)));
        assertEquals(readsBefore, stripeReads(pi), "an older report is not checked with Stripe");
        assertEquals("SUCCEEDED", paymentStatus(id));
        assertEquals(1, refused(id, "webhook:payment_intent.processing"), "the refused move is recorded");
        assertEquals(1, refused(id, "webhook:payment_intent.payment_failed"));
        assertEquals(1, refused(id, "webhook:payment_intent.requires_action"));
        assertEquals(0, count("SELECT count(*) FROM payment_transitions WHERE payment_id = ? AND source LIKE 'webhook-refetch:%'",
                UUID.fromString(id)), "nothing was fetched, so nothing fetched was applied");
        assertEquals(eventsBefore, count("SELECT count(*) FROM outbox WHERE aggregate_id = ?", id), "no event for a refused move");
        assertEquals(0, count("SELECT count(*) FROM verification_records WHERE payment_id = ? AND status = 'FAILED'", UUID.fromString(id)));
    }

    @Test
    void an_event_that_contradicts_the_payment_is_checked_with_stripe() {
        JsonNode p = succeededPayment(1250);
        String id = p.get("id").asText();
        String pi = p.get("payment_intent_id").asText();
        int readsBefore = stripeReads(pi);
        // No allowed path leads from CANCELED to SUCCEEDED: one of the two is wrong, and Stripe says which.
        assertEquals("REFUSED_THEN_UNCHANGED", deliver("payment_intent.canceled", paymentIntent(pi, "canceled", 1250)));
        assertEquals(readsBefore + 1, stripeReads(pi), "one read of the intent");
        assertEquals("SUCCEEDED", paymentStatus(id));
        assertEquals(1, refused(id, "webhook:payment_intent.canceled"));
        assertEquals(1, count("SELECT count(*) FROM payment_transitions WHERE payment_id = ? AND source = 'webhook-refetch:payment_intent.canceled'"
                + " AND outcome = 'UNCHANGED'", UUID.fromString(id)));
    }

    @Test
    void a_charge_succeeded_after_the_refund_does_not_undo_it() {
        JsonNode p = succeededPayment(2000);
        String id = p.get("id").asText();
        String pi = p.get("payment_intent_id").asText();
        ObjectNode refunded = charge(pi, 2000, true);
        refunded.put("amount_refunded", 2000);
        assertEquals("APPLIED", deliver("charge.refunded", refunded));
        assertEquals("REFUSED", deliver("charge.succeeded", charge(pi, 2000, true)));
        int readsBefore = stripeReads(pi);
        assertEquals("STALE", deliver("payment_intent.succeeded", paymentIntent(pi, "succeeded", 2000)));
        assertEquals(readsBefore, stripeReads(pi), "a success older than the refund is not checked with Stripe");
        assertEquals("REFUNDED", paymentStatus(id));
    }

    @Test
    void success_arriving_before_processing_leaves_the_payment_succeeded() {
        JsonNode p = createPayment("order-" + UUID.randomUUID(), 900);
        String id = p.get("id").asText();
        String pi = p.get("payment_intent_id").asText();
        assertEquals("APPLIED", deliver("payment_intent.succeeded", paymentIntent(pi, "succeeded", 900)));
        int readsBefore = stripeReads(pi);
        assertEquals("STALE", deliver("payment_intent.processing", paymentIntent(pi, "processing", 900)));
        assertEquals(readsBefore, stripeReads(pi));
        assertEquals("SUCCEEDED", paymentStatus(id));
        assertEquals("REFUSED", deliver("charge.failed", charge(pi, 900, false)));
        assertEquals("SUCCEEDED", paymentStatus(id));
    }

    @Test
    void canceled_is_final() {
        JsonNode p = createPayment("order-" + UUID.randomUUID(), 300);
        String pi = p.get("payment_intent_id").asText();
        assertEquals("APPLIED", deliver("payment_intent.canceled", paymentIntent(pi, "canceled", 300)));
        assertEquals("REFUSED", deliver("charge.succeeded", charge(pi, 300, true)));
        assertEquals("CANCELED", paymentStatus(p.get("id").asText()));
    }

    @Test
    void a_handler_that_fails_twice_then_succeeds_is_retried_by_the_redelivery_policy() {
        JsonNode p = succeededPayment(1500);
        String pi = p.get("payment_intent_id").asText();
        // An event that contradicts the payment (canceled, while we know it succeeded) is refused and the handler
        // asks Stripe about the intent: Stripe fails twice.
        standIn.faults().failNext("GET", "/v1/payment_intents/" + pi, FaultKind.HTTP_500, 2);
        int readsBefore = standIn.requestCount("GET", "/v1/payment_intents/" + pi);
        String e = event("payment_intent.canceled", paymentIntent(pi, "canceled", 1500));
        assertEquals(200, postWebhook(e).status());
        assertEquals("PROCESSED", awaitWebhookDone(idOf(e)));
        assertEquals("REFUSED_THEN_UNCHANGED", queryString("SELECT outcome FROM webhook_events WHERE stripe_event_id = ?", idOf(e)));
        assertEquals(readsBefore + 3, standIn.requestCount("GET", "/v1/payment_intents/" + pi));
        assertEquals("SUCCEEDED", paymentStatus(p.get("id").asText()), "Stripe's word was applied: the payment stays captured");
        assertEquals(0, count("SELECT count(*) FROM dead_letters WHERE reference = ?", idOf(e)));
    }

    @Test
    void a_handler_that_keeps_failing_becomes_a_dead_letter_that_an_admin_replays() {
        JsonNode p = succeededPayment(1700);
        String pi = p.get("payment_intent_id").asText();
        // A contradicting event (canceled after success) needs Stripe's word, and Stripe keeps failing.
        standIn.faults().failNext("GET", "/v1/payment_intents/" + pi, FaultKind.HTTP_500, 100);
        String e = event("payment_intent.canceled", paymentIntent(pi, "canceled", 1700));
        assertEquals(200, postWebhook(e).status(), "Stripe is answered once the event is stored, whatever processing does");
        assertEquals("DEAD", awaitWebhookDone(idOf(e)));

        Reply letters = get("/api/v1/admin/dead-letters", ADMIN_KEY);
        assertEquals(200, letters.status(), letters.body());
        JsonNode letter = null;
        for (JsonNode item : letters.json().get("items")) {
            if (item.get("reference").asText().equals(idOf(e))) {
                letter = item;
            }
        }
        assertTrue(letter != null, letters.body());
        assertTrue(letter.get("reason").asText().contains("500"), letter.toString());
        assertEquals(403, post("/api/v1/admin/dead-letters/" + letter.get("id").asLong() + "/replay", PAYMENTS_KEY, null, null).status());

        standIn.faults().clear();
        Reply replay = post("/api/v1/admin/dead-letters/" + letter.get("id").asLong() + "/replay", ADMIN_KEY, null, null);
        assertEquals(200, replay.status(), replay.body());
        assertEquals("PROCESSED", awaitWebhookDone(idOf(e)));
        assertEquals("REFUSED_THEN_UNCHANGED", queryString("SELECT outcome FROM webhook_events WHERE stripe_event_id = ?", idOf(e)));
        assertEquals("SUCCEEDED", paymentStatus(p.get("id").asText()));
        assertEquals(409, post("/api/v1/admin/dead-letters/" + letter.get("id").asLong() + "/replay", ADMIN_KEY, null, null).status(),
                "a dead letter is replayed once");
        assertEquals(404, post("/api/v1/admin/dead-letters/999999999/replay", ADMIN_KEY, null, null).status());
    }

    @Test
    void an_event_faster_than_our_own_commit_waits_for_the_payment_and_one_that_never_appears_is_dead() {
        String unknown = UUID.randomUUID().toString();
        ObjectNode early = paymentIntent("pi_early_" + StripeEvents.random(), "succeeded", 100);
        early.putObject("metadata").put("payroute_payment_id", unknown);
        String e = event("payment_intent.succeeded", early);
        assertEquals(200, postWebhook(e).status());
        assertEquals("DEAD", awaitWebhookDone(idOf(e)), "retried, then handed to an admin");
        assertTrue(queryString("SELECT last_error FROM webhook_events WHERE stripe_event_id = ?", idOf(e)).contains("not recorded yet"));

        // The event is posted just before the payment's row is written (escrow with the client's own
        // payment id, so the id is known in advance): it waits for the row instead of being dropped.
        String external = "ext-" + UUID.randomUUID();
        String paymentId = UUID.nameUUIDFromBytes(("external-payment:" + external).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
        ObjectNode ahead = paymentIntent("pi_ahead_" + StripeEvents.random(), "requires_capture", 640);
        ahead.putObject("metadata").put("payroute_payment_id", paymentId);
        String waiting = event("payment_intent.amount_capturable_updated", ahead);
        assertEquals(200, postWebhook(waiting).status());
        Reply held = post("/api/v1/escrow/order-" + external + "/authorize", PAYMENTS_KEY, "{\"amount\":640,\"customer_id\":\"c\","
                + "\"payment_method\":\"pm_card_visa\",\"payment_id\":\"" + external + "\"}", null);
        assertEquals(paymentId, held.json().get("id").asText());
        assertEquals("PROCESSED", awaitWebhookDone(idOf(waiting)), "applied once the payment existed, not dropped");
        assertEquals("AUTHORIZED", paymentStatus(paymentId));
    }

    /**
     * One webhook consumer. Eight events for a payment that never appears each wait out the retry delays of these
     * tests (50, 100 and 200 ms, then dead-lettered): 2.8 s in all, had each held the consumer for its delays.
     */
    @org.junit.jupiter.api.Nested
    @org.apache.camel.test.main.junit5.CamelMainTest(properties = "payroute.webhooks.process-consumers=1")
    class WhileEventsWaitForTheirRetries {

        @Test
        void the_consumer_goes_on_with_the_next_event() {
            java.util.List<String> waiting = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                ObjectNode early = paymentIntent("pi_early_" + StripeEvents.random(), "requires_payment_method", 300);
                early.putObject("metadata").put("payroute_payment_id", UUID.randomUUID().toString());
                String e = event("payment_intent.created", early);
                assertEquals(200, postWebhook(e).status());
                waiting.add(e);
            }

            JsonNode p = succeededPayment(700);
            String late = event("payment_intent.processing", paymentIntent(p.get("payment_intent_id").asText(), "processing", 700));
            assertEquals(200, postWebhook(late).status());
            assertEquals("PROCESSED", awaitWebhookDone(idOf(late)));
            long lagMs = count("SELECT (extract(epoch FROM processed_at - received_at) * 1000)::bigint FROM webhook_events"
                    + " WHERE stripe_event_id = ?", idOf(late));
            assertTrue(lagMs < 1000, "the next event was applied " + lagMs + " ms after it arrived, not after the"
                    + " waiting events' retry delays");
            for (String e : waiting) {
                assertEquals("DEAD", awaitWebhookDone(idOf(e)), "a waiting event was still retried, then dead-lettered");
            }
        }
    }

    @Test
    void reconciliation_repairs_a_payment_whose_webhooks_never_came() throws Exception {
        JsonNode p = createPayment("order-" + UUID.randomUUID(), 2500);
        String id = p.get("id").asText();
        standIn.withholdWebhooks("*", true);
        // The customer confirms in the browser (Stripe.js); payroute hears nothing.
        StripeClient browser = StripeClient.builder().setApiKey("sk_test_browser").setApiBase(standIn.baseUrl()).build();
        browser.v1().paymentIntents().confirm(p.get("payment_intent_id").asText(),
                PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_visa").build());
        assertEquals("PENDING", paymentStatus(id));
        await("reconciliation applies what Stripe says", () -> "SUCCEEDED".equals(paymentStatus(id)));
        assertEquals(1, count("SELECT count(*) FROM payment_transitions WHERE payment_id = ? AND source = 'reconciliation'"
                + " AND outcome = 'APPLIED' AND to_status = 'SUCCEEDED'", UUID.fromString(id)));
        assertEquals(1, count("SELECT count(*) FROM verification_records WHERE payment_id = ? AND source = 'reconciliation'",
                UUID.fromString(id)));
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE aggregate_id = ? AND event_type = 'payment.completed'", id));
    }
}
