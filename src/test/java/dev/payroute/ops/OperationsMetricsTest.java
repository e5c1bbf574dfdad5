package dev.payroute.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payroute.stripe.standin.FaultKind;
import dev.payroute.support.RouteTestSupport;
import dev.payroute.support.TestKafka;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** payroute's own metrics at /metrics, read after real actions: each value is what the action left. */
class OperationsMetricsTest extends RouteTestSupport {

    private final KafkaProducer<String, String> producer = TestKafka.producer();

    @AfterAll
    void closeProducer() {
        producer.close();
    }

    @AfterEach
    void clearFaults() {
        standIn.faults().clear();
        standIn.withholdWebhooks("*", false);
    }

    private String scrape() {
        Reply r = get("/metrics", METRICS_TOKEN);
        assertEquals(200, r.status(), r.body());
        return r.body();
    }

    /** The value of the sample of a metric whose labels include all of these (key, value, ...); 0 when there is none. */
    private static double sample(String metrics, String name, String... labels) {
        for (String line : metrics.lines().toList()) {
            if (!(line.startsWith(name + " ") || line.startsWith(name + "{"))) {
                continue;
            }
            String head = line.substring(0, line.lastIndexOf(' '));
            boolean all = true;
            for (int i = 0; i < labels.length; i += 2) {
                all &= head.contains(labels[i] + "=\"" + labels[i + 1] + "\"");
            }
            if (all) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    @Test
    void the_scraper_token_reads_metrics_only() {
        assertEquals(200, get("/metrics", METRICS_TOKEN).status());
        assertEquals(200, get("/metrics", ADMIN_KEY).status());
        assertEquals(401, get("/metrics", METRICS_TOKEN + "x").status());
        assertEquals(401, get("/metrics", "test-metrics-token-000").status());
        assertEquals(401, get("/api/v1/admin/routes", METRICS_TOKEN).status());
        assertEquals(401, get("/api/v1/payments/" + UUID.randomUUID(), METRICS_TOKEN).status());
    }

    @Test
    void jvm_and_database_pool_meters_are_there() {
        String body = scrape();
        assertTrue(sample(body, "jvm_memory_used_bytes", "area", "heap") > 0, body);
        assertTrue(sample(body, "jvm_threads_live_threads") > 0, body);
        assertTrue(sample(body, "hikaricp_connections_max") >= 1, body);
        assertTrue(body.contains("hikaricp_connections_active{"), body);
    }

    @Test
    void stripe_calls_are_timed_per_operation_and_outcome() {
        double created = sample(scrape(), "payroute_stripe_calls_seconds_count", "operation", "create_intent", "outcome", "ok");
        double transients = sample(scrape(), "payroute_stripe_calls_seconds_count", "operation", "create_intent", "outcome", "transient");
        double declined = sample(scrape(), "payroute_stripe_calls_seconds_count", "operation", "confirm_intent", "outcome", "declined");
        standIn.faults().failNext("POST", "/v1/payment_intents", FaultKind.HTTP_500, 1);
        String id = createPayment("order-" + UUID.randomUUID(), 1200).get("id").asText();
        Reply refused = post("/api/v1/payments/" + id + "/confirm", PAYMENTS_KEY, "{\"payment_method\":\"pm_card_chargeDeclined\"}", null);
        assertEquals(402, refused.status(), refused.body());
        String body = scrape();
        assertEquals(created + 1, sample(body, "payroute_stripe_calls_seconds_count", "operation", "create_intent", "outcome", "ok"), body);
        assertEquals(transients + 1, sample(body, "payroute_stripe_calls_seconds_count", "operation", "create_intent", "outcome", "transient"));
        assertEquals(declined + 1, sample(body, "payroute_stripe_calls_seconds_count", "operation", "confirm_intent", "outcome", "declined"));
        assertTrue(sample(body, "payroute_stripe_calls_seconds_sum", "operation", "create_intent", "outcome", "ok") > 0, body);
        assertTrue(sample(body, "payroute_stripe_calls_seconds_max", "operation", "create_intent", "outcome", "ok") > 0, body);
    }

    @Test
    void idempotency_replays_and_conflicts_are_counted() {
        double replays = sample(scrape(), "payroute_idempotency_replays_total");
        double reused = sample(scrape(), "payroute_idempotency_conflicts_total", "reason", "idempotency-key-reused");
        String key = "metrics-" + UUID.randomUUID();
        String order = "order-" + key;
        assertEquals(201, post("/api/v1/payments", PAYMENTS_KEY, paymentJson(order, 700), key).status());
        assertEquals(201, post("/api/v1/payments", PAYMENTS_KEY, paymentJson(order, 700), key).status());
        assertEquals(201, post("/api/v1/payments", PAYMENTS_KEY, paymentJson(order, 700), key).status());
        assertEquals(422, post("/api/v1/payments", PAYMENTS_KEY, paymentJson(order, 701), key).status());
        String body = scrape();
        assertEquals(replays + 2, sample(body, "payroute_idempotency_replays_total"), body);
        assertEquals(reused + 1, sample(body, "payroute_idempotency_conflicts_total", "reason", "idempotency-key-reused"), body);
    }

    @Test
    void reconciliation_runs_and_repairs_are_counted() throws Exception {
        await("reconciliation has run", () -> sample(scrape(), "payroute_reconciliation_runs_total", "what", "payments") >= 1);
        double repairs = sample(scrape(), "payroute_reconciliation_checks_total", "outcome", "applied");
        String id;
        JsonNode payment;
        standIn.withholdWebhooks("*", true);
        payment = createPayment("order-" + UUID.randomUUID(), 900);
        id = payment.get("id").asText();
        // Paid at Stripe behind payroute's back, its webhooks lost: only reconciliation can learn of it.
        stripe().v1().paymentIntents().confirm(payment.get("payment_intent_id").asText(),
                com.stripe.param.PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_visa").build());
        String paymentId = id;
        await("reconciliation repairs the payment", () -> "SUCCEEDED".equals(paymentStatus(paymentId)));
        assertEquals(1, count("SELECT count(*) FROM payment_transitions WHERE payment_id = ? AND source = 'reconciliation'"
                + " AND outcome = 'APPLIED'", UUID.fromString(id)));
        await("the repair is counted", () -> sample(scrape(), "payroute_reconciliation_checks_total", "outcome", "applied") >= repairs + 1);
    }

    @Test
    void outbox_lag_and_dead_letters_per_source_match_what_is_stored() throws Exception {
        execute("INSERT INTO dead_letters (source, reference, reason) VALUES ('stripe', 'evt_metrics_" + UUID.randomUUID() + "', 'metrics')");
        double dlt = sample(scrape(), "payroute_dead_letters", "source", "kafka_dlt_topic");
        String key = "poison-" + UUID.randomUUID();
        producer.send(new ProducerRecord<>("payment_commands", key, "{not json " + key)).get();
        await("the poison command is counted in the DLT", () -> sample(scrape(), "payroute_dead_letters", "source", "kafka_dlt_topic") == dlt + 1);
        String body = scrape();
        for (String source : new String[] {"stripe", "rabbitmq", "kafka"}) {
            assertEquals(count("SELECT count(*) FROM dead_letters WHERE replayed_at IS NULL AND source = ?", source),
                    sample(body, "payroute_dead_letters", "source", source), source + ": " + body);
        }
        assertTrue(sample(body, "payroute_dead_letters", "source", "kafka") >= 1, "the poison command is a dead letter too: " + body);
        assertTrue(body.contains("payroute_outbox_relay_lag_seconds{destination=\"kafka\"}"), body);
        assertTrue(body.contains("payroute_outbox_relay_lag_seconds{destination=\"rabbitmq\"}"), body);
        assertTrue(sample(body, "payroute_outbox_relay_lag_seconds", "destination", "kafka") >= 0, body);
    }

    @Test
    void the_kafka_consumer_lag_shows_commands_waiting_while_the_consumer_is_suspended() throws Exception {
        await("the lag is read", () -> scrape().contains("payroute_kafka_consumer_lag{group=\"payment-service-group\",topic=\"payment_commands\"}"));
        assertEquals(200, post("/api/v1/admin/routes/payment-commands/suspend", ADMIN_KEY, null, null).status());
        try {
            for (int i = 0; i < 3; i++) {
                String order = "lag-" + UUID.randomUUID();
                producer.send(new ProducerRecord<>("payment_commands", order, "{\"type\":\"authorize_payment\",\"customer_id\":\"c\","
                        + "\"payment_method_id\":\"pm_card_visa\",\"amount\":1500,\"currency\":\"usd\",\"order_id\":\"" + order
                        + "\",\"correlation_id\":\"corr-" + order + "\"}")).get();
            }
            await("three commands wait", () -> sample(scrape(), "payroute_kafka_consumer_lag", "topic", "payment_commands") >= 3);
        } finally {
            assertEquals(200, post("/api/v1/admin/routes/payment-commands/resume", ADMIN_KEY, null, null).status());
        }
        await("the consumer catches up", () -> sample(scrape(), "payroute_kafka_consumer_lag", "topic", "payment_commands") == 0);
    }
}
