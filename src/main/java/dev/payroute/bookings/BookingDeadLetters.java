package dev.payroute.bookings;

import dev.payroute.domain.Refusal;
import dev.payroute.security.DataCipher;
import dev.payroute.sql.Database;
import dev.payroute.webhooks.DeadLetters;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.component.springrabbit.SpringRabbitMQConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Booking events that cannot be processed: recorded in dead_letters (source rabbitmq, the body sealed,
 * as webhook payloads are, since a booking event names guests) before the message goes to the dead-letter
 * exchange with the reason in its headers; and published again to the bookings exchange on an admin's
 * replay.
 */
public final class BookingDeadLetters {

    public static final String SOURCE = "rabbitmq";
    /** Headers of a dead-lettered message. */
    public static final String REASON_HEADER = "x-payroute-dead-reason";
    public static final String EVENT_ID_HEADER = "x-payroute-event-id";
    public static final String DEAD_LETTER_ID_HEADER = "x-payroute-dead-letter-id";

    private static final Logger LOG = LoggerFactory.getLogger(BookingDeadLetters.class);
    private static final int MAX_REASON = 1000;

    private final Database db;
    private final DataCipher cipher;

    public BookingDeadLetters(Database db, DataCipher cipher) {
        this.db = db;
        this.cipher = cipher;
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
        Map<String, Object> params = new HashMap<>();
        params.put("source", SOURCE);
        params.put("reference", eventId != null ? eventId : "(no event id)");
        params.put("reason", reason);
        params.put("eventId", eventId);
        params.put("routingKey", routingKey);
        params.put("payloadSealed", cipher.seal(body == null ? "" : new String(body, StandardCharsets.UTF_8)));
        long id = db.inTransaction(() -> {
            if (eventId != null) {
                db.update("bookings/release", Map.of("eventId", eventId));
            }
            return ((Number) db.queryOne("deadletters/insert-message", params).orElseThrow().get("id")).longValue();
        });
        exchange.getMessage().setHeader(REASON_HEADER, reason);
        exchange.getMessage().setHeader(EVENT_ID_HEADER, eventId == null ? "" : eventId);
        exchange.getMessage().setHeader(DEAD_LETTER_ID_HEADER, Long.toString(id));
        exchange.getMessage().setHeader(SpringRabbitMQConstants.ROUTING_OVERRIDE_KEY, routingKey == null ? "" : routingKey);
        LOG.error("booking event {} is a dead letter ({}): {}", eventId, id, reason);
    }

    /** The stored body of a rabbitmq dead letter, for publishing again; its routing key goes into the override header. */
    public String takeForReplay(@Header("id") String raw, Exchange exchange) {
        long id = DeadLetters.id(raw);
        Map<String, Object> letter = db.queryOne("deadletters/select-message", Map.of("id", id))
                .filter(row -> SOURCE.equals(row.get("source")))
                .orElseThrow(() -> Refusal.notFound("no dead letter " + raw));
        if (letter.get("replayed_at") != null) {
            throw Refusal.conflict("not-replayable", "dead letter " + id + " was already replayed");
        }
        String routingKey = (String) letter.get("routing_key");
        exchange.getMessage().setHeader(SpringRabbitMQConstants.ROUTING_OVERRIDE_KEY, routingKey == null ? "" : routingKey);
        return cipher.open((String) letter.get("payload_sealed"));
    }

    /** Marks the dead letter replayed once its event is back on the bookings exchange. */
    public Map<String, Object> markReplayed(@Header("id") String raw) {
        long id = DeadLetters.id(raw);
        db.update("deadletters/mark-message-replayed", Map.of("id", id));
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("id", id);
        reply.put("source", SOURCE);
        reply.put("replayed", true);
        return reply;
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
        return reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason;
    }
}
