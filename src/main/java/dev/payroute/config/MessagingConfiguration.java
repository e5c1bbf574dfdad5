package dev.payroute.config;

import dev.payroute.messaging.BrokerCheck;
import dev.payroute.messaging.KafkaClusterCheck;
import dev.payroute.messaging.OutboxRelay;
import dev.payroute.messaging.OutboxStatus;
import dev.payroute.messaging.RabbitConnectionCheck;
import dev.payroute.messaging.RabbitConnections;
import dev.payroute.messaging.RabbitMqUrl;
import dev.payroute.messaging.RabbitWavePublisher;
import dev.payroute.sql.Database;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

import java.util.List;

/**
 * The outbox relay to Kafka and RabbitMQ (routes/messaging/outbox-relay.camel.yaml): which brokers
 * this instance relays to, the beans its routes use, and the broker checks of /health/ready.
 *
 * <p>Kafka is relayed when payroute.kafka.enabled (true when KAFKA_BOOTSTRAP_SERVERS is set), RabbitMQ when
 * payroute.rabbitmq.enabled (RABBITMQ_ENABLED, true by default); the relay routes' autoStartup and the
 * housekeeping read the same settings. A broker not relayed to keeps its events waiting in the outbox.
 */
final class MessagingConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(MessagingConfiguration.class);
    private static final String DEFAULT_RABBITMQ_URL = "amqp://guest:guest@127.0.0.1:5672/";

    record Bound(List<BrokerCheck> brokers, OutboxStatus outboxStatus, RabbitMqUrl rabbitUrl) {
    }

    private MessagingConfiguration() {
    }

    static Bound bind(CamelContext context, Settings settings, Database db, boolean production) throws Exception {
        Registry registry = context.getRegistry();
        String bootstrap = settings.optional("payroute.kafka.bootstrap-servers");
        boolean kafka = settings.bool("payroute.kafka.enabled");
        boolean rabbit = settings.bool("payroute.rabbitmq.enabled");

        String topic = settings.required("payroute.kafka.events-topic");
        String exchange = settings.required("payroute.rabbitmq.events-exchange");
        if (kafka) {
            LOG.info("outbox relay to Kafka {} (topic {})", bootstrap, topic);
        } else {
            LOG.warn("KAFKA_BOOTSTRAP_SERVERS is not set: events wait in the outbox instead of going to Kafka");
        }

        String url = settings.optional("payroute.rabbitmq.url");
        if (url == null) {
            if (production && rabbit) {
                throw new IllegalStateException("RABBITMQ_URL is required when ENVIRONMENT=production"
                        + " (or set RABBITMQ_ENABLED=false)");
            }
            url = DEFAULT_RABBITMQ_URL;
        }
        RabbitMqUrl rabbitUrl = RabbitMqUrl.parse(url);
        // Made even when RabbitMQ is off (the relay's wave publisher and the readiness check hold it); it connects only
        // when used.
        CachingConnectionFactory rabbitFactory = RabbitConnections.create(rabbitUrl, exchange,
                settings.integer("payroute.rabbitmq.connection-timeout-ms"));
        // In the registry so that Camel calls destroy at shutdown, which closes the connection: amqp-client's threads
        // are not daemons and would keep the JVM alive.
        registry.bind("rabbitConnectionFactory", CachingConnectionFactory.class, rabbitFactory, null, "destroy");
        registry.bind("rabbitWavePublisher", new RabbitWavePublisher(rabbitFactory, exchange,
                settings.integer("payroute.rabbitmq.confirm-timeout-ms")));
        if (rabbit) {
            LOG.info("outbox relay to RabbitMQ {} (exchange {})", rabbitUrl, exchange);
        } else {
            LOG.warn("payroute.rabbitmq.enabled=false: events wait in the outbox instead of going to RabbitMQ");
        }

        OutboxRelay relay = new OutboxRelay(db,
                settings.integer("payroute.outbox.batch-size"),
                settings.integer("payroute.outbox.runs-per-tick"),
                settings.integer("payroute.outbox.lease-seconds"),
                settings.integer("payroute.outbox.retry-delay-ms"),
                settings.integer("payroute.outbox.max-retry-delay-ms"));
        registry.bind("outboxRelay", relay);
        OutboxStatus status = new OutboxStatus(db, relay, kafka, topic, rabbit, exchange);
        registry.bind("outboxStatus", status);

        KafkaClusterCheck kafkaCheck = new KafkaClusterCheck(kafka ? bootstrap : null);
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                kafkaCheck.close();
            }
        }, true, true);
        return new Bound(List.of(kafkaCheck, new RabbitConnectionCheck(rabbitFactory, rabbit)), status, rabbitUrl);
    }
}
