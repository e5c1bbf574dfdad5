package dev.payroute.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.payroute.stripe.standin.StripeStandIn;
import dev.payroute.support.RouteTestSupport;
import dev.payroute.support.ServiceProcess;
import dev.payroute.support.TestKafka;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * payroute as separate JVMs against the test Kafka broker and a Stripe stand-in owned by this
 * test (so Stripe's state outlives the service): a service killed with SIGKILL between the
 * Stripe capture and the database commit, and two services sharing one command topic.
 */
@org.junit.jupiter.api.Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EscrowCrashAndScaleTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private StripeStandIn stripe;
    private KafkaProducer<String, String> producer;

    @BeforeAll
    void start() {
        stripe = StripeStandIn.start(new StripeStandIn.Options());
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(props);
    }

    @AfterAll
    void stop() {
        producer.close();
        stripe.close();
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("STRIPE_SECRET_KEY", "sk_test_crash_tests");
        env.put("STRIPE_API_BASE", stripe.baseUrl());
        env.put("KAFKA_BOOTSTRAP_SERVERS", TestKafka.bootstrapServers());
        return env;
    }

    private static Map<String, String> props(String topic) {
        Map<String, String> props = new HashMap<>();
        props.put("payroute.kafka.commands-topic", topic);
        props.put("payroute.kafka.commands-group", "group-" + topic);
        props.put("payroute.kafka.commands.redelivery-delay-ms", "200");
        props.put("payroute.stripe.read-timeout-ms", "30000");
        props.put("payroute.reconciliation.period-ms", "3600000");
        props.put("payroute.rabbitmq.enabled", "false");
        return props;
    }

    @Test
    void a_service_killed_between_the_capture_and_the_commit_captures_once_and_ends_released() throws Exception {
        String topic = "commands-crash-" + UUID.randomUUID();
        String order = "crash-" + UUID.randomUUID();
        String paymentId;
        String intentId;
        try (ServiceProcess first = ServiceProcess.start("escrow-crash-first", env(), props(topic))) {
            first.awaitReady(Duration.ofSeconds(60));
            JsonNode held = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(first.baseUrl() + "/api/v1/escrow/" + order + "/authorize"))
                    .header("Authorization", "Bearer " + RouteTestSupport.PAYMENTS_KEY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":3100,\"customer_id\":\"c\",\"payment_method\":\"pm_card_visa\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body());
            assertEquals("AUTHORIZED", held.get("status").asText(), held.toString());
            paymentId = held.get("id").asText();
            intentId = held.get("payment_intent_id").asText();
            // Stripe captures at once but answers only after the service is gone.
            stripe.faults().delayNext("POST", "/v1/payment_intents/" + intentId + "/capture", Duration.ofSeconds(6), 1);
            producer.send(new ProducerRecord<>(topic, paymentId, "{\"type\":\"release_payment\",\"payment_id\":\"" + paymentId
                    + "\",\"runner_id\":\"crash-runner\",\"runner_connect_account_id\":\"acct_test_crash\",\"correlation_id\":\"crash-"
                    + order + "\"}")).get();
            String pi = intentId;
            awaitTrue("Stripe captured", () -> stripe.executedCount("POST", "/v1/payment_intents/" + pi + "/capture") == 1);
            first.kill9();
        }
        assertEquals("AUTHORIZED", query("SELECT status FROM payments WHERE id = ?::uuid", paymentId), "the commit never happened");
        assertEquals("succeeded", stripe.object(intentId).orElseThrow().get("status").asText(), "but Stripe did capture");

        try (ServiceProcess second = ServiceProcess.start("escrow-crash-second", env(), props(topic))) {
            second.awaitReady(Duration.ofSeconds(60));
            awaitTrue("the redelivered command releases the payment",
                    () -> "RELEASED".equals(query("SELECT status FROM payments WHERE id = ?::uuid", paymentId)));
        }
        assertEquals(1, stripe.executedCount("POST", "/v1/payment_intents/" + intentId + "/capture"), "no second capture");
        assertEquals("1", query("SELECT count(*)::text FROM outbox WHERE aggregate_id = ? AND event_type = 'payment.released'", paymentId));
        assertTrue(query("SELECT transfer_id FROM payments WHERE id = ?::uuid", paymentId).startsWith("tr_"));
    }

    @Test
    void two_services_share_one_command_topic_and_each_command_runs_once() throws Exception {
        String topic = "commands-scale-" + UUID.randomUUID();
        String batch = UUID.randomUUID().toString().substring(0, 8);
        try (ServiceProcess a = ServiceProcess.start("scale-a", env(), props(topic));
             ServiceProcess b = ServiceProcess.start("scale-b", env(), props(topic))) {
            a.awaitReady(Duration.ofSeconds(60));
            b.awaitReady(Duration.ofSeconds(60));
            // Each instance runs 3 consumers (payroute.kafka.commands.consumers) and created the topic with 6
            // partitions: once every consumer of both holds one, both instances take commands.
            awaitTrue("every consumer of both instances holds a partition of the topic", () -> membersWithPartitions("group-" + topic) == 6);
            int commands = 24;
            for (int i = 0; i < commands; i++) {
                String order = "scale-" + batch + "-" + i;
                String command = "{\"type\":\"authorize_payment\",\"customer_id\":\"c\",\"payment_method_id\":\"pm_card_visa\","
                        + "\"amount\":100,\"currency\":\"usd\",\"order_id\":\"" + order + "\",\"correlation_id\":\"" + order + "\"}";
                producer.send(new ProducerRecord<>(topic, order, command)).get();
                producer.send(new ProducerRecord<>(topic, order, command)).get();
            }
            awaitTrue("every order is authorised", () -> Integer.parseInt(query(
                    "SELECT count(*)::text FROM payments WHERE order_id LIKE ? AND status = 'AUTHORIZED'", "scale-" + batch + "-%")) == commands);
            assertEquals(String.valueOf(commands), query("SELECT count(*)::text FROM payments WHERE order_id LIKE ?", "scale-" + batch + "-%"));
            long doneA = doneLines(a);
            long doneB = doneLines(b);
            assertTrue(doneA > 0 && doneB > 0, "both instances took commands: " + doneA + " and " + doneB);
        }
    }

    /** Members of the consumer group that have at least one partition assigned. */
    private static long membersWithPartitions(String group) {
        Properties props = new Properties();
        props.put("bootstrap.servers", TestKafka.bootstrapServers());
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(props)) {
            return admin.describeConsumerGroups(java.util.List.of(group)).all().get().get(group).members().stream()
                    .filter(m -> !m.assignment().topicPartitions().isEmpty()).count();
        } catch (Exception e) {
            return 0;
        }
    }

    private static long doneLines(ServiceProcess process) throws Exception {
        try (var lines = Files.lines(Path.of("target/service-processes").resolve(process.logName()))) {
            return lines.filter(l -> l.contains("payment command authorize_payment:") && l.contains(" done")).count();
        }
    }

    private static void awaitTrue(String what, java.util.function.BooleanSupplier condition) {
        dev.payroute.support.Await.until(what, Duration.ofSeconds(60), condition);
    }

    private static String query(String sql, Object param) {
        try (Connection c = DriverManager.getConnection(dev.payroute.support.TestRun.jdbcUrl(), "postgres", "");
             PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }
}
