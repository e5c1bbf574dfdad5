package dev.payroute.storefront;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every URL a caller gives for the customer's browser (Checkout's success_url and cancel_url, the audiobook
 * create-checkout-session's, confirm's and escrow authorize's return_url, canonical and CampusG) is refused when it is not a usable
 * http(s) URL: 422 naming the field, before anything is stored or sent to Stripe.
 */
class RedirectUrlFieldsTest extends StorefrontTestSupport {

    private static final List<String> NOT_URLS = List.of("http://", "http:///x", "https://a b.com/", "http://exa mple",
            "http://x.com/%zz", "http://-a.com", "javascript:alert(1)", "http://x.com:70000/");

    private static String session(String field, String url) {
        return "{\"user_id\":\"" + newUser() + "\",\"items\":" + items(1) + ",\"customer_email\":\"user@example.com\",\""
                + field + "\":\"" + url + "\"}";
    }

    @Test
    void checkout_session_urls_that_are_not_usable_are_422_naming_the_field_before_stripe_is_called() {
        for (String field : List.of("success_url", "cancel_url")) {
            for (String url : NOT_URLS) {
                for (String path : List.of("/api/v1/checkout-sessions", "/api/v1/payment/create-checkout-session")) {
                    assertRefusedBeforeAnySideEffect(422, field, () -> post(path, PAYMENTS_KEY, session(field, url),
                            "idem-" + UUID.randomUUID()));
                }
            }
        }
    }

    @Test
    void an_upper_case_scheme_and_stripe_s_session_placeholder_are_accepted() {
        Reply r = post("/api/v1/checkout-sessions", PAYMENTS_KEY, "{\"user_id\":\"" + newUser() + "\",\"items\":" + items(1)
                + ",\"customer_email\":\"user@example.com\",\"success_url\":\"HTTP://X.COM/done?s={CHECKOUT_SESSION_ID}\","
                + "\"cancel_url\":\"HTTPS://[::1]:8443/cancel\"}", null);
        assertEquals(201, r.status(), r.body());
        JsonNode session = r.json();
        assertEquals("http://X.COM/done?s={CHECKOUT_SESSION_ID}", session.get("success_url").asText());
        assertEquals("https://[::1]:8443/cancel", session.get("cancel_url").asText());
        JsonNode atStripe = standIn.object(session.get("id").asText()).orElseThrow();
        assertEquals("http://X.COM/done?s={CHECKOUT_SESSION_ID}", atStripe.get("success_url").asText());
    }

    @Test
    void a_return_url_that_is_not_usable_is_422_on_confirm_on_the_compat_confirm_and_on_escrow_authorize() {
        String paymentId = createPayment("order-" + UUID.randomUUID(), 2000).get("id").asText();
        for (String url : NOT_URLS) {
            assertRefusedBeforeAnySideEffect(422, "return_url", () -> post("/api/v1/payments/" + paymentId + "/confirm",
                    PAYMENTS_KEY, "{\"payment_method\":\"pm_card_visa\",\"return_url\":\"" + url + "\"}", null));
            assertRefusedBeforeAnySideEffect(422, "return_url", () -> post("/api/v1/payment/confirm-payment", PAYMENTS_KEY,
                    "{\"payment_id\":\"" + paymentId + "\",\"payment_method\":\"pm_card_visa\",\"return_url\":\"" + url + "\"}", null));
            assertRefusedBeforeAnySideEffect(422, "return_url", () -> post("/api/v1/escrow/order-" + UUID.randomUUID()
                    + "/authorize", PAYMENTS_KEY, "{\"amount\":2098,\"customer_id\":\"c1\",\"payment_method\":\"pm_card_visa\","
                    + "\"return_url\":\"" + url + "\"}", null));
            assertRefusedBeforeAnySideEffect(422, "return_url", () -> post("/api/payment/order-" + UUID.randomUUID()
                    + "/authorize", PAYMENTS_KEY, "{\"customer\":{\"clerkUserId\":\"u1\",\"userStripeCard\":"
                    + "{\"payment_method_id\":\"pm_card_visa\"}},\"order\":{\"amount\":2098},\"return_url\":\"" + url + "\"}", null));
        }
        Reply confirmed = post("/api/v1/payments/" + paymentId + "/confirm", PAYMENTS_KEY,
                "{\"payment_method\":\"pm_card_visa\",\"return_url\":\"HTTPS://SHOP.EXAMPLE/back\"}", null);
        assertEquals(200, confirmed.status(), confirmed.body());
        assertEquals("SUCCEEDED", confirmed.json().get("status").asText());
    }
}
