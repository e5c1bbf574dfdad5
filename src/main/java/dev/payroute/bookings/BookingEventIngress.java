package dev.payroute.bookings;

import com.rabbitmq.client.Channel;
import dev.payroute.RouteVariables;
import dev.payroute.domain.PaymentStatus;
import dev.payroute.domain.Refusal;
import dev.payroute.sql.Database;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.Variable;
import org.apache.camel.component.springrabbit.SpringRabbitMQConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * RabbitMQ booking events → the payment routes (routes/messaging/booking-events.camel.yaml). Parses and
 * checks each message, claims its event id in booking_events (so two deliveries never act at once), marks
 * it done in the database, and only then acks it on the channel it came from.
 */
public final class BookingEventIngress {

    /** Route variables. */
    public static final String EVENT = "bookingEvent";
    public static final String EVENT_ID = "bookingEventId";
    public static final String EVENT_TYPE = "bookingEventType";
    public static final String CLAIM = "bookingClaim";

    private static final Logger LOG = LoggerFactory.getLogger(BookingEventIngress.class);

    private final Database db;
    private final BookingEventSchema schema;
    private final int claimSeconds;

    public BookingEventIngress(Database db, BookingEventSchema schema, int claimSeconds) {
        this.db = db;
        this.schema = schema;
        this.claimSeconds = claimSeconds;
    }

    /**
     * Takes Exchange: the message's body and routing key become the event (variable bookingEvent, with its id
     * and type in variables bookingEventId and bookingEventType for the routes' choices and log lines), its
     * correlation id header, and what the payment routes read (operationId, request).
     */
    public void parse(Exchange exchange) {
        BookingEvent event = BookingEvent.parse(exchange.getMessage().getBody(byte[].class),
                exchange.getMessage().getHeader(SpringRabbitMQConstants.ROUTING_KEY, String.class), schema);
        exchange.setVariable(EVENT, event);
        exchange.setVariable(EVENT_ID, event.eventId());
        exchange.setVariable(EVENT_TYPE, event.type());
        exchange.getMessage().setHeader(RouteVariables.CORRELATION_ID, event.correlation());
        if (event.type().equals(BookingEvent.CREATED)) {
            exchange.setVariable(RouteVariables.OPERATION_ID, event.paymentId());
            exchange.setVariable(RouteVariables.REQUEST, event.paymentRequest());
        }
    }

    /**
     * Claims the event for this delivery: "claimed" to act on it, "done" when its effects are already
     * committed (a duplicate, to be acked only). Another delivery working on it right now is a
     * {@link BookingEventBusy}, tried again later.
     */
    public String claim(@Variable(EVENT) BookingEvent event) {
        Map<String, Object> params = new HashMap<>();
        params.put("eventId", event.eventId());
        params.put("eventType", event.type());
        params.put("bookingId", event.bookingId());
        params.put("guestId", event.guestId());
        params.put("correlationId", event.correlation());
        params.put("claimSeconds", claimSeconds);
        return db.inTransaction(() -> {
            if (db.queryOne("bookings/claim", params).isPresent()) {
                return "claimed";
            }
            Optional<Map<String, Object>> row = db.queryOne("bookings/select-status", Map.of("eventId", event.eventId()));
            if (row.isPresent() && "DONE".equals(row.get().get("status"))) {
                LOG.info("booking event {} was already processed: acked as a duplicate", event.eventId());
                return "done";
            }
            throw new BookingEventBusy(event.eventId());
        });
    }

    /** booking.created's branch: the event asks for a payment. */
    public boolean paymentRequired(@Variable(EVENT) BookingEvent event) {
        return event.paymentRequired();
    }

    /**
     * Takes Exchange: before the confirmation of the booking's payment, what payment-confirm reads: header id
     * (the payment), variable operationId (the confirmation's own id, from the event id) and variable request.
     */
    public void prepareConfirm(Exchange exchange) {
        BookingEvent event = exchange.getVariable(EVENT, BookingEvent.class);
        exchange.getMessage().setHeader("id", event.paymentId().toString());
        exchange.setVariable(RouteVariables.OPERATION_ID, event.confirmationId());
        exchange.setVariable(RouteVariables.REQUEST, event.confirmRequest());
    }

    /** After the payment routes: confirm at once only a payment still waiting for its method (not on a redelivery that finds it confirmed). */
    public boolean confirmNow(@Variable(EVENT) BookingEvent event, @org.apache.camel.Body Map<String, Object> payment) {
        return event.paymentMethod() != null && PaymentStatus.PENDING.name().equals(String.valueOf(payment.get("status")))
                && !bookingCancelled(event);
    }

    /**
     * Whether a booking.cancelled of this booking was claimed. A cancellation claims its event (committed) before
     * it looks for the booking's payments, and a booking.created creates its payment (committed) before it asks
     * this again, so a cancellation running alongside a creation, or one that came first (a created event
     * replayed from the dead letters, or waiting for a retry), is never missed: one of the two sees the other.
     */
    public boolean bookingCancelled(@Variable(EVENT) BookingEvent event) {
        return db.queryOne("bookings/cancellation-seen", Map.of("bookingId", event.bookingId()))
                .map(row -> ((Number) row.get("cancellations")).longValue() > 0).orElse(false);
    }

    /** Marks the event done (status DONE with what it did): the commit that precedes the ack. */
    public void finish(@Variable(EVENT) BookingEvent event, @Variable("bookingOutcome") String outcome) {
        Map<String, Object> params = new HashMap<>();
        params.put("eventId", event.eventId());
        params.put("outcome", outcome);
        params.put("paymentId", event.type().equals(BookingEvent.CREATED) && event.paymentRequired()
                ? event.paymentId().toString() : null);
        db.update("bookings/finish", params);
    }

    /** A payment refused by Stripe for good (e.g. the card was declined): recorded by the payment route, so the event is done. */
    public boolean declined(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable cause) {
        return cause instanceof Refusal refusal && refusal.kind() == Refusal.Kind.DECLINED;
    }

    /** Lets another delivery claim the event at once (after this one was dead-lettered or requeued). */
    public void release(@Variable(EVENT) BookingEvent event) {
        if (event != null) {
            db.update("bookings/release", Map.of("eventId", event.eventId()));
        }
    }

    /** The ack, after the commit. A channel lost meanwhile only means RabbitMQ delivers it again: a duplicate, acked then. */
    public void ack(@ExchangeProperty(SpringRabbitMQConstants.CHANNEL) Channel channel,
                    @Header(SpringRabbitMQConstants.DELIVERY_TAG) Long deliveryTag) {
        try {
            channel.basicAck(deliveryTag, false);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not ack booking event delivery {} ({}); RabbitMQ will deliver it again", deliveryTag, e.getMessage());
        }
    }

    /**
     * Gives the message back to RabbitMQ (nack with requeue): used when not even its dead letter could be
     * recorded (the database is down), after the redelivery policy's pauses, so it is not a busy loop.
     */
    public void requeue(@ExchangeProperty(SpringRabbitMQConstants.CHANNEL) Channel channel,
                        @Header(SpringRabbitMQConstants.DELIVERY_TAG) Long deliveryTag) {
        try {
            channel.basicNack(deliveryTag, false, true);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not requeue booking event delivery {} ({}); RabbitMQ will deliver it again", deliveryTag, e.getMessage());
        }
    }
}
