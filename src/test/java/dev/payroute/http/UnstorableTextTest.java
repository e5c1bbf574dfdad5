package dev.payroute.http;

import dev.payroute.support.RouteTestSupport;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static dev.payroute.support.StripeEvents.event;
import static dev.payroute.support.StripeEvents.idOf;
import static dev.payroute.support.StripeEvents.paymentIntent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A NUL or a lone UTF-16 surrogate in any string the caller sends (body values and names at any depth,
 * path and query parameters, a webhook's type) is a 400 naming the field, before Stripe is called and
 * before anything is stored.
 */
class UnstorableTextTest extends RouteTestSupport {

    private Reply create(String body) {
        return post("/api/v1/payments", PAYMENTS_KEY, body, "idem-" + UUID.randomUUID());
    }

    @Test
    void a_nul_in_the_description_is_refused_before_the_payment_intent_is_created() {
        assertRefusedBeforeAnySideEffect(400, "description",
                () -> create("{\"amount\":2000,\"currency\":\"usd\",\"description\":\"order\\u0000 42\"}"));
    }

    @Test
    void metadata_names_and_values_are_checked_at_any_depth() {
        assertRefusedBeforeAnySideEffect(400, "metadata.no\\u0000te",
                () -> create("{\"amount\":2000,\"currency\":\"usd\",\"metadata\":{\"no\\u0000te\":\"v\"}}"));
        assertRefusedBeforeAnySideEffect(400, "metadata.note",
                () -> create("{\"amount\":2000,\"currency\":\"usd\",\"metadata\":{\"note\":\"half \\ud83d pair\"}}"));
        assertRefusedBeforeAnySideEffect(400, "order.description", () -> post("/api/payment/order-" + UUID.randomUUID()
                + "/authorize", PAYMENTS_KEY, "{\"customer\":{\"clerkUserId\":\"u1\",\"userStripeCard\":{\"payment_method_id\":"
                + "\"pm_card_visa\"}},\"order\":{\"amount\":2098,\"description\":\"\\udc00\"}}", null));
    }

    @Test
    void a_nul_in_a_path_or_query_parameter_is_refused() {
        assertRefusedBeforeAnySideEffect(400, "order_id", () -> post("/api/v1/escrow/order%00x/authorize", PAYMENTS_KEY,
                "{\"amount\":2098,\"customer_id\":\"c1\",\"payment_method\":\"pm_card_visa\"}", null));
        Reply listed = get("/api/v1/payments/order/o1?page=1%00", PAYMENTS_KEY);
        assertEquals(400, listed.status(), listed.body());
        assertEquals("page", listed.json().get("field").asText());
        Reply byId = get("/api/v1/payments/" + UUID.randomUUID() + "%00", PAYMENTS_KEY);
        assertEquals(400, byId.status(), byId.body());
        assertEquals("id", byId.json().get("field").asText());
    }

    @Test
    void a_webhook_whose_type_holds_a_nul_is_refused_at_ingress_and_not_stored() {
        String event = event("payment_intent.succeeded\u0000", paymentIntent("pi_" + UUID.randomUUID().toString()
                .replace("-", ""), "succeeded", 1000));
        Reply r = postWebhook(event);
        assertEquals(400, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        assertEquals("type", r.json().get("field").asText());
        assertEquals(0, count("SELECT count(*) FROM webhook_events WHERE stripe_event_id = ?", idOf(event)));
    }
}
