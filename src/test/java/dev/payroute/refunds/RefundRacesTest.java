package dev.payroute.refunds;

import com.fasterxml.jackson.databind.JsonNode;
import com.stripe.model.Refund;
import com.stripe.param.RefundListParams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An escrow revert of a captured hold and a refund request arriving together: both go through the same
 * reservation, so whatever the order, Stripe never refunds more than was captured, and the database, the
 * payment and Stripe agree on what was refunded.
 */
class RefundRacesTest extends RefundTestSupport {

    private static final int ORDERS = 6;

    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterAll
    void stopPool() {
        pool.shutdownNow();
    }

    /** An escrow hold of 2400, captured at Stripe (as from its dashboard), SUCCEEDED here once the webhook lands. */
    private JsonNode capturedHold(String order) throws Exception {
        Reply held = post("/api/v1/escrow/" + order + "/authorize", PAYMENTS_KEY, "{\"amount\":2400,\"customer_id\":\"c-" + order
                + "\",\"payment_method\":\"pm_card_visa\"}", null);
        assertEquals("AUTHORIZED", held.json().get("status").asText(), held.body());
        stripe().v1().paymentIntents().capture(held.json().get("payment_intent_id").asText());
        String id = held.json().get("id").asText();
        await("the capture's webhook is applied", () -> "SUCCEEDED".equals(paymentStatus(id)));
        return held.json();
    }

    private long refundedAtStripe(String paymentIntentId) throws Exception {
        List<Refund> refunds = stripe().v1().refunds().list(RefundListParams.builder().setPaymentIntent(paymentIntentId).build()).getData();
        return refunds.stream().filter(r -> "succeeded".equals(r.getStatus())).mapToLong(Refund::getAmount).sum();
    }

    @Test
    void a_revert_and_a_refund_sent_together_never_refund_more_than_was_captured() throws Exception {
        for (int i = 0; i < ORDERS; i++) {
            String order = "refund-race-" + UUID.randomUUID();
            JsonNode hold = capturedHold(order);
            String paymentId = hold.get("id").asText();
            String pi = hold.get("payment_intent_id").asText();

            CountDownLatch start = new CountDownLatch(1);
            Future<Reply> revert = pool.submit(() -> {
                start.await();
                return post("/api/v1/escrow/" + order + "/revert", PAYMENTS_KEY, "{\"reason\":\"race\"}", null);
            });
            Future<Reply> refund = pool.submit(() -> {
                start.await();
                return post("/api/v1/refunds", PAYMENTS_KEY, "{\"payment_id\":\"" + paymentId + "\",\"amount\":2000}", null);
            });
            start.countDown();
            Reply reverted = revert.get();
            Reply refunded = refund.get();
            assertTrue(reverted.status() == 200 || reverted.status() == 409, reverted.body());
            assertTrue(refunded.status() == 201 || refunded.status() == 409, refunded.body());
            assertTrue(reverted.status() == 200 || refunded.status() == 201, "one of them goes through");

            await("no refund of " + order + " is left pending", () -> count("SELECT count(*) FROM refunds WHERE payment_id = ?"
                    + " AND status = 'PENDING'", UUID.fromString(paymentId)) == 0);
            long atStripe = refundedAtStripe(pi);
            assertTrue(atStripe <= 2400, "Stripe refunded " + atStripe + " of 2400");
            long ours = count("SELECT COALESCE(sum(amount), 0) FROM refunds WHERE payment_id = ? AND status = 'SUCCEEDED'",
                    UUID.fromString(paymentId));
            assertEquals(atStripe, ours, "our refunds and Stripe's agree for " + order);
            await("the payment shows what Stripe refunded", () -> count("SELECT amount_refunded FROM payments WHERE id = ?",
                    UUID.fromString(paymentId)) == atStripe);
            if (reverted.status() == 200) {
                // The revert refunds all that is left; a refund reserved just before it may finish a moment later.
                assertEquals(2400, atStripe, "a revert refunds all that is left");
                await("the reverted payment is REFUNDED", () -> "REFUNDED".equals(paymentStatus(paymentId)));
            }
        }
    }

    @Test
    void a_refund_after_a_revert_is_refused_and_so_is_a_revert_after_a_partial_refund() throws Exception {
        String order = "revert-first-" + UUID.randomUUID();
        JsonNode hold = capturedHold(order);
        String paymentId = hold.get("id").asText();
        assertEquals(200, post("/api/v1/escrow/" + order + "/revert", PAYMENTS_KEY, "{}", null).status());
        int calls = standIn.requestCount("POST", "/v1/refunds");
        Reply late = post("/api/v1/refunds", PAYMENTS_KEY, "{\"payment_id\":\"" + paymentId + "\"}", null);
        assertEquals(409, late.status(), late.body());
        assertEquals(calls, standIn.requestCount("POST", "/v1/refunds"));

        String second = "refund-first-" + UUID.randomUUID();
        JsonNode other = capturedHold(second);
        String otherId = other.get("id").asText();
        Reply partial = post("/api/v1/refunds", PAYMENTS_KEY, "{\"payment_id\":\"" + otherId + "\",\"amount\":400}", null);
        assertEquals(201, partial.status(), partial.body());
        calls = standIn.requestCount("POST", "/v1/refunds");
        Reply reverted = post("/api/v1/escrow/" + second + "/revert", PAYMENTS_KEY, "{}", null);
        // A partly refunded payment is no longer revertible (the escrow rules): 409, and nothing moves.
        assertEquals(409, reverted.status(), reverted.body());
        assertEquals(calls, standIn.requestCount("POST", "/v1/refunds"));
        assertEquals(400, refundedAtStripe(other.get("payment_intent_id").asText()));
    }
}
