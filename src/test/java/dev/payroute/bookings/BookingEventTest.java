package dev.payroute.bookings;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The schema check and the parsing of booking events (no broker, no database). */
class BookingEventTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BookingEventSchema SCHEMA = BookingEventSchema.load();

    private static ObjectNode created() {
        ObjectNode e = JSON.createObjectNode();
        e.put("event_id", "evt-1");
        e.put("event_type", "booking.created");
        e.put("occurred_at", "2026-11-29T10:15:30Z");
        e.put("booking_id", "bk-1");
        e.put("guest_id", "guest-1");
        e.put("amount", 2500);
        e.put("currency", "eur");
        e.put("payment_required", true);
        return e;
    }

    private static ObjectNode cancelled() {
        ObjectNode e = JSON.createObjectNode();
        e.put("event_id", "evt-2");
        e.put("event_type", "booking.cancelled");
        e.put("occurred_at", "2026-11-29T10:15:30.123+01:00");
        e.put("booking_id", "bk-1");
        e.put("guest_id", "guest-1");
        return e;
    }

    private static BookingEvent parse(ObjectNode event, String routingKey) {
        return BookingEvent.parse(event.toString().getBytes(StandardCharsets.UTF_8), routingKey, SCHEMA);
    }

    private static InvalidBookingEvent refused(ObjectNode event) {
        return assertThrows(InvalidBookingEvent.class, () -> parse(event, event.path("event_type").asText(null)));
    }

    @Test
    void a_created_event_becomes_the_payment_request_of_its_booking() {
        ObjectNode json = created();
        json.put("payment_method", "pm_card_visa");
        json.put("description", "two nights");
        json.putObject("metadata").put("room", "12");
        BookingEvent event = parse(json, "booking.created");
        assertEquals("booking.created", event.type());
        assertEquals(2500, event.amount());
        assertEquals("eur", event.currency());
        assertTrue(event.paymentRequired());
        assertEquals("evt-1", event.correlation(), "without correlation_id the event id correlates");
        assertEquals("bk-1", event.paymentRequest().bookingId());
        assertEquals("guest-1", event.paymentRequest().guestId());
        assertEquals(Map.of("room", "12", "booking_event_id", "evt-1"), event.paymentRequest().metadata());
        assertNull(event.paymentRequest().eventId(), "event_id of a payment is a ticketed event, not the booking event");
        assertEquals("pm_card_visa", event.confirmRequest().paymentMethod());
    }

    @Test
    void ids_derive_from_the_event_id_so_a_redelivery_is_the_same_operation() {
        BookingEvent a = parse(created(), "booking.created");
        BookingEvent b = parse(created(), "booking.created");
        assertEquals(a.paymentId(), b.paymentId());
        assertEquals(a.confirmationId(), b.confirmationId());
        assertNotEquals(a.paymentId(), a.confirmationId());
        ObjectNode other = created();
        other.put("event_id", "evt-other");
        assertNotEquals(a.paymentId(), parse(other, null).paymentId());
    }

    @Test
    void a_correlation_id_sent_with_the_event_is_used() {
        ObjectNode json = cancelled();
        json.put("correlation_id", "corr-9");
        json.put("reason", "guest asked");
        BookingEvent event = parse(json, "booking.cancelled");
        assertEquals("corr-9", event.correlation());
        assertEquals("guest asked", event.reason());
    }

    @Test
    void the_schema_refuses_missing_and_mistyped_fields_and_unknown_ones() {
        for (String field : new String[] {"event_id", "occurred_at", "booking_id", "guest_id", "amount", "currency", "payment_required"}) {
            ObjectNode json = created();
            json.remove(field);
            InvalidBookingEvent invalid = refused(json);
            assertTrue(invalid.getMessage().contains(field), field + ": " + invalid.getMessage());
        }
        ObjectNode decimal = created();
        decimal.put("amount", 25.5);
        assertTrue(refused(decimal).getMessage().contains("amount"));
        ObjectNode zero = created();
        zero.put("amount", 0);
        refused(zero);
        ObjectNode flag = created();
        flag.put("payment_required", "yes");
        refused(flag);
        ObjectNode upper = created();
        upper.put("currency", "EUR");
        refused(upper);
        ObjectNode extra = created();
        extra.put("total", 1);
        String extraReason = refused(extra).getMessage();
        assertTrue(extraReason.contains("total"), extraReason);
        ObjectNode cancelExtra = cancelled();
        cancelExtra.put("amount", 100);
        refused(cancelExtra);
        ObjectNode type = created();
        type.put("event_type", "booking.updated");
        refused(type);
        ObjectNode when = created();
        when.put("occurred_at", "yesterday");
        refused(when);
        ObjectNode method = created();
        method.put("payment_method", "4242424242424242");
        refused(method);
        ObjectNode reserved = created();
        reserved.putObject("metadata").put("payroute_payment_id", "x");
        refused(reserved);
        assertEquals("evt-1", refused(extra).eventId(), "the event id is kept for the dead letter");
    }

    @Test
    void payroute_rules_apply_after_the_schema() {
        ObjectNode card = created();
        card.put("description", "card 4242 4242 4242 4242");
        InvalidBookingEvent cardRefused = refused(card);
        assertEquals("description", cardRefused.field());
        assertFalse(cardRefused.getMessage().contains("4242"), cardRefused.getMessage());
        ObjectNode metaCard = created();
        metaCard.putObject("metadata").put("note", "4000056655665556");
        refused(metaCard);
        ObjectNode nul = created();
        nul.put("guest_id", "g\u0000");
        refused(nul);
        ObjectNode unknownCurrency = created();
        unknownCurrency.put("currency", "xyz");
        assertEquals("currency", refused(unknownCurrency).field());
        ObjectNode tooMuch = created();
        tooMuch.put("amount", 100_000_000L);
        refused(tooMuch);
    }

    @Test
    void a_body_that_is_not_a_json_object_or_does_not_match_its_routing_key_is_refused() {
        assertThrows(InvalidBookingEvent.class, () -> BookingEvent.parse("nope".getBytes(StandardCharsets.UTF_8), null, SCHEMA));
        assertThrows(InvalidBookingEvent.class, () -> BookingEvent.parse("[1]".getBytes(StandardCharsets.UTF_8), null, SCHEMA));
        assertThrows(InvalidBookingEvent.class, () -> BookingEvent.parse(new byte[0], null, SCHEMA));
        // One JSON object per message: content after it, or a name given twice (whose last value a lenient reader
        // would take), is not read at all.
        String valid = created().toString();
        for (String body : new String[] {valid + "{\"x\":1}", valid + " 1",
                valid.substring(0, valid.length() - 1) + ",\"amount\":100}"}) {
            InvalidBookingEvent refused = assertThrows(InvalidBookingEvent.class,
                    () -> BookingEvent.parse(body.getBytes(StandardCharsets.UTF_8), "booking.created", SCHEMA), body);
            assertEquals("the message is not JSON", refused.getMessage());
        }
        InvalidBookingEvent mismatch = assertThrows(InvalidBookingEvent.class, () -> parse(created(), "booking.cancelled"));
        assertEquals("event_type", mismatch.field());
    }

    @Test
    void dead_letter_reasons_name_the_field_and_are_bounded() {
        assertEquals("invalid event (amount): bad", BookingDeadLetters.reason(new InvalidBookingEvent("e", "amount", "bad")));
        assertTrue(BookingDeadLetters.reason(new IllegalStateException("x".repeat(5000))).length() <= 1000);
        assertEquals("unknown failure", BookingDeadLetters.reason(null));
    }
}
