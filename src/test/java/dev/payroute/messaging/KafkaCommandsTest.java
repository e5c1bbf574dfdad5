package dev.payroute.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payroute.stripe.standin.FaultKind;
import dev.payroute.support.RouteTestSupport;
import dev.payroute.support.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CampusG's Kafka commands against a real broker: effects, duplicates, poison messages, refusals, retries. */
class KafkaCommandsTest extends RouteTestSupport {

    private final KafkaProducer<String, String> producer = TestKafka.producer();

    @AfterAll
    void closeProducer() {
        producer.close();
    }

    @AfterEach
    void clearFaults() {
        standIn.faults().clear();
    }

    private void send(String key, String command) throws Exception {
        producer.send(new ProducerRecord<>("payment_commands", key, command)).get();
    }

    private static String authorize(String order, String correlation) {
        return "{\"type\":\"authorize_payment\",\"customer_id\":\"cust-" + order + "\",\"payment_method_id\":\"pm_card_visa\","
                + "\"amount\":2098,\"currency\":\"usd\",\"order_id\":\"" + order + "\",\"correlation_id\":\"" + correlation + "\"}";
    }

    private String awaitStatus(String order, String status) {
        await("order " + order + " is " + status, () -> status.equals(
                queryString("SELECT status FROM payments WHERE order_id = ?", order)));
        return queryString("SELECT id::text FROM payments WHERE order_id = ?", order);
    }

