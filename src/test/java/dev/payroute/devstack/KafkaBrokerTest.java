package dev.payroute.devstack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** A real Kafka 4.3.1 broker in a child JVM, driven with the service's kafka-clients 3.9.1. */
@org.junit.jupiter.api.Tag("integration")
class KafkaBrokerTest {

    private static final int KEYS = 10;
    private static final int PER_KEY = 10;

    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBroker.start(KafkaBroker.Options.defaults());
        System.out.printf("broker started on %s in %d ms (pid %d)%n", broker.bootstrapServers(),
                broker.lastStartDuration().toMillis(), broker.pid());
    }

    @AfterAll
    static void stopBroker() {
        if (broker == null) {
            return;
        }
        Path dataDir = broker.dataDir();
        broker.stop();
        assertFalse(broker.isAlive());
        assertFalse(Files.exists(dataDir), "the temporary data directory is deleted on stop");
        assertThrows(IllegalStateException.class, broker::restart);
    }

    @Test
    void records_and_committed_offsets_survive_a_restart() throws Exception {
        String topic = "payments-" + UUID.randomUUID();
        String group = "ledger-" + UUID.randomUUID();
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (int n = 0; n < PER_KEY; n++) {
                for (int k = 0; k < KEYS; k++) {
                    sends.add(producer.send(new ProducerRecord<>(topic, "key-" + k, "key-" + k + ":" + n)));
                }
            }
            for (Future<RecordMetadata> send : sends) {
                send.get(30, TimeUnit.SECONDS);
            }
        }
        try (Admin admin = admin()) {
            assertEquals(3, admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(topic).partitions().size(), "auto-created with num.partitions=3");
        }

        try (KafkaConsumer<String, String> consumer = consumer(group)) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> records = pollUntil(consumer, KEYS * PER_KEY, Duration.ofSeconds(30));
            assertInOrderPerKey(records);
            consumer.commitSync(Duration.ofSeconds(10));
        }

        long pidBefore = broker.pid();
        broker.restart();
        System.out.printf("broker restarted in %d ms%n", broker.lastStartDuration().toMillis());
        assertTrue(broker.isAlive());
        assertTrue(broker.pid() != pidBefore, "a new broker process");

        try (KafkaConsumer<String, String> consumer = consumer(group)) {
            consumer.subscribe(List.of(topic));
            Set<TopicPartition> assigned = awaitAssignment(consumer, Duration.ofSeconds(30));
            assertEquals(3, assigned.size());
            Map<TopicPartition, Long> ends = consumer.endOffsets(assigned, Duration.ofSeconds(10));
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned, Duration.ofSeconds(10));
            for (TopicPartition partition : assigned) {
                assertEquals(ends.get(partition), committed.get(partition).offset(), "committed offset of " + partition);
            }
            assertEquals(KEYS * PER_KEY, ends.values().stream().mapToLong(Long::longValue).sum());
            // Nothing is handed out again to the group that already committed.
            long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < deadline) {
                assertTrue(consumer.poll(Duration.ofMillis(200)).isEmpty(), "no record is delivered twice");
            }
        }

        try (KafkaConsumer<String, String> consumer = consumer("audit-" + UUID.randomUUID())) {
            consumer.subscribe(List.of(topic));
            assertInOrderPerKey(pollUntil(consumer, KEYS * PER_KEY, Duration.ofSeconds(30)));
        }
    }

    @Test
    void sends_fail_or_wait_while_the_broker_is_down_and_go_through_after_restart() throws Exception {
        String topic = "outage-" + UUID.randomUUID();
        Map<String, Object> impatient = Map.of(
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 2000);
        try (KafkaProducer<String, String> patient = producer(Map.of());
             KafkaProducer<String, String> hasty = producer(impatient)) {
            patient.send(new ProducerRecord<>(topic, "k", "before")).get(30, TimeUnit.SECONDS);
            hasty.send(new ProducerRecord<>(topic, "k", "before, hasty")).get(30, TimeUnit.SECONDS);

            broker.kill();
            assertFalse(broker.isAlive());

            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> hasty.send(new ProducerRecord<>(topic, "k", "lost")).get(30, TimeUnit.SECONDS));
            assertInstanceOf(org.apache.kafka.common.errors.TimeoutException.class, failed.getCause());

            Future<RecordMetadata> waiting = patient.send(new ProducerRecord<>(topic, "k", "during"));
            assertThrows(TimeoutException.class, () -> waiting.get(2, TimeUnit.SECONDS),
                    "no acknowledgement while the broker is down");

            broker.restart();
            System.out.printf("broker restarted after kill in %d ms%n", broker.lastStartDuration().toMillis());
            waiting.get(60, TimeUnit.SECONDS);
            patient.send(new ProducerRecord<>(topic, "k", "after")).get(30, TimeUnit.SECONDS);
        }

        try (KafkaConsumer<String, String> consumer = consumer("outage-" + UUID.randomUUID())) {
            consumer.subscribe(List.of(topic));
            List<String> values = pollUntil(consumer, 4, Duration.ofSeconds(30)).stream()
                    .map(ConsumerRecord::value).toList();
            assertTrue(values.contains("before") && values.contains("before, hasty"), values.toString());
            assertTrue(values.indexOf("before") < values.indexOf("during")
                    && values.indexOf("during") < values.indexOf("after"), "one key keeps its order: " + values);
            assertFalse(values.contains("lost"), "the send that failed was not written");
        }
    }

    @Test
    void a_checkout_without_the_brokers_jars_fails_at_once_and_says_how_to_build_them(@TempDir Path checkout) {
        IOException e = assertThrows(IOException.class,
                () -> KafkaBroker.start(KafkaBroker.Options.defaults().projectDir(checkout)));
        assertTrue(e.getMessage().contains(checkout.resolve("target/kafka-broker/classpath.txt").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("mvn -B -DskipTests package"), e.getMessage());
        assertFalse(Files.exists(checkout.resolve("target")), "nothing is built or run at start");
    }

    @Test
    void the_launcher_stops_the_child_when_its_parent_is_gone() throws Exception {
        // Stands in for the JVM that started the broker; SIGKILLing it runs none of its shutdown hooks.
        Process parent = new ProcessBuilder("sleep", "60").start();
        String classpath = Path.of("target", "classes") + File.pathSeparator + Path.of("target", "test-classes");
        Process child = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", "-XX:+UseSerialGC", "-D" + BrokerLauncher.PARENT_PID + "=" + parent.pid(),
                "-cp", classpath, BrokerLauncher.class.getName(), IdleMain.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            assertFalse(child.waitFor(1500, TimeUnit.MILLISECONDS), "the child runs while its parent lives");
            parent.destroyForcibly();
            assertTrue(child.waitFor(10, TimeUnit.SECONDS), "the child exits once its parent is gone");
        } finally {
            parent.destroyForcibly();
            child.destroyForcibly();
        }
    }

    private static List<ConsumerRecord<String, String>> pollUntil(KafkaConsumer<String, String> consumer, int count,
                                                                   Duration timeout) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (records.size() < count) {
            if (System.nanoTime() > deadline) {
                fail("received " + records.size() + " of " + count + " records within " + timeout);
            }
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return records;
    }

    private static Set<TopicPartition> awaitAssignment(KafkaConsumer<String, String> consumer, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (consumer.assignment().isEmpty()) {
            if (System.nanoTime() > deadline) {
                fail("no partitions assigned within " + timeout);
            }
            assertTrue(consumer.poll(Duration.ofMillis(200)).isEmpty(), "no record is delivered twice");
        }
        return consumer.assignment();
    }

    private static void assertInOrderPerKey(List<ConsumerRecord<String, String>> records) {
        assertEquals(KEYS * PER_KEY, records.size());
        Map<String, List<Integer>> sequences = new HashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            String[] keyAndSequence = record.value().split(":");
            assertEquals(record.key(), keyAndSequence[0]);
            sequences.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(Integer.parseInt(keyAndSequence[1]));
        }
        List<Integer> expected = IntStream.range(0, PER_KEY).boxed().toList();
        assertEquals(KEYS, sequences.size());
        sequences.forEach((key, sequence) -> assertEquals(expected, sequence, "order of " + key));
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> overrides) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        props.putAll(overrides);
        return new KafkaProducer<>(props);
    }

    private static KafkaConsumer<String, String> consumer(String group) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(props);
    }

    private static Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return Admin.create(props);
    }

    /** A main that idles, standing in for kafka.Kafka in the launcher test. */
    public static final class IdleMain {
        public static void main(String[] args) throws InterruptedException {
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
