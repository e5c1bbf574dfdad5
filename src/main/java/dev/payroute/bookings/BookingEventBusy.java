package dev.payroute.bookings;

/**
 * Another delivery of the same booking event is being processed right now (a duplicate published twice,
 * taken by two consumers at once): this one waits and is tried again, and then finds the event done.
 */
public final class BookingEventBusy extends RuntimeException {

    public BookingEventBusy(String eventId) {
        super("booking event " + eventId + " is being processed by another delivery");
    }
}
