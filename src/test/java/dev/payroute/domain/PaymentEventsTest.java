package dev.payroute.domain;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PaymentEventsTest {

    @Test
    void every_status_has_an_event_type_and_escrow_reverts_are_named_for_campusg() {
        for (PaymentStatus s : PaymentStatus.values()) {
            assertEquals(true, PaymentEvents.typeFor(s).startsWith("payment."), s.name());
        }
        assertEquals("payment.initiated", PaymentEvents.typeFor(PaymentStatus.PENDING));
        assertEquals("payment.completed", PaymentEvents.typeFor(PaymentStatus.SUCCEEDED));
        assertEquals("payment.authorized", PaymentEvents.typeFor(PaymentStatus.AUTHORIZED, true));
        assertEquals("payment.released", PaymentEvents.typeFor(PaymentStatus.RELEASED, true));
        assertEquals("payment.reverted", PaymentEvents.typeFor(PaymentStatus.CANCELED, true));
        assertEquals("payment.reverted", PaymentEvents.typeFor(PaymentStatus.REFUNDED, true));
        assertEquals("payment.canceled", PaymentEvents.typeFor(PaymentStatus.CANCELED, false));
        assertEquals("payment.refunded", PaymentEvents.typeFor(PaymentStatus.REFUNDED, false));
        assertEquals("payment.refunded", PaymentEvents.typeFor(PaymentStatus.PARTIALLY_REFUNDED, true));
    }
}
