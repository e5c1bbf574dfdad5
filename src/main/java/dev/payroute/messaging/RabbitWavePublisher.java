package dev.payroute.messaging;

import org.apache.camel.Variable;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Publishes a wave of outbox events to the RabbitMQ events exchange on one channel, then waits once for the
 * broker's confirms of all of them (publisher confirms; the connection factory is set up for them). Each event's
 * payload is the body; routing key and AMQP type = event type, message id = event id, persistent (the broker
 * writes it to disk before it confirms it), application/json in UTF-8, and the event_type / event_id headers.
 *
 * <p>camel-spring-rabbitmq's producer, which this replaces for the relay, waits for each message's confirm before
 * it sends the next, so a wave cost one broker round trip per event. A wave holds at most one event of a payment,
 * so confirming the wave as a whole keeps each payment's order. A nack, no confirm within the timeout or a lost
 * connection fails the whole wave: the relay run releases it, and it is sent again whole (at least once), as a
 * Kafka wave is.
 */
public final class RabbitWavePublisher {

    private final RabbitTemplate template;
    private final String exchange;
    private final long confirmTimeoutMillis;

    public RabbitWavePublisher(ConnectionFactory connections, String exchange, long confirmTimeoutMillis) {
        this.template = new RabbitTemplate(connections);
        this.exchange = exchange;
        this.confirmTimeoutMillis = confirmTimeoutMillis;
    }

    /** Returns once RabbitMQ has confirmed every event of the wave; throws when it did not. */
    public void publish(@Variable(OutboxRelay.WAVE) List<OutboxRow> wave) {
        template.invoke(channel -> {
            for (OutboxRow row : wave) {
                channel.send(exchange, row.eventType(), message(row));
            }
            channel.waitForConfirmsOrDie(confirmTimeoutMillis);
            return null;
        });
    }

    static Message message(OutboxRow row) {
        MessageProperties properties = new MessageProperties();
        properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        properties.setContentEncoding(StandardCharsets.UTF_8.name());
        properties.setMessageId(row.eventId());
        properties.setType(row.eventType());
        properties.setHeader("event_type", row.eventType());
        properties.setHeader("event_id", row.eventId());
        return new Message(row.payload().getBytes(StandardCharsets.UTF_8), properties);
    }
}
