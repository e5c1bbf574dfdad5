package dev.payroute.ops;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Read from the Kafka cluster with an Admin client: the consumer group's lag on the commands topic (records
 * published but not yet committed by payroute, summed over the partitions) and the records kept in the dead-letter
 * topic. Each question waits at most a second.
 */
public final class KafkaLag implements AutoCloseable {

    /** The lag of the group on its topic and the records in the dead-letter topic (0 for a topic not created yet). */
    public record Reading(double commandsLag, double deadLettered) {
    }

    private static final long WAIT_MS = 1000;

    private final String bootstrapServers;
    private final String group;
    private final String topic;
    private final String deadLetterTopic;
    private Admin admin;

    public KafkaLag(String bootstrapServers, String group, String topic, String deadLetterTopic) {
        this.bootstrapServers = bootstrapServers;
        this.group = group;
        this.topic = topic;
        this.deadLetterTopic = deadLetterTopic;
    }

    public String group() {
        return group;
    }

    public String topic() {
        return topic;
    }

    /** Two rounds of questions, each asked at once: the group's offsets and the topics, then their end offsets. */
    public synchronized Reading read() {
        try {
            var committedAsked = admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata();
            var topicsAsked = admin().describeTopics(List.of(topic, deadLetterTopic)).topicNameValues();
            List<TopicPartition> partitions = partitions(topicsAsked.get(topic));
            List<TopicPartition> deadPartitions = partitions(topicsAsked.get(deadLetterTopic));
            List<TopicPartition> all = new java.util.ArrayList<>(partitions);
            all.addAll(deadPartitions);
            Map<TopicPartition, OffsetSpec> latestSpec = new HashMap<>();
            Map<TopicPartition, OffsetSpec> earliestSpec = new HashMap<>();
            all.forEach(partition -> {
                latestSpec.put(partition, OffsetSpec.latest());
                earliestSpec.put(partition, OffsetSpec.earliest());
            });
            var latestAsked = admin().listOffsets(latestSpec).all();
            var earliestAsked = admin().listOffsets(earliestSpec).all();
            Map<TopicPartition, OffsetAndMetadata> committed = committedAsked.get(WAIT_MS, TimeUnit.MILLISECONDS);
            Map<TopicPartition, Long> latest = new HashMap<>();
            latestAsked.get(WAIT_MS, TimeUnit.MILLISECONDS).forEach((partition, info) -> latest.put(partition, info.offset()));
            Map<TopicPartition, Long> earliest = new HashMap<>();
            earliestAsked.get(WAIT_MS, TimeUnit.MILLISECONDS).forEach((partition, info) -> earliest.put(partition, info.offset()));
            double lag = 0;
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata done = committed.get(partition);
                lag += Math.max(0, latest.get(partition) - (done != null ? done.offset() : earliest.get(partition)));
            }
            double dead = 0;
            for (TopicPartition partition : deadPartitions) {
                dead += latest.get(partition) - earliest.get(partition);
            }
            return new Reading(lag, dead);
        } catch (ExecutionException | TimeoutException e) {
            // Asked again on the next read, with a new client.
            close();
            throw new IllegalStateException("Kafka did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The topic's partitions; none when the topic does not exist (yet). */
    private static List<TopicPartition> partitions(org.apache.kafka.common.KafkaFuture<TopicDescription> asked)
            throws ExecutionException, InterruptedException, TimeoutException {
        try {
            TopicDescription description = asked.get(WAIT_MS, TimeUnit.MILLISECONDS);
            return description.partitions().stream().map(p -> new TopicPartition(description.name(), p.partition())).toList();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return List.of();
            }
            throw e;
        }
    }

    private Admin admin() {
        if (admin == null) {
            Properties props = new Properties();
            props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) WAIT_MS);
            props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) WAIT_MS);
            props.put(AdminClientConfig.CLIENT_ID_CONFIG, "payroute-metrics");
            admin = Admin.create(props);
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(java.time.Duration.ZERO);
            admin = null;
        }
    }
}
