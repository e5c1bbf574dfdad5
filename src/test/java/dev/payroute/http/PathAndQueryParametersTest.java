package dev.payroute.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payroute.support.RouteTestSupport;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A query parameter (or a request header) named like a path parameter never changes what the path says. */
class PathAndQueryParametersTest extends RouteTestSupport {

    private JsonNode payment(String order) {
        Reply created = post("/api/v1/payments", PAYMENTS_KEY, "{\"amount\":2000,\"currency\":\"usd\",\"order_id\":\"" + order
                + "\",\"booking_id\":\"b-" + order + "\",\"user_id\":\"u-" + order + "\"}", null);
        assertEquals(201, created.status(), created.body());
        return created.json();
    }

    private JsonNode ok(Reply r) {
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    @Test
    void the_path_wins_over_a_query_parameter_of_the_same_name_on_every_lookup() {
        String order = "order-" + UUID.randomUUID();
        JsonNode p = payment(order);
        String other = "order-" + UUID.randomUUID();
        payment(other);
        JsonNode byOrder = ok(get("/api/v1/payments/order/" + order + "?order_id=" + other, PAYMENTS_KEY));
        assertEquals(1, byOrder.get("total").asInt());
        assertEquals(order, byOrder.at("/items/0/order_id").asText());
        assertEquals(order, ok(get("/api/v1/payments/order/" + order + "?order_id=" + other + "&order_id=x", PAYMENTS_KEY))
                .at("/items/0/order_id").asText());
        assertEquals(order, ok(get("/api/v1/payments/booking/b-" + order + "?booking_id=b-" + other, PAYMENTS_KEY))
                .at("/items/0/order_id").asText());
        assertEquals(order, ok(get("/api/v1/payments/user/u-" + order + "?user_id=u-" + other, PAYMENTS_KEY))
                .at("/items/0/order_id").asText());
        String id = p.get("id").asText();
        assertEquals(id, ok(get("/api/v1/payments/" + id + "?id=" + UUID.randomUUID(), PAYMENTS_KEY)).get("id").asText());
        String reference = p.get("reference").asText();
        assertEquals(reference, ok(get("/api/v1/payments/reference/" + reference + "?reference=PAY-NOPE", PAYMENTS_KEY))
                .get("reference").asText());
        ok(get("/api/v1/billing/users/u-" + order + "/history?user_id=u-" + other, PAYMENTS_KEY));
    }

    @Test
    void a_path_or_query_that_is_not_utf8_once_decoded_is_400_not_another_value() {
        for (String path : new String[] {"/api/v1/payments/user/%ED%A0%80", "/api/v1/payment/user/%ED%A0%80/orders",
                "/api/v1/payments/order/o-%FF", "/api/v1/verifications?user_id=%C3"}) {
            Reply r = get(path, PAYMENTS_KEY);
            assertEquals(400, r.status(), path + ": " + r.body());
            assertEquals("application/problem+json", r.contentType(), path);
        }
        assertEquals(200, get("/api/v1/payments/user/caf%C3%A9", PAYMENTS_KEY).status(), "well-formed UTF-8 still passes");
    }

    @Test
    void a_request_header_named_like_a_path_parameter_does_not_win_either() {
        String order = "order-" + UUID.randomUUID();
        payment(order);
        Reply r = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/api/v1/payments/order/" + order))
                .header("Authorization", "Bearer " + PAYMENTS_KEY).header("order_id", "someone-else").GET());
        assertEquals(order, ok(r).at("/items/0/order_id").asText());
    }

    @Test
    void an_escrow_operation_acts_on_the_order_in_its_path() {
        String order = "order-" + UUID.randomUUID();
        String decoy = "order-" + UUID.randomUUID();
        Reply held = post("/api/v1/escrow/" + order + "/authorize?order_id=" + decoy, PAYMENTS_KEY,
                "{\"amount\":2098,\"customer_id\":\"c1\",\"payment_method\":\"pm_card_visa\"}", null);
        assertEquals(order, ok(held).get("order_id").asText());
        assertEquals(1, count("SELECT count(*) FROM payments WHERE order_id = ?", order));
        assertEquals(0, count("SELECT count(*) FROM payments WHERE order_id = ?", decoy));
        assertEquals(order, ok(get("/api/v1/escrow/" + order + "?order_id=" + decoy, PAYMENTS_KEY)).get("order_id").asText());
    }

    @Test
    void a_query_parameter_given_twice_is_never_a_500() {
        Reply r = get("/api/v1/payments/order/o-" + UUID.randomUUID() + "?page=1&page=2", PAYMENTS_KEY);
        assertTrue(r.status() == 200 || r.status() == 400, r.status() + " " + r.body());
        assertTrue(r.contentType().startsWith(r.status() == 200 ? "application/json" : "application/problem+json"));
    }
}
