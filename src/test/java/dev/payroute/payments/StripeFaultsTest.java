package dev.payroute.payments;

import com.stripe.StripeClient;
import com.stripe.model.PaymentIntent;
import com.stripe.param.PaymentIntentListParams;
import dev.payroute.stripe.standin.FaultKind;
import dev.payroute.support.RouteTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stripe failing in the ways it really fails: 500s and 429s (not executed), and answers that
 * never arrive although the charge happened. Retries carry the same Stripe idempotency key,
 * so nothing is created or charged twice.
 */
class StripeFaultsTest extends RouteTestSupport {

    @AfterEach
    void clearFaults() {
        standIn.faults().clear();
    }

    /** PaymentIntents the stand-in holds for one of our payments, read back through stripe-java. */
    private long intentsFor(String paymentId) throws Exception {
        StripeClient client = StripeClient.builder().setApiKey("sk_test_faults").setApiBase(standIn.baseUrl()).build();
        return client.v1().paymentIntents().list(PaymentIntentListParams.builder().setLimit(100L).build())
                .getData().stream()
                .filter(pi -> paymentId.equals(pi.getMetadata().get("payroute_payment_id")))
                .count();
    }

    @Test
    void stripe_500s_and_429s_are_redelivered_and_the_payment_is_created_once() throws Exception {
        standIn.faults().failNext("POST", "/v1/payment_intents", FaultKind.HTTP_500, 1);
        standIn.faults().failNext("POST", "/v1/payment_intents", FaultKind.HTTP_429, 1);
        String order = "order-" + UUID.randomUUID();
        Reply r = post("/api/v1/payments", PAYMENTS_KEY, paymentJson(order, 1234), null);
        assertEquals(201, r.status(), r.body());
        assertEquals(1, intentsFor(r.json().get("id").asText()));
        assertEquals(1, count("SELECT count(*) FROM payments WHERE order_id = ?", order));
    }

    @Test
    void a_lost_answer_is_retried_with_the_same_key_and_stripe_replays_it() throws Exception {
        standIn.faults().failNext("POST", "/v1/payment_intents", FaultKind.DROP_RESPONSE, 1);
        Reply r = post("/api/v1/payments", PAYMENTS_KEY, paymentJson("order-" + UUID.randomUUID(), 2222), null);
        assertEquals(201, r.status(), r.body());
        assertEquals(1, intentsFor(r.json().get("id").asText()), "the intent Stripe created before the answer was lost is reused");
    }

    @Test
    void a_timed_out_confirm_is_retried_and_charges_once() throws Exception {
        Reply created = post("/api/v1/payments", PAYMENTS_KEY, paymentJson("order-" + UUID.randomUUID(), 3333), null);
        String intentId = created.json().get("payment_intent_id").asText();
        // Longer than payroute's read timeout (1.5 s in tests): the charge happens, the answer comes too late.
        // Until the stand-in has answered, retries with the same key get Stripe's 409; then the replay.
        standIn.faults().delayNext("POST", "/v1/payment_intents/" + intentId + "/confirm", Duration.ofMillis(2000), 1);
        Reply confirmed = post("/api/v1/payments/" + created.json().get("id").asText() + "/confirm", PAYMENTS_KEY,
                "{\"payment_method\":\"pm_card_visa\"}", null);
        assertEquals(200, confirmed.status(), confirmed.body());
        assertEquals("SUCCEEDED", confirmed.json().get("status").asText());
        assertTrue(standIn.requestCount("POST", "/v1/payment_intents/" + intentId + "/confirm") >= 2,
                "the confirm was sent again after the timeout");
        assertEquals(1, standIn.executedCount("POST", "/v1/payment_intents/" + intentId + "/confirm"),
                "Stripe ran the confirm once; the retries were answered from its idempotency store");
        PaymentIntent intent = StripeClient.builder().setApiKey("sk_test_faults").setApiBase(standIn.baseUrl()).build()
                .v1().paymentIntents().retrieve(intentId);
        assertEquals(3333L, intent.getAmountReceived(), "charged exactly once");
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE aggregate_id = ? AND event_type = 'payment.completed'",
                created.json().get("id").asText()));
    }

    @Test
    void when_stripe_stays_down_the_caller_gets_503_and_the_same_key_succeeds_later_with_one_intent() throws Exception {
        standIn.faults().failNext("POST", "/v1/payment_intents", FaultKind.HTTP_500, 50);
        String order = "order-" + UUID.randomUUID();
        String key = "idem-" + UUID.randomUUID();
        Reply down = post("/api/v1/payments", PAYMENTS_KEY, paymentJson(order, 4444), key);
        assertEquals(503, down.status(), down.body());
        assertTrue(down.contentType().startsWith("application/problem+json"));
        assertEquals(0, count("SELECT count(*) FROM payments WHERE order_id = ?", order));
        assertEquals("RETRYABLE", queryString("SELECT state FROM idempotency_keys WHERE idem_key = ?", key));

        standIn.faults().clear();
        Reply later = post("/api/v1/payments", PAYMENTS_KEY, paymentJson(order, 4444), key);
        assertEquals(201, later.status(), later.body());
        assertEquals(1, count("SELECT count(*) FROM payments WHERE order_id = ?", order));
        assertEquals(1, intentsFor(later.json().get("id").asText()));
        Reply replay = post("/api/v1/payments", PAYMENTS_KEY, paymentJson(order, 4444), key);
        assertEquals(later.json().get("id"), replay.json().get("id"));
    }
}