    @Test
    void authorize_release_and_revert_commands_run_the_escrow_operations() throws Exception {
        String order = "korder-" + UUID.randomUUID();
        send(order, authorize(order, "corr-a-" + order));
        String paymentId = awaitStatus(order, "AUTHORIZED");
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE aggregate_id = ? AND event_type = 'payment.authorized'"
                + " AND correlation_id = ?", paymentId, "corr-a-" + order));

        send(paymentId, "{\"type\":\"release_payment\",\"payment_id\":\"" + paymentId + "\",\"runner_id\":\"krunner\","
                + "\"runner_connect_account_id\":\"acct_test_krunner\",\"correlation_id\":\"corr-r-" + order + "\"}");
        awaitStatus(order, "RELEASED");
        assertEquals("acct_test_krunner", queryString("SELECT connect_account_id FROM payees WHERE payee_id = 'krunner'"));
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE aggregate_id = ? AND event_type = 'payment.released'"
                + " AND payload->>'transfer_id' LIKE 'tr_%' AND correlation_id = ?", paymentId, "corr-r-" + order));
        assertEquals(1, count("SELECT count(*) FROM billing_records WHERE payment_id = ? AND kind = 'payment_transferred'"
                + " AND actor = 'kafka' AND correlation_id = ?", UUID.fromString(paymentId), "corr-r-" + order));

        String other = "korder-" + UUID.randomUUID();
        send(other, authorize(other, "corr-a-" + other));
        String otherId = awaitStatus(other, "AUTHORIZED");
        send(otherId, "{\"type\":\"revert_payment\",\"payment_id\":\"" + otherId + "\",\"reason\":\"order_canceled\","
                + "\"correlation_id\":\"corr-v-" + other + "\"}");
        awaitStatus(other, "CANCELED");
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE aggregate_id = ? AND event_type = 'payment.reverted'", otherId));
    }

    @Test
    void a_duplicate_command_has_no_second_effect() throws Exception {
        String order = "korder-" + UUID.randomUUID();
        String command = authorize(order, "corr-dup-" + order);
        send(order, command);
        send(order, command);
        String marker = "korder-" + UUID.randomUUID();
        send(marker, authorize(marker, "corr-marker-" + marker));
        awaitStatus(marker, "AUTHORIZED");
        String paymentId = awaitStatus(order, "AUTHORIZED");
        assertEquals(1, count("SELECT count(*) FROM payments WHERE order_id = ?", order));
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE aggregate_id = ?", paymentId));
        long holds = com.stripe.StripeClient.builder().setApiKey("sk_test_kafka").setApiBase(standIn.baseUrl()).build()
                .v1().paymentIntents().list(com.stripe.param.PaymentIntentListParams.builder().setLimit(100L).build())
                .getData().stream().filter(pi -> order.equals(pi.getMetadata().get("order_id"))).count();
        assertEquals(1, holds, "one hold at Stripe for the order");
    }

    @Test
    void a_poison_command_goes_to_the_dlt_as_its_original_bytes_and_the_partition_moves_on() throws Exception {
        String key = "poison-" + UUID.randomUUID();
        String poison = "{not json " + key;
        send(key, poison);
        send(key, "{\"type\":\"launch_rocket\",\"correlation_id\":\"c-" + key + "\"}");
        String after = "korder-" + UUID.randomUUID();
        send(key, authorize(after, "corr-after-" + key));
        awaitStatus(after, "AUTHORIZED");

        List<ConsumerRecord<String, String>> dead = new ArrayList<>();
        try (KafkaConsumer<String, String> dlt = TestKafka.freshConsumer()) {
            dlt.subscribe(List.of("payment_commands.DLT"));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (dead.size() < 2 && System.nanoTime() < deadline) {
                dlt.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key())) {
                        dead.add(r);
                    }
                });
            }
        }
        assertEquals(2, dead.size());
        assertEquals(poison, dead.get(0).value(), "the original bytes");
        assertTrue(header(dead.get(0), "dlt_reason").startsWith("not JSON"), header(dead.get(0), "dlt_reason"));
        assertEquals("payment_commands", header(dead.get(0), "dlt_original_topic"));
        assertTrue(header(dead.get(1), "dlt_reason").contains("unknown command type"));
    }

    @Test
    void an_admin_replays_what_is_in_the_dlt_once() throws Exception {
        // An authorize whose amount is a string: poison, dead-lettered.
        String order = "korder-" + UUID.randomUUID();
        String bad = authorize(order, "corr-replay-" + order).replace("\"amount\":2098", "\"amount\":\"2098\"");
        send(order, bad);
        await("the command is dead-lettered", () -> dltContains(order));
        assertEquals(403, post("/api/v1/admin/kafka/dlt/replay", PAYMENTS_KEY, null, null).status());
        Reply replay = post("/api/v1/admin/kafka/dlt/replay?max=1000", ADMIN_KEY, null, null);
        assertEquals(200, replay.status(), replay.body());
        assertTrue(replay.json().get("replayed").asInt() >= 1);
        assertEquals(400, post("/api/v1/admin/kafka/dlt/replay?max=0", ADMIN_KEY, null, null).status());
        // Replayed unchanged, it is poison again; the DLT now holds it twice.
        await("the replayed command came back to the DLT", () -> dltCount(order) == 2);
        assertEquals(0, count("SELECT count(*) FROM payments WHERE order_id = ?", order));
    }

    @Test
    void a_dead_command_is_listed_with_the_other_dead_letters_and_replayed_from_there() throws Exception {
        String order = "korder-" + UUID.randomUUID();
        String correlation = "corr-dl-" + order;
        send(order, authorize(order, correlation).replace("\"amount\":2098", "\"amount\":\"2098\""));
        await("the dead command is recorded", () -> count("SELECT count(*) FROM dead_letters WHERE source = 'kafka' AND event_id = ?",
                correlation) == 1);
        Reply listed = get("/api/v1/admin/dead-letters?source=kafka", ADMIN_KEY);
        assertEquals(200, listed.status(), listed.body());
        JsonNode letter = null;
        for (JsonNode item : listed.json().get("items")) {
            if (correlation.equals(item.path("event_id").asText())) {
                letter = item;
            }
        }
        assertTrue(letter != null && letter.get("reason").asText().contains("amount"), listed.body());
        assertFalse(queryString("SELECT payload_sealed FROM dead_letters WHERE event_id = ?", correlation).contains(order),
                "the stored command is sealed");

        Reply replay = post("/api/v1/admin/dead-letters/" + letter.get("id").asLong() + "/replay", ADMIN_KEY, null, null);
        assertEquals(200, replay.status(), replay.body());
        assertEquals("kafka", replay.json().get("source").asText());
        // Replayed unchanged, it is dead again: a second dead letter, a second copy in the DLT.
        await("the replayed command died again", () -> count("SELECT count(*) FROM dead_letters WHERE event_id = ?", correlation) == 2);
        assertEquals(2, dltCount(order));
        assertEquals(409, post("/api/v1/admin/dead-letters/" + letter.get("id").asLong() + "/replay", ADMIN_KEY, null, null).status());
    }

    private boolean dltContains(String marker) {
        return dltCount(marker) >= 1;
    }

    private int dltCount(String marker) {
        int found = 0;
        try (KafkaConsumer<String, String> dlt = TestKafka.freshConsumer()) {
            dlt.subscribe(List.of("payment_commands.DLT"));
            long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : dlt.poll(Duration.ofMillis(200))) {
                    if (r.value() != null && r.value().contains(marker)) {
                        found++;
                    }
                }
            }
        }
        return found;
    }

    @Test
    void a_refused_command_becomes_a_payment_failed_event() throws Exception {
        String ghost = UUID.randomUUID().toString();
        String correlation = "corr-ghost-" + ghost;
        send(ghost, "{\"type\":\"release_payment\",\"payment_id\":\"" + ghost + "\",\"runner_id\":\"r\","
                + "\"runner_connect_account_id\":\"acct_test_r\",\"correlation_id\":\"" + correlation + "\"}");
        await("payment.failed is written", () -> count("SELECT count(*) FROM outbox WHERE correlation_id = ?"
                + " AND event_type = 'payment.failed'", correlation) == 1);
        assertEquals("not_found", queryString("SELECT payload->>'error' FROM outbox WHERE correlation_id = ?", correlation));
    }

    @Test
    void a_release_or_revert_command_for_a_payment_captured_at_once_is_refused_and_moves_no_money() throws Exception {
        String id = createPayment("kplain-" + UUID.randomUUID(), 4000).get("id").asText();
        assertEquals("SUCCEEDED", post("/api/v1/payments/" + id + "/confirm", PAYMENTS_KEY,
                "{\"payment_method\":\"pm_card_visa\"}", null).json().get("status").asText());
        int transfersBefore = standIn.executedCount("POST", "/v1/transfers");
        int refundsBefore = standIn.executedCount("POST", "/v1/refunds");
        String release = "corr-plain-release-" + id;
        send(id, "{\"type\":\"release_payment\",\"payment_id\":\"" + id + "\",\"runner_id\":\"r-plain\","
                + "\"runner_connect_account_id\":\"acct_test_plain\",\"correlation_id\":\"" + release + "\"}");
        String revert = "corr-plain-revert-" + id;
        send(id, "{\"type\":\"revert_payment\",\"payment_id\":\"" + id + "\",\"correlation_id\":\"" + revert + "\"}");
        assertEquals("not_found", awaitFailure(release).get("error").asText());
        assertEquals("not_found", awaitFailure(revert).get("error").asText());
        assertEquals("SUCCEEDED", paymentStatus(id));
        assertEquals(transfersBefore, standIn.executedCount("POST", "/v1/transfers"));
        assertEquals(refundsBefore, standIn.executedCount("POST", "/v1/refunds"));
    }

    @Test
    void a_duplicate_of_a_refused_command_is_not_answered_again() throws Exception {
        String ghost = UUID.randomUUID().toString();
        String correlation = "corr-ghost-dup-" + ghost;
        String release = "{\"type\":\"release_payment\",\"payment_id\":\"" + ghost + "\",\"runner_id\":\"r\","
                + "\"runner_connect_account_id\":\"acct_test_r\",\"correlation_id\":\"" + correlation + "\"}";
        send(ghost, release);
        send(ghost, release);
        // A later command on the same key: once it is done, both copies before it were consumed.
        String marker = "korder-" + UUID.randomUUID();
        send(ghost, authorize(marker, "corr-marker-" + marker));
        awaitStatus(marker, "AUTHORIZED");
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE correlation_id = ? AND event_type = 'payment.failed'", correlation),
                "one answer for the command and its duplicate");
    }

    @Test
    void an_orders_commands_sent_back_to_back_run_in_order() throws Exception {
        // Keyed by order: the release waits in the authorisation's partition until the hold is recorded.
        String order = "korder-" + UUID.randomUUID();
        String correlation = "corr-order-" + order;
        String paymentId = UUID.nameUUIDFromBytes(("authorize_payment:" + correlation).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString();
        send(order, authorize(order, correlation));
        send(order, "{\"type\":\"release_payment\",\"payment_id\":\"" + paymentId + "\",\"runner_id\":\"korder-runner\","
                + "\"runner_connect_account_id\":\"acct_test_korder\",\"correlation_id\":\"corr-release-" + order + "\"}");
        awaitStatus(order, "RELEASED");
        assertEquals(0, count("SELECT count(*) FROM outbox WHERE aggregate_id = ? AND event_type = 'payment.failed'", paymentId));
    }

    private JsonNode awaitFailure(String correlation) throws Exception {
        await("payment.failed answers " + correlation, () -> count("SELECT count(*) FROM outbox WHERE correlation_id = ?"
                + " AND event_type = 'payment.failed'", correlation) == 1);
        return JSON.readTree(queryString("SELECT payload::text FROM outbox WHERE correlation_id = ? AND event_type = 'payment.failed'",
                correlation));
    }

    @Test
    void a_command_that_names_its_correlation_id_but_cannot_run_is_answered_and_dead_lettered() throws Exception {
        String decimal = "korder-" + UUID.randomUUID();
        send(decimal, authorize(decimal, "corr-dec-" + decimal).replace("\"amount\":2098", "\"amount\":20.98"));
        JsonNode failed = awaitFailure("corr-dec-" + decimal);
        assertEquals("amount_not_integer_minor_units", failed.get("reason").asText());
        assertEquals("amount", failed.get("field").asText());
        assertEquals(decimal, failed.get("order_id").asText());
        assertTrue(failed.get("message").asText().contains("minor units"), failed.toString());

        String missing = "korder-" + UUID.randomUUID();
        send(missing, authorize(missing, "corr-miss-" + missing).replace("\"customer_id\":\"cust-" + missing + "\",", ""));
        failed = awaitFailure("corr-miss-" + missing);
        assertEquals("missing_field", failed.get("reason").asText());
        assertEquals("customer_id", failed.get("field").asText());
        assertEquals(missing, failed.get("order_id").asText());

        String unknown = "korder-" + UUID.randomUUID();
        send(unknown, "{\"type\":\"refund_everything\",\"order_id\":\"" + unknown + "\",\"correlation_id\":\"corr-unk-" + unknown + "\"}");
        failed = awaitFailure("corr-unk-" + unknown);
        assertEquals("unknown_command_type", failed.get("reason").asText());
        assertEquals(unknown, failed.get("order_id").asText());

        // No correlation id: nobody to answer; the bytes go to the DLT alone.
        String anonymous = "korder-" + UUID.randomUUID();
        send(anonymous, authorize(anonymous, "x").replace("\"correlation_id\":\"x\"", "\"correlation_id\":42"));
        await("every invalid command is dead-lettered", () -> dltContains(decimal) && dltContains(missing)
                && dltContains(unknown) && dltContains(anonymous));
        assertEquals(0, count("SELECT count(*) FROM outbox WHERE payload->>'order_id' = ?", anonymous));
        assertEquals(0, count("SELECT count(*) FROM payments WHERE order_id IN (?, ?, ?, ?)", decimal, missing, unknown, anonymous));
    }

    @Test
    void a_release_to_a_runner_account_that_cannot_be_paid_is_refused_without_a_capture() throws Exception {
        String order = "korder-" + UUID.randomUUID();
        send(order, authorize(order, "corr-a-" + order));
        String paymentId = awaitStatus(order, "AUTHORIZED");
        String pi = queryString("SELECT payment_intent_id FROM payments WHERE id = ?::uuid", paymentId);
        send(paymentId, "{\"type\":\"release_payment\",\"payment_id\":\"" + paymentId + "\",\"runner_id\":\"kr-unusable\","
                + "\"runner_connect_account_id\":\"" + connectAccount(false) + "\",\"correlation_id\":\"corr-u-" + order + "\"}");
        JsonNode failed = awaitFailure("corr-u-" + order);
        assertEquals("payee_account_unusable", failed.get("reason").asText());
        assertEquals(paymentId, failed.get("payment_id").asText());
        assertEquals(order, failed.get("order_id").asText());
        assertEquals(0, standIn.executedCount("POST", "/v1/payment_intents/" + pi + "/capture"), "nothing captured");
        assertEquals("AUTHORIZED", paymentStatus(paymentId));
        assertEquals(0, count("SELECT count(*) FROM payees WHERE payee_id = 'kr-unusable'"));
    }

    @Test
    void a_command_stripe_refuses_as_invalid_names_the_command_s_field() throws Exception {
        String order = "korder-" + UUID.randomUUID();
        String correlation = "corr-pm-" + order;
        send(order, authorize(order, correlation).replace("pm_card_visa", "pm_nobody_knows_this"));
        await("payment.failed is written", () -> count("SELECT count(*) FROM outbox WHERE correlation_id = ?"
                + " AND event_type = 'payment.failed'", correlation) == 1);
        assertEquals("resource_missing", queryString("SELECT payload->>'stripe_code' FROM outbox WHERE correlation_id = ?",
                correlation));
        String message = queryString("SELECT payload->>'message' FROM outbox WHERE correlation_id = ?", correlation);
        assertTrue(message.contains("payment_method_id") && !message.contains("pm_nobody_knows_this"), message);
        assertEquals("invalid_payment_method", queryString("SELECT payload->>'reason' FROM outbox WHERE correlation_id = ?", correlation));
        assertEquals("payment_method_id", queryString("SELECT payload->>'field' FROM outbox WHERE correlation_id = ?", correlation));
        assertEquals(0, count("SELECT count(*) FROM payments WHERE order_id = ?", order), "the refused hold left no reservation");
    }

    @Test
    void transient_stripe_faults_are_redelivered_and_capture_once() throws Exception {
        String order = "korder-" + UUID.randomUUID();
        send(order, authorize(order, "corr-t-" + order));
        String paymentId = awaitStatus(order, "AUTHORIZED");
        String pi = queryString("SELECT payment_intent_id FROM payments WHERE id = ?::uuid", paymentId);
        standIn.faults().failNext("POST", "/v1/payment_intents/" + pi + "/capture", FaultKind.HTTP_500, 2);
        send(paymentId, "{\"type\":\"release_payment\",\"payment_id\":\"" + paymentId + "\",\"runner_id\":\"kr2\","
                + "\"runner_connect_account_id\":\"acct_test_kr2\",\"correlation_id\":\"corr-tr-" + order + "\"}");
        awaitStatus(order, "RELEASED");
        assertEquals(1, standIn.executedCount("POST", "/v1/payment_intents/" + pi + "/capture"));
        assertEquals(3, standIn.requestCount("POST", "/v1/payment_intents/" + pi + "/capture"));
    }

    @Test
    void the_campusg_202_endpoints_publish_commands_that_are_then_run() {
        String order = "korder-" + UUID.randomUUID();
        Reply held = post("/api/v1/escrow/" + order + "/authorize", PAYMENTS_KEY,
                "{\"amount\":500,\"customer_id\":\"c\",\"payment_method\":\"pm_card_visa\"}", null);
        String paymentId = held.json().get("id").asText();
        Reply accepted = post("/payment/" + paymentId + "/release", PAYMENTS_KEY,
                "{\"runner_id\":\"r202\",\"runner_connect_account_id\":\"acct_test_r202\"}", null);
        assertEquals(202, accepted.status(), accepted.body());
        JsonNode body = accepted.json();
        assertEquals(1, body.size());
        String correlation = body.get("correlation_id").asText();
        awaitStatus(order, "RELEASED");
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE correlation_id = ? AND event_type = 'payment.released'", correlation));
        assertEquals(400, post("/payment/" + paymentId + "/release", PAYMENTS_KEY, "{\"runner_id\":\"r\"}", null).status());
        assertEquals(404, post("/payment/" + UUID.randomUUID() + "/revert", PAYMENTS_KEY, "{}", null).status());
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
