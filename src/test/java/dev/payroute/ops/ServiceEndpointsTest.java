package dev.payroute.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payroute.support.RouteTestSupport;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceEndpointsTest extends RouteTestSupport implements CamelContextAware {

    private CamelContext context;

    @Override
    public void setCamelContext(CamelContext context) {
        this.context = context;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    @Test
    void health_probes_are_open_and_answer_in_the_documented_shapes() {
        Reply health = get("/health", null);
        assertEquals(200, health.status());
        assertEquals(List.of("status", "service", "environment", "stripe_mode"), fields(health.json()));
        assertEquals("healthy", health.json().get("status").asText());
        assertEquals("payroute", health.json().get("service").asText());
        assertEquals("offline", health.json().get("stripe_mode").asText());
        Reply live = get("/health/live", null);
        assertEquals(200, live.status());
        assertEquals("{\"status\":\"alive\"}", live.body());
        await("ready once the Kafka consumer has subscribed", () -> get("/health/ready", null).status() == 200);
        Reply ready = get("/health/ready", null);
        assertEquals(List.of("status", "checks", "outbox"), fields(ready.json()), ready.body());
        assertEquals("ready", ready.json().get("status").asText(), ready.body());
        assertEquals(List.of("database", "kafka", "rabbitmq", "kafka_consumers"), fields(ready.json().get("checks")));
        assertEquals("up", ready.json().at("/checks/database").asText());
        assertEquals("up", ready.json().at("/checks/kafka").asText());
        assertEquals("up", ready.json().at("/checks/rabbitmq").asText());
        assertEquals("subscribed", ready.json().at("/checks/kafka_consumers").asText());
        assertEquals(List.of("kafka_backlog", "rabbit_backlog", "oldest_unpublished_seconds"), fields(ready.json().get("outbox")));
        assertTrue(ready.json().at("/outbox/kafka_backlog").isIntegralNumber(), ready.body());
    }

    @Test
    void a_failing_readiness_check_in_camels_registry_takes_the_instance_out_and_one_that_only_degrades_does_not() {
        await("ready once the Kafka consumer has subscribed", () -> get("/health/ready", null).status() == 200);
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        Switch required = new Switch("test-required", false);
        Switch degrading = new Switch("test-degrading", true);
        assertTrue(registry.register(required) && registry.register(degrading));
        try {
            Reply ready = get("/health/ready", null);
            assertEquals(200, ready.status(), ready.body());
            assertEquals("up", ready.json().at("/checks/test_required").asText(), ready.body());

            required.up = false;
            Reply down = get("/health/ready", null);
            assertEquals(503, down.status(), down.body());
            assertEquals("not_ready", down.json().get("status").asText());
            assertEquals("down", down.json().at("/checks/test_required").asText());
            assertEquals("up", down.json().at("/checks/database").asText());
            assertTrue(down.json().has("outbox"), down.body());
            assertEquals(200, get("/health/live", null).status(), "readiness checks do not fail liveness");
            assertEquals("healthy", get("/health", null).json().get("status").asText());

            required.up = true;
            degrading.up = false;
            Reply degraded = get("/health/ready", null);
            assertEquals(200, degraded.status(), degraded.body());
            assertEquals("degraded", degraded.json().get("status").asText());
            assertEquals("down", degraded.json().at("/checks/test_degrading").asText());

            degrading.up = true;
            assertEquals("ready", get("/health/ready", null).json().get("status").asText());
        } finally {
            registry.unregister(required);
            registry.unregister(degrading);
        }
    }

    /** A check whose state the test sets. */
    private static final class Switch extends PayrouteHealthCheck {
        volatile boolean up = true;

        Switch(String id, boolean onlyDegrades) {
            super(id, 100, onlyDegrades);
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            if (up) {
                builder.up();
            } else {
                builder.down();
            }
        }
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
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
        // Micrometer writes a gauge's value as a double: 3 is "3.0".
        assertTrue(r.body().matches("(?s).*payroute_outbox_backlog\\{destination=\"kafka\"} \\d+(\\.0)?\n.*"), r.body());
        assertTrue(r.body().matches("(?s).*payroute_payments\\{status=\"PENDING\"} [1-9]\\d*(\\.0)?\n.*"), r.body());
        assertTrue(r.body().contains("payroute_webhook_events_total{outcome=\"received\"}"));
    }

    @Test
    void metrics_show_camels_route_metrics_and_payroutes_gauges_after_real_traffic() {
        String paid = createPayment("order-metrics-paid-" + UUID.randomUUID(), 2500).get("id").asText();
        Reply confirmed = post("/api/v1/payments/" + paid + "/confirm", PAYMENTS_KEY, "{\"payment_method\":\"pm_card_visa\"}", null);
        assertEquals(200, confirmed.status(), confirmed.body());
        execute("INSERT INTO dead_letters (source, reference, reason) VALUES ('stripe-webhook', 'evt_metrics', 'metrics test')");
        await("the stand-in's webhooks for the payment are received", () ->
                sample(get("/metrics", ADMIN_KEY).body(), "payroute_webhook_events_total", "outcome", "received") >= 1);

        await("the database gauges show what the database holds", () -> {
            String body = get("/metrics", ADMIN_KEY).body();
            return sample(body, "payroute_payments", "status", "SUCCEEDED")
                    == count("SELECT count(*) FROM payments WHERE status = 'SUCCEEDED'")
                    && sample(body, "payroute_dead_letters_open") == count("SELECT count(*) FROM dead_letters WHERE replayed_at IS NULL")
                    && sample(body, "payroute_outbox_backlog", "destination", "kafka")
                    == count("SELECT count(*) FROM outbox WHERE kafka_published_at IS NULL");
        });
        String body = get("/metrics", ADMIN_KEY).body();
        assertTrue(sample(body, "payroute_payments", "status", "SUCCEEDED") >= 1, body);
        assertTrue(sample(body, "payroute_dead_letters_open") >= 1, body);
        assertTrue(sample(body, "payroute_database_gauges_age_seconds") < 5, "read at this scrape");
        assertTrue(sample(body, "payroute_outbox_oldest_unpublished_seconds") >= 0, body);

        // Camel's own, per route id: how many exchanges and how long they took (the domain routes, and the webhook's).
        assertTrue(sample(body, "camel_exchanges_total", "routeId", "payment-create") >= 1, body);
        assertTrue(sample(body, "camel_exchanges_succeeded_total", "routeId", "payment-confirm") >= 1, body);
        assertTrue(sample(body, "camel_route_policy_seconds_count", "routeId", "payment-confirm") >= 1, body);
        assertTrue(sample(body, "camel_route_policy_seconds_sum", "routeId", "payment-confirm") > 0, body);
        assertTrue(sample(body, "camel_exchanges_total", "routeId", "webhook-receive") >= 1, body);
        assertTrue(sample(body, "camel_exchanges_total", "routeId", "api-metrics") >= 2, "the scrapes of the awaits");
    }

    /** The value of the first sample of a metric with the given label (key, value), or -1 when there is none. */
    private static double sample(String metrics, String name, String... label) {
        String labelText = label.length == 0 ? null : label[0] + "=\"" + label[1] + "\"";
        for (String line : metrics.lines().toList()) {
            boolean named = line.startsWith(name + " ") || line.startsWith(name + "{");
            if (named && (labelText == null || line.substring(0, line.lastIndexOf(' ')).contains(labelText))) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return -1;
    }

    @Test
    void the_openapi_description_lists_the_payment_paths() {
        Reply r = get("/api/v1/openapi.json", null);
        assertEquals(200, r.status());
        JsonNode doc = r.json();
        assertTrue(doc.get("openapi").asText().startsWith("3."));
        assertTrue(doc.at("/paths").has("/api/v1/payments"), doc.at("/paths").toString());
        assertTrue(doc.at("/paths").has("/api/v1/payments/{id}/confirm"));
        assertTrue(doc.at("/paths").has("/api/v1/refunds"), doc.at("/paths").toString());
        assertTrue(doc.at("/paths").has("/api/v1/refunds/{id}/process"));
        assertTrue(doc.at("/paths").has("/api/v1/refunds/payment/{payment_id}"));
        assertTrue(doc.at("/paths").has("/api/refund/process"));
        assertTrue(doc.at("/paths").has("/api/refund/{refund_id}"));
    }
}
