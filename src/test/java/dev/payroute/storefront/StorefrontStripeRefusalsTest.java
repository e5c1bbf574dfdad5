package dev.payroute.storefront;

import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A value of the caller's that Stripe refuses on the storefront's card routes (a cart total below Stripe's minimum,
 * an e-mail address Stripe does not take) is a 422 naming the caller's field, as on POST /api/v1/payments: nothing
 * is created, and the Idempotency-Key is free for the corrected request.
 */
class StorefrontStripeRefusalsTest extends StorefrontTestSupport {

    /** 7 × 7 = 49 cents: one cent below Stripe's minimum charge in usd. */
    private static final String TOO_SMALL = "[{\"book_id\":\"book_1\",\"quantity\":7,\"price_cents\":7,\"title\":\"Pamphlet\"}]";

    private void assertRefusedByStripe(Reply r, String field, String reason, String providerCode, String before) {
        assertEquals(422, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        assertEquals(field, r.json().get("field").asText(), r.body());
        assertEquals(reason, r.json().get("reason").asText(), r.body());
        assertEquals(providerCode, r.json().get("provider_code").asText(), r.body());
        assertEquals(before, tableSnapshot(), "nothing is stored");
    }

    private static String cart(String user, String items) {
        return "{\"user_id\":\"" + user + "\",\"items\":" + items + "}";
    }

    private static String session(String user, String items, String email) {
        return "{\"user_id\":\"" + user + "\",\"items\":" + items + ",\"customer_email\":\"" + email + "\"}";
    }

    @Test
    void a_cart_total_below_stripe_s_minimum_is_422_items_and_the_key_is_free_for_the_corrected_cart() {
        for (String path : new String[] {"/api/v1/checkout/payment-intents", "/api/v1/payment/create-payment-intent"}) {
            String user = newUser();
            String key = "idem-" + UUID.randomUUID();
            String before = tableSnapshot();
            Reply r = post(path, PAYMENTS_KEY, cart(user, TOO_SMALL), key);
            assertRefusedByStripe(r, "items", "invalid_amount", "amount_too_small", before);
            assertTrue(r.json().get("detail").asText().contains("total computed from the items"), r.body());
            assertTrue(r.json().get("detail").asText().contains("49"), r.body());
            assertEquals(0, count("SELECT count(*) FROM idempotency_keys WHERE idem_key = ?", key));
            Reply corrected = post(path, PAYMENTS_KEY, cart(user, items(1)), key);
            assertTrue(corrected.status() == 201 || corrected.status() == 200, corrected.body());
            assertEquals(1, count("SELECT count(*) FROM idempotency_keys WHERE idem_key = ? AND state = 'COMPLETED'", key));
        }
    }

    @Test
    void a_checkout_session_stripe_refuses_names_items_or_customer_email_and_makes_nothing() {
        for (String path : new String[] {"/api/v1/checkout-sessions", "/api/v1/payment/create-checkout-session"}) {
            int sessions = standIn.requestCount("POST", "/v1/checkout/sessions");
            String before = tableSnapshot();
            String key = "idem-" + UUID.randomUUID();
            Reply small = post(path, PAYMENTS_KEY, session(newUser(), TOO_SMALL, "user@example.com"), key);
            assertRefusedByStripe(small, "items", "invalid_amount", "amount_too_small", before);
            assertTrue(small.json().get("detail").asText().contains("total computed from the items"), small.body());
            assertEquals(0, count("SELECT count(*) FROM idempotency_keys WHERE idem_key = ?", key));

            Reply email = post(path, PAYMENTS_KEY, session(newUser(), items(1), "a@b..com"), key);
            assertRefusedByStripe(email, "customer_email", "invalid_customer_email", "email_invalid", before);
            assertFalse(email.body().contains("a@b..com"), "Stripe's message is not echoed: " + email.body());
            assertEquals(0, count("SELECT count(*) FROM idempotency_keys WHERE idem_key = ?", key));
            assertEquals(sessions + 2, standIn.requestCount("POST", "/v1/checkout/sessions"), "Stripe was the judge");

            Reply corrected = post(path, PAYMENTS_KEY, session(newUser(), items(1), "user@example.com"), key);
            assertTrue(corrected.status() == 201 || corrected.status() == 200, corrected.body());
        }
    }
}
