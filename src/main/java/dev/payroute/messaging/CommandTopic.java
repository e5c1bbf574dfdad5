package dev.payroute.messaging;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The payment_commands topic, before its consumers subscribe: created with the partitions payroute's consumers can
 * share (payroute.kafka.commands.partitions) when it does not exist, rather than with the broker's default; an existing
 * topic is used as it is (adding partitions would move keys, and so an order's commands, to other partitions), with a
 * warning when it has fewer partitions than this instance has consumers. A broker that does not answer in time is no
 * reason not to start: the topic is then left to exist, or to be created on first use.
 */
public final class CommandTopic {

    private static final Logger LOG = LoggerFactory.getLogger(CommandTopic.class);

    private CommandTopic() {
    }

    public static void ensure(String bootstrapServers, String topic, int partitions, int consumers, int timeoutMs) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "payroute-command-topic");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        try (Admin admin = Admin.create(props)) {
            try {
                admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())))
                        .all().get(timeoutMs, TimeUnit.MILLISECONDS);
                LOG.info("created Kafka topic {} with {} partitions", topic, partitions);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            int existing = admin.describeTopics(List.of(topic)).allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS)
                    .get(topic).partitions().size();
            if (existing < consumers) {
                LOG.warn("Kafka topic {} has {} partitions for {} consumers: {} of them stay idle; create it with at least {}",
                        topic, existing, consumers, consumers - existing, consumers);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("could not check Kafka topic {} ({}); it is used as the broker has it or creates it", topic, e.toString());
        }
    }
}
