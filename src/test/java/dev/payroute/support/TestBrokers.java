package dev.payroute.support;

/**
 * Points services started in this test JVM at the test brokers: the JVM's Kafka broker, and the
 * shared RabbitMQ through the JVM's proxy with an exchange of the JVM's own. Camel's properties
 * component lets JVM system properties override application.properties, so this only has to run
 * before a Camel context starts (RouteTestSupport's static initializer).
 */
public final class TestBrokers {

    private static boolean configured;

    private TestBrokers() {
    }

    public static synchronized void useInRouteTests() {
        if (configured) {
            return;
        }
        configured = true;
        // This JVM's own database and port, so that two test runs on one machine do not collide.
        System.setProperty("camel.server.port", Integer.toString(TestRun.httpPort()));
        System.setProperty("payroute.database.url", TestRun.jdbcUrl());
        System.setProperty("payroute.kafka.bootstrap-servers", TestKafka.bootstrapServers());
        System.setProperty("payroute.rabbitmq.url", TestRabbit.proxiedUrl());
        System.setProperty("payroute.rabbitmq.events-exchange", TestRabbit.exchange());
        // Booking events: exchanges and queues of this JVM's own on the shared broker.
        System.setProperty("payroute.bookings.exchange", TestRabbit.bookings().exchange());
        System.setProperty("payroute.bookings.queue", TestRabbit.bookings().queue());
        System.setProperty("payroute.bookings.dead-letter-exchange", TestRabbit.bookings().deadLetterExchange());
        System.setProperty("payroute.bookings.dead-letter-queue", TestRabbit.bookings().deadQueue());
        // Outage tests wait for the relays to come back: keep the back-off short.
        System.setProperty("payroute.outbox.max-retry-delay-ms", "1000");
        System.setProperty("payroute.outbox.cleanup-period-ms", "500");
    }
}
