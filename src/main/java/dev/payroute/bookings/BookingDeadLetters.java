package dev.payroute.bookings;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payroute.deadletters.BrokerDeadLetters;
import dev.payroute.domain.Refusal;
import dev.payroute.json.Json;
import dev.payroute.sql.Database;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Variable;
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

    /**
     * The replay request's optional correction, {@code {"event": {...}}}: the booking event to publish instead of
     * the stored one (for an event that was dead because of what it said). Null for an empty request. Only a
     * booking event can be corrected; anything else in the body is refused before anything is replayed.
     */
    public JsonNode correction(@Body String request, @Variable("deadLetterSource") String source) {
        if (request == null || request.isBlank()) {
            return null;
        }
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(request);
        } catch (java.io.IOException e) {
            throw Refusal.badRequest("event", "the replay request is not JSON: send nothing, or {\"event\": {...}}");
        }
        if (body == null || !body.isObject() || body.size() != 1 || !body.path("event").isObject()) {
            throw Refusal.badRequest("event", "the replay request is empty or {\"event\": {...}} (the corrected booking event)");
        }
        if (!SOURCE.equals(source)) {
            throw Refusal.badRequest("event", "only a booking event (source rabbitmq) can be replayed with a correction");
        }
        return body.get("event");
    }

    /**
     * Takes Exchange: the stored body, or the admin's correction of it, becomes the message; its routing key the
     * override header for the publish. A correction keeps the stored event's id (so that an event which was in
     * fact processed is not processed twice) and is published under its own event_type; it is checked on receipt
     * like any delivery.
     */
    public String takeForReplay(@Header("id") String raw, @Variable("deadLetterCorrection") JsonNode correction, Exchange exchange) {
        BrokerDeadLetters.Stored stored = letters.take(raw);
        String routingKey = stored.routingKey() == null ? "" : stored.routingKey();
        String body = stored.body();
        if (correction != null) {
            String correctedId = correction.path("event_id").asText("");
            if (stored.eventId() != null && !stored.eventId().equals(correctedId)) {
                throw Refusal.unprocessable("event.event_id", "a correction keeps the dead event's id " + stored.eventId());
            }
            String type = correction.path("event_type").asText("");
            if (BookingEvent.CREATED.equals(type) || BookingEvent.CANCELLED.equals(type)) {
                routingKey = type;
            }
            body = Json.write(correction);
            LOG.info("dead letter {} (booking event {}) is replayed with a correction", stored.id(), correctedId);
        }
        exchange.getMessage().setHeader(SpringRabbitMQConstants.ROUTING_OVERRIDE_KEY, routingKey);
        return body;
    }

    public Map<String, Object> markReplayed(@Header("id") String raw, @Variable("deadLetterCorrection") JsonNode correction) {
        Map<String, Object> reply = letters.markReplayed(raw);
        reply.put("corrected", correction != null);
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
        return BrokerDeadLetters.bounded(reason);
    }
}
