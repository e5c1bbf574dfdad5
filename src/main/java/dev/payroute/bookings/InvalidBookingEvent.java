package dev.payroute.bookings;

/**
 * A booking event that can never be processed as sent (not JSON, fails the schema, a value our own rules
 * refuse): dead-lettered at once, without redelivery. Names the event id when the message had one.
 */
public final class InvalidBookingEvent extends RuntimeException {

    private final String eventId;
    private final String field;

    public InvalidBookingEvent(String eventId, String field, String reason) {
        super(reason);
        this.eventId = eventId;
        this.field = field;
    }

    public String eventId() {
        return eventId;
    }

    public String field() {
        return field;
    }
}
