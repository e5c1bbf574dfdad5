package dev.payroute.bookings;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;

import java.io.IOException;
import java.util.Map;

/**
 * Where booking events come from: the topic exchange (durable), payroute's queue bound to it for
 * booking.created and booking.cancelled (durable, dead-lettering to the dead-letter exchange), and the
 * dead queue behind that exchange. Declared on every new connection, so a broker that was replaced or
 * wiped gets them back before the consumer starts again; declaring what exists is a no-op.
 */
public record BookingQueues(String exchange, String queue, String deadLetterExchange, String deadQueue) {

    public static final String[] ROUTING_KEYS = {BookingEvent.CREATED, BookingEvent.CANCELLED};

    public void declare(Channel channel) throws IOException {
        channel.exchangeDeclare(exchange, BuiltinExchangeType.TOPIC, true);
        // Topic, bound with #: a dead letter keeps its routing key (booking.created, ...) for whoever reads the dead queue.
        channel.exchangeDeclare(deadLetterExchange, BuiltinExchangeType.TOPIC, true);
        channel.queueDeclare(deadQueue, true, false, false, null);
        channel.queueBind(deadQueue, deadLetterExchange, "#");
        channel.queueDeclare(queue, true, false, false, Map.of("x-dead-letter-exchange", deadLetterExchange));
        for (String key : ROUTING_KEYS) {
            channel.queueBind(queue, exchange, key);
        }
    }
}
