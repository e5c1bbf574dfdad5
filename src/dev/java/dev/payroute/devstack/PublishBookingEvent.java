package dev.payroute.devstack;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.payroute.messaging.RabbitMqUrl;

import java.nio.charset.StandardCharsets;

/**
 * Publishes one booking event to the bookings exchange, as the booking service would (persistent, JSON,
 * publisher confirm), for trying payroute by hand: {@code bin/publish-booking-event booking.created '{...}'}.
 * Reads RABBITMQ_URL (default amqp://guest:guest@127.0.0.1:5672/) and PAYROUTE_BOOKINGS_EXCHANGE (bookings).
 * The exchange is payroute's: start payroute once first so that it exists.
 */
public final class PublishBookingEvent {

    private PublishBookingEvent() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !(args[0].equals("booking.created") || args[0].equals("booking.cancelled"))) {
            System.err.println("usage: bin/publish-booking-event booking.created|booking.cancelled '<event JSON>'");
            System.exit(2);
        }
        String url = envOr("RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/");
        String exchange = envOr("PAYROUTE_BOOKINGS_EXCHANGE", "bookings");
        RabbitMqUrl rabbit = RabbitMqUrl.parse(url);
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(rabbit.host());
        factory.setPort(rabbit.port());
        factory.setUsername(rabbit.user());
        factory.setPassword(rabbit.password());
        factory.setVirtualHost(rabbit.virtualHost());
        if (rabbit.tls()) {
            factory.useSslProtocol();
        }
        factory.setConnectionTimeout(3000);
        try (Connection connection = factory.newConnection("payroute-publish-booking-event");
             Channel channel = connection.createChannel()) {
            channel.exchangeDeclarePassive(exchange);
            channel.confirmSelect();
            AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                    .contentType("application/json").deliveryMode(2).build();
            channel.basicPublish(exchange, args[0], true, properties, args[1].getBytes(StandardCharsets.UTF_8));
            channel.waitForConfirmsOrDie(5000);
            System.out.println("published " + args[0] + " to exchange " + exchange + " on " + rabbit);
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
