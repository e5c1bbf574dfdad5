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

    /** What a new connection declares before it is used (exchanges, queues, bindings). */
    @FunctionalInterface
    public interface Declaration {
        void declare(Channel channel) throws java.io.IOException;
    }

    public static CachingConnectionFactory create(RabbitMqUrl url, String exchange, int connectionTimeoutMs) {
        return create(url, "payroute-outbox-relay", connectionTimeoutMs, "the RabbitMQ exchange " + exchange + " (durable, topic)",
                channel -> channel.exchangeDeclare(exchange, BuiltinExchangeType.TOPIC, true));
    }

    /** A factory like the relay's, named connectionName, whose every new connection first runs the declaration. */
    public static CachingConnectionFactory create(RabbitMqUrl url, String connectionName, int connectionTimeoutMs,
                                                  String declared, Declaration declaration) {
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
        factory.setConnectionNameStrategy(f -> connectionName);
        factory.addConnectionListener(connection -> declare(connection, declared, declaration));
        return factory;
    }

    private static void declare(Connection connection, String declared, Declaration declaration) {
        try (Channel channel = connection.createChannel(false)) {
            declaration.declare(channel);
        } catch (Exception e) {
            // Publishing or consuming still tells whether they are usable; this only explains why they are not.
            LOG.error("could not declare {}: {}", declared, e.getMessage());
        }
    }
}
