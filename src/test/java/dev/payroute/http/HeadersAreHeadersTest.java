package dev.payroute.http;

import dev.payroute.support.RouteTestSupport;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The API key, Idempotency-Key, X-Correlation-ID and Content-Type are read from HTTP request headers only;
 * a query parameter of the same name is ignored.
 */
class HeadersAreHeadersTest extends RouteTestSupport {

    private static final String BODY = "{\"amount\":2000,\"currency\":\"usd\"}";

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static HttpRequest.Builder to(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + pathAndQuery));
    }

    @Test
    void an_api_key_in_the_query_authenticates_nobody() {
        String before = tableSnapshot();
        Reply create = send(to("/api/v1/payments?Authorization=" + q("Bearer " + PAYMENTS_KEY))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(BODY)));
        assertEquals(401, create.status(), create.body());
        Reply lower = send(to("/api/v1/payments?authorization=" + q("Bearer " + PAYMENTS_KEY))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(BODY)));
        assertEquals(401, lower.status(), lower.body());
        Reply admin = send(to("/api/v1/admin/outbox?Authorization=" + q("Bearer " + ADMIN_KEY)).GET());
        assertEquals(401, admin.status(), admin.body());
        assertEquals(before, tableSnapshot());
    }

    @Test
    void the_header_key_counts_whatever_the_query_says() {
        Reply r = send(to("/api/v1/payments?Authorization=" + q("Bearer nobody-at-all-here"))
                .header("Authorization", "Bearer " + PAYMENTS_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(BODY)));
        assertEquals(201, r.status(), r.body());
    }

    @Test
    void an_idempotency_key_in_the_query_is_not_an_idempotency_key() {
        long keys = count("SELECT count(*) FROM idempotency_keys");
        String path = "/api/v1/payments?Idempotency-Key=" + q("query-key-" + UUID.randomUUID());
        Reply first = post(path, PAYMENTS_KEY, BODY, null);
        Reply second = post(path, PAYMENTS_KEY, BODY, null);
        assertEquals(201, first.status(), first.body());
        assertEquals(201, second.status(), second.body());
        assertNotEquals(first.json().get("id").asText(), second.json().get("id").asText());
        assertNull(second.header("Idempotent-Replayed"));
        assertEquals(keys, count("SELECT count(*) FROM idempotency_keys"));
    }

    @Test
    void a_correlation_id_in_the_query_is_not_taken() {
        Reply r = get("/api/v1/payments/order/o1?X-Correlation-Id=from-the-query", PAYMENTS_KEY);
        assertEquals(200, r.status(), r.body());
        assertNotEquals("from-the-query", r.header("X-Correlation-Id"));
        // A request without one is given one, and the reply says which (its log lines and events carry it).
        assertTrue(r.header("X-Correlation-Id") != null && !r.header("X-Correlation-Id").isBlank(), "X-Correlation-Id assigned");
        Reply header = send(to("/api/v1/payments/order/o1?X-Correlation-Id=from-the-query")
                .header("Authorization", "Bearer " + PAYMENTS_KEY).header("X-Correlation-Id", "from-the-header").GET());
        assertEquals("from-the-header", header.header("X-Correlation-Id"));
    }

    @Test
    void a_content_type_in_the_query_does_not_make_a_body_json() {
        String before = tableSnapshot();
        Reply none = send(to("/api/v1/payments?Content-Type=" + q("application/json"))
                .header("Authorization", "Bearer " + PAYMENTS_KEY).POST(HttpRequest.BodyPublishers.ofString(BODY)));
        assertEquals(415, none.status(), none.body());
        assertEquals("Content-Type", none.json().get("field").asText());
        Reply text = send(to("/api/v1/payments?Content-Type=" + q("application/json"))
                .header("Authorization", "Bearer " + PAYMENTS_KEY).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(BODY)));
        assertEquals(415, text.status(), text.body());
        assertEquals(before, tableSnapshot());
    }
}
