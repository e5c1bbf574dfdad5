package dev.payroute.config;

import dev.payroute.bookings.BookingCancellations;
import dev.payroute.bookings.BookingDeadLetters;
import dev.payroute.bookings.BookingEventIngress;
import dev.payroute.bookings.BookingEventSchema;
import dev.payroute.bookings.BookingQueues;
import dev.payroute.deadletters.BrokerDeadLetters;
import dev.payroute.messaging.RabbitConnections;
import dev.payroute.messaging.RabbitMqUrl;
import dev.payroute.payments.PaymentStore;
import dev.payroute.security.DataCipher;
import dev.payroute.sql.Database;
import dev.payroute.stripe.PaymentGateway;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/**
 * RabbitMQ booking events (routes/messaging/booking-events.camel.yaml): a connection of their own to
 * RABBITMQ_URL that declares the exchange, queue, dead-letter exchange and dead queue, and the beans of
 * the routes. payroute.bookings.enabled (PAYROUTE_BOOKINGS_ENABLED) starts the consumer or not; the
 * beans are bound either way (the admin replay of dead booking events uses them).
 */
final class BookingsConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(BookingsConfiguration.class);

    private BookingsConfiguration() {
    }

    static void bind(Registry registry, Settings settings, Database db, DataCipher cipher, PaymentGateway gateway,
                     PaymentStore store, RabbitMqUrl url) {
        BookingQueues queues = new BookingQueues(settings.required("payroute.bookings.exchange"),
                settings.required("payroute.bookings.queue"), settings.required("payroute.bookings.dead-letter-exchange"),
                settings.required("payroute.bookings.dead-letter-queue"));
        CachingConnectionFactory factory = RabbitConnections.create(url, "payroute-bookings",
                settings.integer("payroute.rabbitmq.connection-timeout-ms"),
                "the booking event exchanges and queues " + queues, queues::declare);
        // destroy closes the connection: amqp-client's threads are not daemons and would keep the JVM alive.
        registry.bind("bookingsConnectionFactory", CachingConnectionFactory.class, factory, null, "destroy");
        registry.bind("bookingEventIngress", new BookingEventIngress(db, BookingEventSchema.load(),
                settings.integer("payroute.bookings.claim-seconds")));
        registry.bind("bookingCancellations", new BookingCancellations(gateway, store, db,
                settings.integer("payroute.payments.operation-lease-seconds")));
        registry.bind("bookingDeadLetters", new BookingDeadLetters(db, new BrokerDeadLetters(db, cipher, BookingDeadLetters.SOURCE)));
        if (settings.bool("payroute.bookings.enabled")) {
            LOG.info("booking events from RabbitMQ {}: {} (auto-refund {})", url, queues,
                    settings.bool("payroute.bookings.auto-refund") ? "on" : "off");
        } else {
            LOG.warn("payroute.bookings.enabled=false: booking events are not consumed");
        }
    }
}
