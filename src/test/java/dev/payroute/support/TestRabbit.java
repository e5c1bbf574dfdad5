package dev.payroute.support;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

/**
 * The machine's shared RabbitMQ (127.0.0.1:5672, guest), which tests never stop. Services under test
 * publish to an exchange of this JVM's own (deleted when the JVM exits), never to payment.events, and
 * reach the broker through a {@link TcpProxy} that outage tests cut.
 */
public final class TestRabbit {

    public static final String HOST = "127.0.0.1";
    public static final int PORT = 5672;

    private static final String EXCHANGE = "payroute-test-" + UUID.randomUUID().toString().substring(0, 8) + ".payment.events";
    private static final String PREFIX = EXCHANGE.substring(0, EXCHANGE.length() - ".payment.events".length());
    private static final dev.payroute.bookings.BookingQueues BOOKINGS = new dev.payroute.bookings.BookingQueues(
            PREFIX + ".bookings", PREFIX + ".payroute.bookings", PREFIX + ".bookings.dlx", PREFIX + ".payroute.bookings.dead");
    private static TcpProxy proxy;
    private static boolean cleanupRegistered;

    private TestRabbit() {
    }

    /** This JVM's stand-in for the payment.events exchange (durable topic, like the real one). */
    public static synchronized String exchange() {
        if (!cleanupRegistered) {
            cleanupRegistered = true;
            Runtime.getRuntime().addShutdownHook(new Thread(TestRabbit::deleteExchange, "payroute-test-rabbit-cleanup"));
        }
        return EXCHANGE;
    }

    /** This JVM's booking event exchanges and queues (deleted when the JVM exits). */
    public static synchronized dev.payroute.bookings.BookingQueues bookings() {
        exchange();
        return BOOKINGS;
    }

    /** The proxy in front of the shared broker, started on first use. */
    public static synchronized TcpProxy proxy() {
        if (proxy == null) {
            try {
                proxy = TcpProxy.start(HOST, PORT);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return proxy;
    }

    /** RABBITMQ_URL through the proxy. */
    public static String proxiedUrl() {
        return "amqp://guest:guest@127.0.0.1:" + proxy().port() + "/";
    }

    /** RABBITMQ_URL of the broker itself. */
    public static String directUrl() {
        return "amqp://guest:guest@" + HOST + ":" + PORT + "/";
    }

    /** A connection straight to the broker (not through the proxy), for reading what was published. */
    public static Connection connect() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(HOST);
        factory.setPort(PORT);
        factory.setUsername("guest");
        factory.setPassword("guest");
        try {
            return factory.newConnection("payroute-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Declares the test exchange as the service does (durable topic) so a queue can be bound before it publishes. */
    public static void declareExchange(Channel channel) throws IOException {
        channel.exchangeDeclare(exchange(), BuiltinExchangeType.TOPIC, true);
    }

    private static void deleteExchange() {
        try (Connection connection = connect(); Channel channel = connection.createChannel()) {
            channel.exchangeDelete(EXCHANGE);
            channel.queueDelete(BOOKINGS.queue());
            channel.queueDelete(BOOKINGS.deadQueue());
            channel.exchangeDelete(BOOKINGS.exchange());
            channel.exchangeDelete(BOOKINGS.deadLetterExchange());
        } catch (Exception ignored) {
            // The broker is not reachable at exit: nothing to tidy up that we can reach.
        }
    }
}
