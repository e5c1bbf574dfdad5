package dev.payroute.messaging;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.payroute.support.TestRabbit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The RabbitMQ relay's wave publisher on the real broker: a wave's messages reach the exchange in wave order with
 * the event's properties once the broker confirmed them, and a wave the broker refuses part of (a nack) fails as a
 * whole, so that the relay releases it and sends it again.
 */
@Tag("integration")
class RabbitWavePublisherTest {

    private static CachingConnectionFactory connections;
    private static Connection reader;
    private static Channel channel;

    @BeforeAll
    static void connect() throws Exception {
        connections = RabbitConnections.create(RabbitMqUrl.parse(TestRabbit.directUrl()), TestRabbit.exchange(), 3000);
        reader = TestRabbit.connect();
        channel = reader.createChannel();
        TestRabbit.declareExchange(channel);
    }

    @AfterAll
    static void close() throws Exception {
        reader.close();
        connections.destroy();
    }

    @Test
    void a_wave_is_published_in_order_with_the_events_properties_once_confirmed() throws Exception {
        String type = "payment.wave-" + UUID.randomUUID();
        String queue = queueFor(type, Map.of());
        List<OutboxRow> wave = wave(type, 5);

        new RabbitWavePublisher(connections, TestRabbit.exchange(), 5000).publish(wave);

        for (OutboxRow row : wave) {
            GetResponse got = channel.basicGet(queue, true);
            assertEquals(row.payload(), new String(got.getBody(), StandardCharsets.UTF_8), "wave order");
            assertEquals(row.eventId(), got.getProps().getMessageId());
            assertEquals(type, got.getProps().getType());
            assertEquals(2, got.getProps().getDeliveryMode(), "persistent");
            assertEquals("application/json", got.getProps().getContentType());
            assertEquals("UTF-8", got.getProps().getContentEncoding());
            assertEquals(type, String.valueOf(got.getProps().getHeaders().get("event_type")));
            assertEquals(row.eventId(), String.valueOf(got.getProps().getHeaders().get("event_id")));
        }
        assertEquals(0, channel.messageCount(queue), "nothing else");
    }

    @Test
    void a_wave_the_broker_refuses_in_part_fails_as_a_whole() throws Exception {
        String type = "payment.refused-" + UUID.randomUUID();
        // A queue that takes two messages and makes RabbitMQ nack any more (overflow reject-publish).
        String queue = queueFor(type, Map.of("x-max-length", 2, "x-overflow", "reject-publish"));

        AmqpException refused = assertThrows(AmqpException.class,
                () -> new RabbitWavePublisher(connections, TestRabbit.exchange(), 5000).publish(wave(type, 4)));

        assertEquals(2, channel.messageCount(queue), "the broker took two and refused the rest: " + refused);
    }

    private static String queueFor(String routingKey, Map<String, Object> arguments) throws Exception {
        String queue = channel.queueDeclare("", false, true, true, arguments).getQueue();
        channel.queueBind(queue, TestRabbit.exchange(), routingKey);
        return queue;
    }

    private static List<OutboxRow> wave(String type, int size) {
        List<OutboxRow> rows = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            rows.add(new OutboxRow(i + 1, UUID.randomUUID().toString(), type, UUID.randomUUID().toString(),
                    "{\"type\":\"" + type + "\",\"n\":" + i + "}"));
        }
        return rows;
    }
}
