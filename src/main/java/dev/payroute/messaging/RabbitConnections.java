package dev.payroute.messaging;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import java.security.NoSuchAlgorithmException;

/**
 * The relay's RabbitMQ connection: Spring AMQP's caching factory (one connection, cached channels)
 * with simple publisher confirms, which camel-spring-rabbitmq's confirm=enabled waits for. Each new
 * connection first declares the events exchange (durable, topic), so a broker that was replaced or
 * wiped gets it back before the first publish.
 */
public final class RabbitConnections {

    private static final Logger LOG = LoggerFactory.getLogger(RabbitConnections.class);

    private RabbitConnections() {
    }

    public static CachingConnectionFactory create(RabbitMqUrl url, String exchange, int connectionTimeoutMs) {
        com.rabbitmq.client.ConnectionFactory rabbit = new com.rabbitmq.client.ConnectionFactory();
        rabbit.setHost(url.host());
        rabbit.setPort(url.port());
        rabbit.setUsername(url.user());
        rabbit.setPassword(url.password());
        rabbit.setVirtualHost(url.virtualHost());
        rabbit.setConnectionTimeout(connectionTimeoutMs);
        // Spring's factory opens a new connection when the old one is gone; the client's own recovery would compete.
        rabbit.setAutomaticRecoveryEnabled(false);
        if (url.tls()) {
            try {
                rabbit.useSslProtocol(SSLContext.getDefault());
                rabbit.enableHostnameVerification();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("no default TLS context for amqps://", e);
            }
        }
        CachingConnectionFactory factory = new CachingConnectionFactory(rabbit);
        factory.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.SIMPLE);
        factory.setConnectionNameStrategy(f -> "payroute-outbox-relay");
        factory.addConnectionListener(connection -> declareExchange(connection, exchange));
        return factory;
    }

    private static void declareExchange(Connection connection, String exchange) {
        try (Channel channel = connection.createChannel(false)) {
            channel.exchangeDeclare(exchange, BuiltinExchangeType.TOPIC, true);
        } catch (Exception e) {
            // Publishing still tells whether the exchange is usable; this only explains why it is not.
            LOG.error("could not declare the RabbitMQ exchange {} (durable, topic): {}", exchange, e.getMessage());
        }
    }
}
