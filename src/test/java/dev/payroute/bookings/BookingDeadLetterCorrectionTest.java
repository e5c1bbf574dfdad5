package dev.payroute.bookings;

import dev.payroute.domain.Refusal;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The optional body of a dead letter's replay: nothing, or {"event": {...}} for a booking event. */
class BookingDeadLetterCorrectionTest {

    private final BookingDeadLetters letters = new BookingDeadLetters(null, null);

    @Test
    void an_empty_request_replays_the_stored_event() {
        assertNull(letters.correction(null, "rabbitmq"));
        assertNull(letters.correction("  ", "stripe"));
    }

    @Test
    void a_correction_is_the_event_object() {
        assertEquals("evt-1", letters.correction("{\"event\":{\"event_id\":\"evt-1\"}}", "rabbitmq").get("event_id").asText());
    }

    @Test
    void anything_else_is_refused_naming_event() {
        for (String body : new String[] {"not json", "[]", "{\"event\":\"x\"}", "{\"event\":{},\"extra\":1}", "{\"amount\":1}"}) {
            Refusal refusal = assertThrows(Refusal.class, () -> letters.correction(body, "rabbitmq"), body);
            assertEquals(Refusal.Kind.INVALID, refusal.kind(), body);
            assertEquals("event", refusal.field(), body);
        }
    }

    @Test
    void only_booking_events_can_be_corrected() {
        assertEquals(Refusal.Kind.INVALID, assertThrows(Refusal.class,
                () -> letters.correction("{\"event\":{\"id\":\"evt_1\"}}", "stripe")).kind());
        assertEquals(Refusal.Kind.INVALID, assertThrows(Refusal.class,
                () -> letters.correction("{\"event\":{\"id\":\"c-1\"}}", "kafka")).kind());
    }
}
