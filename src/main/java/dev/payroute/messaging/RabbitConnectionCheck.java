package dev.payroute.messaging;

import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;

/** RabbitMQ answers when the relay's connection factory has, or can open, its connection. */
public final class RabbitConnectionCheck implements BrokerCheck {

    private final ConnectionFactory connectionFactory;
    private final boolean enabled;

    public RabbitConnectionCheck(ConnectionFactory connectionFactory, boolean enabled) {
        this.connectionFactory = connectionFactory;
        this.enabled = enabled;
    }

    @Override
    public String name() {
        return "rabbitmq";
    }

    @Override
    public boolean enabled() {
        return enabled;
    }

    @Override
    public boolean up() {
        // The caching factory hands out its one shared connection; closing the handle leaves it open.
        try (Connection connection = connectionFactory.createConnection()) {
            return connection.isOpen();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
