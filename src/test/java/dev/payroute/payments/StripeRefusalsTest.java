package dev.payroute.payments;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.param.PaymentIntentListParams;
import dev.payroute.support.RouteTestSupport;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A caller's mistake that only Stripe can see (Stripe answers invalid_request_error with a param) is a 422
 * naming the caller's own field, in the caller's own vocabulary; nothing is created at Stripe or here.
 */
class StripeRefusalsTest extends RouteTestSupport {

    private long intentsAtStripe() throws StripeException {
        StripeClient stripe = StripeClient.builder().setApiKey("sk_test_route_tests").setApiBase(standIn.baseUrl())
                .setMaxNetworkRetries(0).build();
        long n = 0;
        for (var ignored : stripe.v1().paymentIntents().list(PaymentIntentListParams.builder().setLimit(100L).build())
                .autoPagingIterable()) {
            n++;
        }
        return n;
    }

    private void assertNamed(Reply r, String field, String reason, String sentValue) {
        assertEquals(422, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        assertEquals(field, r.json().get("field").asText(), r.body());
        assertEquals(reason, r.json().get("reason").asText(), r.body());
        if (sentValue != null) {
            assertFalse(r.body().contains(sentValue), "Stripe's message is not echoed: " + r.body());
        }
    }

    @Test
    void an_unknown_payment_method_on_confirm_is_422_payment_method_and_the_payment_stays_pending() {
        String id = createPayment("order-" + UUID.randomUUID(), 2000).get("id").asText();
        // Stripe's payment_intent.created may be applied (UNCHANGED) at any moment: only transitions the confirm could write count.
        String byRequests = "SELECT count(*) FROM payment_transitions WHERE payment_id = ? AND source NOT LIKE 'webhook%'";
        long transitions = count(byRequests, UUID.fromString(id));
        Reply r = post("/api/v1/payments/" + id + "/confirm", PAYMENTS_KEY, "{\"payment_method\":\"pm_nobody_knows_this\"}", null);
        assertNamed(r, "payment_method", "invalid_payment_method", "pm_nobody_knows_this");
        assertEquals("PENDING", paymentStatus(id));
        assertEquals(transitions, count(byRequests, UUID.fromString(id)), "the refused confirm recorded no transition");
    }

    @Test
    void a_currency_or_an_amount_stripe_refuses_is_422_naming_it_and_creates_nothing() throws StripeException {
        String before = tableSnapshot();
        long intents = intentsAtStripe();
        assertNamed(post("/api/v1/payments", PAYMENTS_KEY, "{\"amount\":2000,\"currency\":\"bov\"}", null),
                "currency", "invalid_currency", null);
        Reply small = post("/api/v1/payments", PAYMENTS_KEY, "{\"amount\":10,\"currency\":\"usd\"}", null);
        assertNamed(small, "amount", "invalid_amount", null);
        assertEquals("amount_too_small", small.json().get("provider_code").asText(), small.body());
        assertEquals(before, tableSnapshot());
        assertEquals(intents, intentsAtStripe());
    }

    @Test
    void a_refusal_by_stripe_is_not_kept_for_the_idempotency_key_so_a_corrected_retry_runs() {
        String key = "idem-" + UUID.randomUUID();
        assertNamed(post("/api/v1/payments", PAYMENTS_KEY, "{\"amount\":2000,\"currency\":\"bov\"}", key),
                "currency", "invalid_currency", null);
        assertEquals(0, count("SELECT count(*) FROM idempotency_keys WHERE idem_key = ?", key));
        Reply corrected = post("/api/v1/payments", PAYMENTS_KEY, "{\"amount\":2000,\"currency\":\"usd\"}", key);
        assertEquals(201, corrected.status(), corrected.body());
        assertEquals(1, count("SELECT count(*) FROM idempotency_keys WHERE idem_key = ? AND state = 'COMPLETED'", key));
    }

    @Test
    void escrow_authorize_names_payment_method_and_stripe_customer_id() throws StripeException {
        String before = tableSnapshot();
        long intents = intentsAtStripe();
        String order = "order-" + UUID.randomUUID();
        assertNamed(post("/api/v1/escrow/" + order + "/authorize", PAYMENTS_KEY,
                "{\"amount\":2098,\"customer_id\":\"c1\",\"payment_method\":\"pm_nobody_knows_this\"}", null),
                "payment_method", "invalid_payment_method", "pm_nobody_knows_this");
        assertNamed(post("/api/v1/escrow/" + order + "/authorize", PAYMENTS_KEY,
                "{\"amount\":2098,\"customer_id\":\"c1\",\"payment_method\":\"pm_card_visa\",\"stripe_customer_id\":\"cus_nobody\"}",
                null), "stripe_customer_id", "invalid_stripe_customer_id", "cus_nobody");
        assertNamed(post("/api/v1/escrow/" + order + "/authorize", PAYMENTS_KEY,
                "{\"amount\":20,\"customer_id\":\"c1\",\"payment_method\":\"pm_card_visa\"}", null),
                "amount", "invalid_amount", null);
        assertEquals(before, tableSnapshot());
        assertEquals(intents, intentsAtStripe());
    }

    @Test
    void campusg_authorize_names_its_own_nested_field() {
        String order = "order-" + UUID.randomUUID();
        Reply r = post("/api/payment/" + order + "/authorize", PAYMENTS_KEY, "{\"customer\":{\"clerkUserId\":\"u1\","
                + "\"userStripeCard\":{\"payment_method_id\":\"pm_nobody_knows_this\"}},\"order\":{\"amount\":2098}}", null);
        assertNamed(r, "customer.userStripeCard.payment_method_id", "invalid_payment_method", "pm_nobody_knows_this");
        assertFalse(r.json().get("success").asBoolean());
        assertEquals(0, count("SELECT count(*) FROM payments WHERE order_id = ?", order));
    }
}
