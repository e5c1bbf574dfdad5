package dev.payroute.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.payroute.support.TestKafka;
import dev.payroute.support.TestRabbit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What the relay published, as consumers see it: a Kafka consumer in a fresh group on the events topic,
 * or a queue of the test's own bound to the events exchange with "#". Records arrive in the order a
 * consumer gets them, so the per-payment order can be checked as a consumer would meet it.
 */
abstract class PublishedEvents implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    /** One delivery; key is the Kafka record key or the RabbitMQ routing key. */
    record Delivery(String key, JsonNode payload, Map<String, String> headers, Map<String, Object> properties) {
        String eventId() {
            return payload.path("event_id").asText();
        }

        String paymentId() {
            return payload.path("payment_id").asText();
        }
    }

    private final String name;
    private final List<Delivery> received = new ArrayList<>();

    PublishedEvents(String name) {
        this.name = name;
    }

    static PublishedEvents kafka() {
        return new Kafka();
    }

    /** Binds the queue now: only what is published from here on reaches it. */
    static PublishedEvents rabbit() {
        return new Rabbit();
    }

    String name() {
        return name;
    }

    abstract void poll(List<Delivery> into);

    List<Delivery> received() {
        return received;
    }

    /**
     * Reads until every event the outbox holds for the payments (asked again on each round, so late
     * events count too) has been received at least once, then checks each payment's events came in
     * outbox order with no gap: an event never arrives before all earlier events of its payment
     * arrived at least once. Duplicates are allowed. Returns the expected order per payment.
     */
    Map<String, List<String>> awaitInOrder(Supplier<Map<String, List<String>>> outboxOrder, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, List<String>> expected = outboxOrder.get();
        while (!receivedAll(expected)) {
            if (System.nanoTime() > deadline) {
                fail(name + ": within " + timeout + " received " + missing(expected).size() + " events too few, missing "
                        + missing(expected));
            }
            poll(received);
            expected = outboxOrder.get();
        }
        assertInOrder(expected);
        return expected;
    }

    /** Keeps reading for a while and checks that nothing of these payments arrived out of order meanwhile. */
    void assertInOrder(Map<String, List<String>> expected) {
        Map<String, Integer> inOrder = new HashMap<>();
        for (Delivery delivery : received) {
            List<String> sequence = expected.get(delivery.paymentId());
            if (sequence == null) {
                continue;
            }
            int index = sequence.indexOf(delivery.eventId());
            assertTrue(index >= 0, name + ": event " + delivery.eventId() + " is not in the outbox of payment " + delivery.paymentId());
            int seen = inOrder.getOrDefault(delivery.paymentId(), 0);
            assertTrue(index <= seen, name + ": event #" + index + " (" + delivery.payload().path("type").asText() + ") of payment "
                    + delivery.paymentId() + " arrived before event #" + seen + "; sequence " + sequence);
            if (index == seen) {
                inOrder.put(delivery.paymentId(), seen + 1);
            }
        }
        expected.forEach((payment, sequence) ->
                assertEquals(sequence.size(), inOrder.getOrDefault(payment, 0), name + ": events of payment " + payment));
    }

    /** The first delivery of each event of these payments. */
    Map<String, Delivery> firstDeliveries(Set<String> paymentIds) {
        Map<String, Delivery> first = new LinkedHashMap<>();
        for (Delivery delivery : received) {
            if (paymentIds.contains(delivery.paymentId())) {
                first.putIfAbsent(delivery.eventId(), delivery);
            }
        }
        return first;
    }

    private boolean receivedAll(Map<String, List<String>> expected) {
        return !expected.isEmpty() && missing(expected).isEmpty();
    }

    private Set<String> missing(Map<String, List<String>> expected) {
        Set<String> missing = new LinkedHashSet<>();
        expected.values().forEach(missing::addAll);
        received.forEach(delivery -> missing.remove(delivery.eventId()));
        return missing;
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    private static final class Kafka extends PublishedEvents {
        private final KafkaConsumer<String, String> consumer = TestKafka.freshConsumer();

        Kafka() {
            super("Kafka " + TestKafka.EVENTS_TOPIC);
            consumer.subscribe(List.of(TestKafka.EVENTS_TOPIC));
        }

        @Override
        void poll(List<Delivery> into) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                Map<String, String> headers = new HashMap<>();
                for (Header header : record.headers()) {
                    headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
                }
                Map<String, Object> properties = new HashMap<>();
                properties.put("partition", record.partition());
                into.add(new Delivery(record.key(), parse(record.value()), headers, properties));
            }
        }

        @Override
        public void close() {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private static final class Rabbit extends PublishedEvents {
        private final Connection connection = TestRabbit.connect();
        private final Channel channel;
        private final String queue;

        Rabbit() {
            super("RabbitMQ " + TestRabbit.exchange());
            try {
                channel = connection.createChannel();
                TestRabbit.declareExchange(channel);
                // Server-named, exclusive: it goes away with this connection.
                queue = channel.queueDeclare("", false, true, true, null).getQueue();
                channel.queueBind(queue, TestRabbit.exchange(), "#");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        void poll(List<Delivery> into) {
            try {
                GetResponse response = channel.basicGet(queue, true);
                if (response == null) {
                    Thread.sleep(50);
                    return;
                }
                while (response != null) {
                    Map<String, String> headers = new HashMap<>();
                    if (response.getProps().getHeaders() != null) {
                        response.getProps().getHeaders().forEach((k, v) -> headers.put(k, String.valueOf(v)));
                    }
                    Map<String, Object> properties = new HashMap<>();
                    properties.put("delivery_mode", response.getProps().getDeliveryMode());
                    properties.put("content_type", response.getProps().getContentType());
                    properties.put("message_id", response.getProps().getMessageId());
                    properties.put("type", response.getProps().getType());
                    into.add(new Delivery(response.getEnvelope().getRoutingKey(),
                            parse(new String(response.getBody(), StandardCharsets.UTF_8)), headers, properties));
                    response = channel.basicGet(queue, true);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        @Override
        public void close() throws Exception {
            connection.close();
        }
    }
}
