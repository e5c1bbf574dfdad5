package dev.payroute.support;

import dev.payroute.devstack.KafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.UUID;

/**
 * One real Kafka broker (dev.payroute.devstack.KafkaBroker) for the whole test JVM, started on first
 * use. KafkaBroker.start registers the JVM shutdown hook that stops it and deletes its data; its
 * launcher also ends it if this JVM is killed. Tests may kill and restart it (same port, same data).
 */
public final class TestKafka {

    public static final String EVENTS_TOPIC = "payment_events";

    private static KafkaBroker broker;

    private TestKafka() {
    }

    public static synchronized KafkaBroker broker() {
        if (broker == null) {
            try {
                // Its data and output (broker.log) under target/, where the log scan (LogScanIT) reads them.
                broker = KafkaBroker.start(KafkaBroker.Options.defaults().dataDir(java.nio.file.Path.of("target", "kafka-brokers",
                        dataDirName(ProcessHandle.current().pid(), System.currentTimeMillis()))));
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the test Kafka broker", e);
            }
        }
        return broker;
    }

    /**
     * The broker's folder under target/kafka-brokers: this JVM's pid and the start time, each after letters. A bare
     * "pid-millis" (2132-1796062280848) is a Luhn-valid card number one start in ten, and the log scan (LogScanIT)
     * reads the folder's name in the broker's output.
     */
    static String dataDirName(long pid, long startMillis) {
        return "pid" + pid + "-t" + startMillis;
    }

    public static String bootstrapServers() {
        return broker().bootstrapServers();
    }

    /** A producer that waits for every in-sync replica (acks=all), string keys and values. */
    public static KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props);
    }

    /** A consumer in a group of its own, reading from the beginning of each partition. */
    public static KafkaConsumer<String, String> freshConsumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "payroute-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(props);
    }
}
