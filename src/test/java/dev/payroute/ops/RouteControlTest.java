package dev.payroute.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payroute.support.RouteTestSupport;
import dev.payroute.support.TestKafka;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Routes inspected and steered over HTTP, and the same route MBeans seen through JMX. */
class RouteControlTest extends RouteTestSupport {

    @BeanInject
    CamelContext context;

    private final KafkaProducer<String, String> producer = TestKafka.producer();

    @AfterAll
    void closeProducer() {
        producer.close();
    }

    private JsonNode route(String id) {
        Reply r = get("/api/v1/admin/routes/" + id, ADMIN_KEY);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    @Test
    void every_route_is_listed_with_its_state_and_counters() {
        assertEquals(200, get("/health/live", null).status());
        Reply r = get("/api/v1/admin/routes", ADMIN_KEY);
        assertEquals(200, r.status(), r.body());
        JsonNode body = r.json();
        assertEquals(context.getRoutes().size(), body.get("total").asInt());
        assertEquals(body.get("total").asInt(), body.get("items").size());
        Set<String> ids = new HashSet<>();
        for (JsonNode item : body.get("items")) {
            ids.add(item.get("id").asText());
            assertTrue(item.get("exchanges").has("inflight"), item.toString());
        }
        assertTrue(ids.containsAll(List.of("payment-commands", "outbox-relay-kafka", "api-admin-routes", "rest-health-live")), ids.toString());
        JsonNode live = route("api-health-live");
        assertEquals("Started", live.get("state").asText());
        assertTrue(live.get("exchanges").get("total").asLong() >= 1, live.toString());
        assertTrue(live.get("exchanges").get("completed").asLong() >= 1, live.toString());
        assertTrue(live.get("processing").get("max_ms").asLong() >= live.get("processing").get("mean_ms").asLong());
        assertTrue(live.get("last_error").isNull());
    }

    @Test
    void the_openapi_document_lists_the_route_paths() {
        String openapi = get("/api/v1/openapi.json", null).body();
        for (String path : List.of("/routes\"", "/routes/{route_id}\"", "/routes/{route_id}/suspend\"", "/routes/{route_id}/resume\"")) {
            assertTrue(openapi.contains("\"/api/v1/admin" + path), path);
        }
    }

    @Test
    void a_route_shows_its_last_error_with_its_time() {
        String ghost = UUID.randomUUID().toString();
        assertEquals(404, get("/api/v1/admin/payments/" + ghost + "/transitions", ADMIN_KEY).status());
        JsonNode error = route("api-admin-payment-transitions").get("last_error");
        assertEquals("dev.payroute.domain.Refusal", error.get("type").asText(), error.toString());
        assertTrue(error.get("handled").asBoolean());
        assertTrue(java.time.Instant.parse(error.get("at").asText()).isAfter(java.time.Instant.now().minusSeconds(60)));
    }

    @Test
    void an_unknown_route_is_404_naming_route_id_and_the_actions_need_the_admin_key() {
        Reply missing = get("/api/v1/admin/routes/no-such-route", ADMIN_KEY);
        assertEquals(404, missing.status());
        assertTrue(missing.contentType().startsWith("application/problem+json"));
        assertEquals("route_id", missing.json().get("field").asText());
        assertTrue(missing.json().get("detail").asText().contains("no-such-route"));
        assertEquals(404, post("/api/v1/admin/routes/no-such-route/suspend", ADMIN_KEY, null, null).status());
        assertEquals(401, get("/api/v1/admin/routes", null).status());
        assertEquals(403, get("/api/v1/admin/routes", PAYMENTS_KEY).status());
        assertEquals(403, post("/api/v1/admin/routes/payment-commands/suspend", PAYMENTS_KEY, null, null).status());
        assertEquals("Started", route("payment-commands").get("state").asText());
    }

    @Test
    void the_route_actions_and_health_probes_cannot_be_suspended_and_say_why() {
        for (String id : List.of("api-admin-route-resume", "rest-admin-route-resume", "api-health-ready",
                "rest-compat-audiobook-health-live", "rest-compat-audiobook-health-ready")) {
            Reply refused = post("/api/v1/admin/routes/" + id + "/suspend", ADMIN_KEY, null, null);
            assertEquals(409, refused.status(), refused.body());
            assertTrue(refused.json().get("detail").asText().contains("cannot be suspended: it"), refused.body());
            assertEquals("Started", route(id).get("state").asText());
            assertFalse(route(id).get("suspendable").asBoolean());
        }
    }

    @Test
    void a_route_other_routes_call_directly_is_not_suspendable_and_its_callers_keep_working() {
        for (String id : List.of("escrow-revert", "stripe-create-intent", "payment-create", "admin-page-asset")) {
            assertFalse(route(id).get("suspendable").asBoolean(), id);
            Reply refused = post("/api/v1/admin/routes/" + id + "/suspend", ADMIN_KEY, null, null);
            assertEquals(409, refused.status(), refused.body());
            assertTrue(refused.json().get("type").asText().endsWith("/problems/route-not-suspendable"), refused.body());
            assertEquals("Started", route(id).get("state").asText());
        }
        assertEquals(201, post("/api/v1/payments", PAYMENTS_KEY, "{\"amount\":777,\"currency\":\"usd\"}", null).status());
        // A route fed by its own consumer still is.
        assertTrue(route("payment-commands").get("suspendable").asBoolean());
    }

    @Test
    void commands_sent_while_the_consumer_is_suspended_are_applied_once_after_it_resumes() throws Exception {
        Reply suspended = post("/api/v1/admin/routes/payment-commands/suspend", ADMIN_KEY, null, null);
        assertEquals(200, suspended.status(), suspended.body());
        assertEquals("Suspended", suspended.json().get("state").asText());
        List<String> orders = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                String order = "suspended-" + UUID.randomUUID();
                orders.add(order);
                producer.send(new ProducerRecord<>("payment_commands", order, "{\"type\":\"authorize_payment\",\"customer_id\":\"c\","
                        + "\"payment_method_id\":\"pm_card_visa\",\"amount\":1500,\"currency\":\"usd\",\"order_id\":\"" + order
                        + "\",\"correlation_id\":\"corr-" + order + "\"}")).get();
            }
            // Longer than the consumer's poll (camel-kafka's 5 s default): a poll under way at the suspension has ended.
            long until = System.nanoTime() + java.time.Duration.ofSeconds(6).toNanos();
            while (System.nanoTime() < until) {
                for (String order : orders) {
                    assertEquals(0, count("SELECT count(*) FROM payments WHERE order_id = ?", order), "applied while suspended");
                }
                Thread.sleep(250);
            }
        } finally {
            Reply resumed = post("/api/v1/admin/routes/payment-commands/resume", ADMIN_KEY, null, null);
            assertEquals(200, resumed.status(), resumed.body());
            assertEquals("Started", resumed.json().get("state").asText());
        }
        for (String order : orders) {
            await(order + " is authorised", () -> "AUTHORIZED".equals(
                    queryString("SELECT status FROM payments WHERE order_id = ?", order)));
        }
        for (String order : orders) {
            assertEquals(1, count("SELECT count(*) FROM payments WHERE order_id = ?", order));
            assertEquals(1, count("SELECT count(*) FROM outbox WHERE correlation_id = ? AND event_type = 'payment.authorized'",
                    "corr-" + order));
        }
    }

    @Test
    void a_routes_mbean_and_its_counters_are_visible_through_the_platform_mbean_server() throws Exception {
        assertEquals(200, get("/health/live", null).status());
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> names = server.queryNames(new ObjectName("org.apache.camel:type=routes,name=\"api-health-live\",*"), null);
        assertEquals(1, names.size(), names.toString());
        ObjectName name = names.iterator().next();
        assertEquals("Started", server.getAttribute(name, "State"));
        long total = (Long) server.getAttribute(name, "ExchangesTotal");
        assertTrue(total >= 1, "ExchangesTotal " + total);
        assertEquals(route("api-health-live").get("exchanges").get("completed").asLong() ,
                ((Long) server.getAttribute(name, "ExchangesCompleted")).longValue() , 2, "the same counters over HTTP and JMX");
        assertNotNull(server.getAttribute(name, "MeanProcessingTime"));
        assertFalse(server.queryNames(new ObjectName("org.apache.camel:type=routes,name=\"payment-commands\",*"), null).isEmpty());
        assertFalse(server.queryNames(new ObjectName("org.apache.camel:type=context,*"), null).isEmpty());
    }
}
