package dev.payroute.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payroute.support.RouteTestSupport;
import dev.payroute.support.StripeEvents;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The canonical API refuses a query parameter its endpoint does not declare, as it refuses an unknown field of a
 * body: a misspelt filter must not answer the unfiltered list. Compatibility routes and Stripe's webhook take any.
 */
class UnknownQueryParametersTest extends RouteTestSupport {

    private static String detail(Reply r) {
        return r.json().get("detail").asText();
    }

    @Test
    void a_misspelt_filter_is_a_400_naming_it_and_listing_what_the_endpoint_takes() {
        JsonNode payment = createPayment("order-" + UUID.randomUUID(), 700);
        String paymentId = payment.get("id").asText();

        Reply misspelt = assertRefusedBeforeAnySideEffect(400, "userid",
                () -> get("/api/v1/verifications?userid=someone", PAYMENTS_KEY));
        assertEquals("unknown query parameter: userid; this endpoint takes event_id, organizer_id, page, page_size,"
                + " payment_id, user_id", detail(misspelt));
        assertEquals(200, get("/api/v1/verifications?user_id=someone&page=1&page_size=5", PAYMENTS_KEY).status());

        String byOrder = "/api/v1/payments/order/" + payment.get("order_id").asText();
        Reply paged = get(byOrder + "?page=1&page_size=10", PAYMENTS_KEY);
        assertEquals(200, paged.status(), paged.body());
        assertEquals(1, paged.json().get("total").asInt());
        Reply pagesize = assertRefusedBeforeAnySideEffect(400, "pagesize", () -> get(byOrder + "?pagesize=10", PAYMENTS_KEY));
        assertEquals("unknown query parameter: pagesize; this endpoint takes page, page_size", detail(pagesize));

        Reply none = assertRefusedBeforeAnySideEffect(400, "expand",
                () -> get("/api/v1/payments/" + paymentId + "?expand=charges", PAYMENTS_KEY));
        assertEquals("unknown query parameter: expand; this endpoint takes none", detail(none));
        assertEquals(200, get("/api/v1/payments/" + paymentId, PAYMENTS_KEY).status());
    }

    @Test
    void a_write_with_an_unknown_query_parameter_changes_nothing() {
        assertRefusedBeforeAnySideEffect(400, "confirm", () -> post("/api/v1/payments?confirm=true", PAYMENTS_KEY,
                paymentJson("order-" + UUID.randomUUID(), 900), "idem-" + UUID.randomUUID()));
        assertRefusedBeforeAnySideEffect(400, "amount", () -> post("/api/v1/refunds?amount=5", PAYMENTS_KEY,
                "{\"payment_id\":\"" + UUID.randomUUID() + "\"}", "idem-" + UUID.randomUUID()));
    }

    @Test
    void a_form_bodys_fields_are_not_query_parameters() {
        // Vert.x lists a form body's fields among the request's parameters; only the query string counts here.
        String before = tableSnapshot();
        Reply form = send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + PORT + "/api/v1/payments"))
                .header("Authorization", "Bearer " + PAYMENTS_KEY)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("amount=100&currency=usd")));
        assertEquals(415, form.status(), form.body());
        assertEquals("Content-Type", form.json().get("field").asText());
        assertEquals(before, tableSnapshot());
    }

    @Test
    void compatibility_routes_and_stripes_webhook_take_any_query_parameter() {
        Reply compat = get("/api/v1/payment/user/user-" + UUID.randomUUID() + "/payments?_=1732970000", PAYMENTS_KEY);
        assertEquals(200, compat.status(), compat.body());

        String event = StripeEvents.event("customer.created", StripeEvents.fixture("customer"));
        Reply webhook = postWebhook("/api/v1/webhooks/stripe?from=dashboard", event, StripeEvents.sign(event, WEBHOOK_SECRET));
        assertEquals(200, webhook.status(), webhook.body());
        assertTrue(awaitWebhookDone(StripeEvents.idOf(event)).startsWith("IGNORED"));
    }
}
