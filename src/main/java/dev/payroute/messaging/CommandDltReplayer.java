package dev.payroute.messaging;

import dev.payroute.domain.Refusal;
import org.apache.camel.Header;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Admin replay of payment_commands.DLT (POST /api/v1/admin/kafka/dlt/replay?max=n): takes the
 * oldest dead commands not replayed yet (consumer group payroute-dlt-replay), sends each back to
 * payment_commands with its key and original bytes, and commits only after Kafka acknowledged.
 */
public final class CommandDltReplayer {

    private static final int MAX_BATCH = 1000;

    private final String bootstrap;
    private final String commandsTopic;
    private final String dltTopic;

    public CommandDltReplayer(String bootstrap, String commandsTopic, String dltTopic) {
        this.bootstrap = bootstrap;
        this.commandsTopic = commandsTopic;
        this.dltTopic = dltTopic;
    }

    public Map<String, Object> replay(@Header("max") String maxParameter) throws Exception {
        if (bootstrap == null) {
            throw new Refusal(Refusal.Kind.UNAVAILABLE, "kafka-not-configured", "replaying the DLT needs Kafka (KAFKA_BOOTSTRAP_SERVERS)", null);
        }
        int max = max(maxParameter);
        int replayed = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps())) {
            List<TopicPartition> partitions = consumer.partitionsFor(dltTopic, Duration.ofSeconds(5)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            // Only what was dead when the replay began: a replayed command that fails again waits for the next replay.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (replayed < max && System.nanoTime() < deadline && !reached(consumer, end)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(300))) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    if (replayed == max || record.offset() >= end.get(tp)) {
                        continue;
                    }
                    ProducerRecord<byte[], byte[]> again = new ProducerRecord<>(commandsTopic, record.key(), record.value());
                    again.headers().add("dlt_replayed_from_offset", Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8));
                    producer.send(again).get();
                    consumer.commitSync(Map.of(tp, new OffsetAndMetadata(record.offset() + 1)));
                    replayed++;
                }
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("replayed", replayed);
        body.put("topic", commandsTopic);
        return body;
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static int max(String raw) {
        if (raw == null || raw.isBlank()) {
            return 100;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value >= 1 && value <= MAX_BATCH) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw Refusal.badRequest("max", "max must be an integer from 1 to " + MAX_BATCH);
    }

    private Properties consumerProps() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "payroute-dlt-replay");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }

    private Properties producerProps() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }
}
