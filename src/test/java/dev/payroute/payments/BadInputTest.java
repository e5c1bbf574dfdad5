package dev.payroute.payments;

import dev.payroute.support.RouteTestSupport;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every kind of bad request gets a clear problem+json error naming what is wrong, and changes nothing. */
class BadInputTest extends RouteTestSupport {

    private void assertRefused(int status, String field, Reply reply, String before) {
        assertEquals(status, reply.status(), reply.body());
        assertTrue(reply.contentType().startsWith("application/problem+json"), reply.contentType());
        assertEquals(status, reply.json().get("status").asInt());
        assertTrue(reply.json().get("detail").asText().length() > 5);
        if (field != null) {
            assertEquals(field, reply.json().get("field").asText(), reply.body());
        }
        assertEquals(before, tableSnapshot(), "a refused request must change no row");
    }

    private void refusedCreate(int status, String field, String body) {
        String before = tableSnapshot();
        assertRefused(status, field, post("/api/v1/payments", PAYMENTS_KEY, body, "idem-" + UUID.randomUUID()), before);
    }

    @Test
    void missing_fields() {
        refusedCreate(400, "amount", "{\"currency\":\"usd\"}");
        refusedCreate(400, "currency", "{\"amount\":100}");
        refusedCreate(400, null, "");
    }

    @Test
    void zero_negative_fractional_and_huge_amounts() {
        refusedCreate(422, "amount", "{\"amount\":0,\"currency\":\"usd\"}");
        refusedCreate(422, "amount", "{\"amount\":-100,\"currency\":\"usd\"}");
        refusedCreate(422, "amount", "{\"amount\":20.98,\"currency\":\"usd\"}");
        refusedCreate(422, "amount", "{\"amount\":100000000,\"currency\":\"usd\"}");
        refusedCreate(422, "amount", "{\"amount\":1e400,\"currency\":\"usd\"}");
        refusedCreate(422, "amount", "{\"amount\":\"100\",\"currency\":\"usd\"}");
    }

    @Test
    void unknown_currency() {
        refusedCreate(422, "currency", "{\"amount\":100,\"currency\":\"abc\"}");
        refusedCreate(422, "currency", "{\"amount\":100,\"currency\":\"USD\"}");
        refusedCreate(422, "currency", "{\"amount\":100,\"currency\":7}");
    }

    @Test
    void unknown_fields() {
        refusedCreate(400, "amont", "{\"amount\":100,\"currency\":\"usd\",\"amont\":1}");
        refusedCreate(400, "client_secret", "{\"amount\":100,\"currency\":\"usd\",\"client_secret\":\"x\"}");
    }

    @Test
    void malformed_json() {
        refusedCreate(400, null, "{\"amount\":100,");
        refusedCreate(400, null, "{\"amount\":100,\"currency\":\"usd\"} trailing");
        refusedCreate(400, "amount", "{\"amount\":100,\"amount\":200,\"currency\":\"usd\"}");
        refusedCreate(400, "metadata.k", "{\"amount\":100,\"currency\":\"usd\",\"metadata\":{\"k\":\"a\",\"k\":\"b\"}}");
        refusedCreate(400, null, "[]");
        refusedCreate(400, null, "not json at all");
    }

    @Test
    void a_body_that_is_not_declared_json_is_415() {
        String before = tableSnapshot();
        Reply r = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/api/v1/payments"))
                .header("Authorization", "Bearer " + PAYMENTS_KEY)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("amount=100&currency=usd")));
        assertRefused(415, "Content-Type", r, before);
    }

    @Test
    void oversized_body_is_413() {
        String before = tableSnapshot();
        String huge = "{\"amount\":100,\"currency\":\"usd\",\"description\":\"" + "x".repeat(1_100_000) + "\"}";
        Reply r = post("/api/v1/payments", PAYMENTS_KEY, huge, null);
        assertEquals(413, r.status());
        assertEquals(before, tableSnapshot());
    }

    @Test
    void bad_confirm_bodies() {
        Reply created = post("/api/v1/payments", PAYMENTS_KEY, paymentJson("order-" + UUID.randomUUID(), 100), null);
        String path = "/api/v1/payments/" + created.json().get("id").asText() + "/confirm";
        String before = tableSnapshot();
        assertRefused(400, "payment_method", post(path, PAYMENTS_KEY, "{}", null), before);
        assertRefused(422, "payment_method", post(path, PAYMENTS_KEY, "{\"payment_method\":\"4242424242424242\"}", null), before);
        assertRefused(422, "return_url", post(path, PAYMENTS_KEY,
                "{\"payment_method\":\"pm_card_visa\",\"return_url\":\"javascript:alert(1)\"}", null), before);
        assertRefused(400, "card", post(path, PAYMENTS_KEY, "{\"payment_method\":\"pm_card_visa\",\"card\":{}}", null), before);
    }

    @Test
    void missing_unknown_and_under_scoped_keys() {
        String before = tableSnapshot();
        Reply missing = post("/api/v1/payments", null, paymentJson("o", 100), null);
        assertRefused(401, null, missing, before);
        assertEquals("Bearer", missing.header("WWW-Authenticate"));
        assertRefused(401, null, post("/api/v1/payments", "not-a-known-key-at-all", paymentJson("o", 100), null), before);
        assertRefused(401, null, get("/api/v1/payments/" + UUID.randomUUID(), null), before);
        assertRefused(403, null, get("/api/v1/admin/payments/" + UUID.randomUUID() + "/transitions", PAYMENTS_KEY), before);
        Reply basic = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/api/v1/payments"))
                .header("Authorization", "Basic dXNlcjpwYXNz").POST(HttpRequest.BodyPublishers.ofString(paymentJson("o", 100))));
        assertRefused(401, null, basic, before);
    }

    @Test
    void an_admin_key_may_do_what_a_payments_key_may() {
        Reply created = post("/api/v1/payments", ADMIN_KEY, paymentJson("order-" + UUID.randomUUID(), 100), null);
        assertEquals(201, created.status(), created.body());
        Reply trail = get("/api/v1/admin/payments/" + created.json().get("id").asText() + "/transitions", ADMIN_KEY);
        assertEquals(200, trail.status(), trail.body());
        assertEquals(0, trail.json().get("total").asInt());
    }
}
