package dev.payroute.bookings;

import dev.payroute.deadletters.BrokerDeadLetters;
import dev.payroute.sql.Database;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.component.springrabbit.SpringRabbitMQConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Booking events that cannot be processed: recorded in dead_letters (source rabbitmq, body sealed)
 * before the message goes to the dead-letter exchange with the reason in its headers; and published
 * again to the bookings exchange on an admin's replay.
 */
public final class BookingDeadLetters {

    public static final String SOURCE = "rabbitmq";
    /** Headers of a dead-lettered message. */
    public static final String REASON_HEADER = "x-payroute-dead-reason";
    public static final String EVENT_ID_HEADER = "x-payroute-event-id";
    public static final String DEAD_LETTER_ID_HEADER = "x-payroute-dead-letter-id";

    private static final Logger LOG = LoggerFactory.getLogger(BookingDeadLetters.class);

    private final Database db;
    private final BrokerDeadLetters letters;

    public BookingDeadLetters(Database db, BrokerDeadLetters letters) {
        this.db = db;
        this.letters = letters;
    }

    /**
     * Takes Exchange: it reads the caught failure, the original body and routing key, and sets the headers the
     * dead-letter exchange receives (the reason, the event id, the dead letter's id). The event's claim is
     * released in the same transaction, so a replay can take it at once.
     */
    public void record(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = reason(cause);
        BookingEvent event = exchange.getVariable(BookingEventIngress.EVENT, BookingEvent.class);
        String eventId = event != null ? event.eventId() : cause instanceof InvalidBookingEvent invalid ? invalid.eventId() : null;
        String routingKey = exchange.getMessage().getHeader(SpringRabbitMQConstants.ROUTING_KEY, String.class);
        byte[] body = exchange.getMessage().getBody(byte[].class);
        long id = db.inTransaction(() -> {
            if (eventId != null) {
                db.update("bookings/release", Map.of("eventId", eventId));
            }
            return letters.insert(eventId, routingKey, reason, body);
        });
        exchange.getMessage().setHeader(REASON_HEADER, reason);
        exchange.getMessage().setHeader(EVENT_ID_HEADER, eventId == null ? "" : eventId);
        exchange.getMessage().setHeader(DEAD_LETTER_ID_HEADER, Long.toString(id));
        exchange.getMessage().setHeader(SpringRabbitMQConstants.ROUTING_OVERRIDE_KEY, routingKey == null ? "" : routingKey);
        LOG.error("booking event {} is a dead letter ({}): {}", eventId, id, reason);
    }

    /** Takes Exchange: the stored body becomes the message, its routing key the override header for the publish. */
    public String takeForReplay(@Header("id") String raw, Exchange exchange) {
        BrokerDeadLetters.Stored stored = letters.take(raw);
        exchange.getMessage().setHeader(SpringRabbitMQConstants.ROUTING_OVERRIDE_KEY, stored.routingKey() == null ? "" : stored.routingKey());
        return stored.body();
    }

    public Map<String, Object> markReplayed(@Header("id") String raw) {
        return letters.markReplayed(raw);
    }

    static String reason(Throwable cause) {
        String reason;
        if (cause == null) {
            reason = "unknown failure";
        } else if (cause instanceof InvalidBookingEvent invalid) {
            reason = "invalid event" + (invalid.field() == null ? "" : " (" + invalid.field() + ")") + ": " + invalid.getMessage();
        } else {
            reason = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        }
        return BrokerDeadLetters.bounded(reason);
    }
}
