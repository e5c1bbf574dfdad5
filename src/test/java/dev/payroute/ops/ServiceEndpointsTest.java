package dev.payroute.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payroute.support.RouteTestSupport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceEndpointsTest extends RouteTestSupport {

    @Test
    void health_probes_are_open_and_answer_in_the_documented_shapes() {
        Reply health = get("/health", null);
        assertEquals(200, health.status());
        assertEquals("healthy", health.json().get("status").asText());
        assertEquals("offline", health.json().get("stripe_mode").asText());
        assertEquals("alive", get("/health/live", null).json().get("status").asText());
        await("ready once the Kafka consumer has subscribed", () -> get("/health/ready", null).status() == 200);
        Reply ready = get("/health/ready", null);
        assertEquals("ready", ready.json().get("status").asText(), ready.body());
        assertEquals("up", ready.json().at("/checks/database").asText());
        assertEquals("subscribed", ready.json().at("/checks/kafka_consumers").asText());
    }

    @Test
    void the_publishable_key_is_served_without_a_secret() {
        Reply r = get("/api/v1/config/publishable-key", null);
        assertEquals(200, r.status());
        assertTrue(r.json().get("publishable_key").asText().startsWith("pk_test_"));
        assertEquals(1, r.json().size());
    }

    @Test
    void metrics_are_prometheus_text_for_admins() {
        createPayment("order-metrics", 100);
        assertEquals(401, get("/metrics", null).status());
        assertEquals(403, get("/metrics", PAYMENTS_KEY).status());
        Reply r = get("/metrics", ADMIN_KEY);
        assertEquals(200, r.status(), r.body());
        assertTrue(r.contentType().startsWith("text/plain"));
        assertTrue(r.body().contains("# TYPE payroute_outbox_backlog gauge"));
        assertTrue(r.body().matches("(?s).*payroute_outbox_backlog\\{destination=\"kafka\"} \\d+\n.*"), r.body());
        assertTrue(r.body().matches("(?s).*payroute_payments\\{status=\"PENDING\"} [1-9]\\d*\n.*"), r.body());
        assertTrue(r.body().contains("payroute_webhook_events_total{outcome=\"received\"}"));
    }

    @Test
    void the_openapi_description_lists_the_payment_paths() {
        Reply r = get("/api/v1/openapi.json", null);
        assertEquals(200, r.status());
        JsonNode doc = r.json();
        assertTrue(doc.get("openapi").asText().startsWith("3."));
        assertTrue(doc.at("/paths").has("/api/v1/payments"), doc.at("/paths").toString());
        assertTrue(doc.at("/paths").has("/api/v1/payments/{id}/confirm"));
    }
}
