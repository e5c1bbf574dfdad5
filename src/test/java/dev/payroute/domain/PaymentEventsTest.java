package dev.payroute.domain;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PaymentEventsTest {

    @Test
    void every_status_has_an_event_type() {
        for (PaymentStatus s : PaymentStatus.values()) {
            assertTrue(PaymentEvents.typeFor(s).startsWith("payment."), s.name());
        }
        assertEquals("payment.initiated", PaymentEvents.typeFor(PaymentStatus.PENDING));
        assertEquals("payment.requires_action", PaymentEvents.typeFor(PaymentStatus.REQUIRES_ACTION));
        assertEquals("payment.completed", PaymentEvents.typeFor(PaymentStatus.SUCCEEDED));
        assertEquals("payment.canceled", PaymentEvents.typeFor(PaymentStatus.CANCELED, false, null));
        assertEquals("payment.refunded", PaymentEvents.typeFor(PaymentStatus.REFUNDED, false, null));
    }

    @Test
    void escrow_events_follow_the_campusg_contract() {
        assertEquals("payment.authorized", PaymentEvents.typeFor(PaymentStatus.AUTHORIZED, true, null));
        assertEquals("payment.released", PaymentEvents.typeFor(PaymentStatus.RELEASED, true, "RELEASE"));
        assertEquals("payment.reverted", PaymentEvents.typeFor(PaymentStatus.CANCELED, true, "REVERT"), "a revert we asked for");
        assertEquals("payment.reverted", PaymentEvents.typeFor(PaymentStatus.REFUNDED, true, "REVERT"));
        assertEquals("payment.failed", PaymentEvents.typeFor(PaymentStatus.CANCELED, true, null), "a hold Stripe canceled on its own");
        assertEquals("payment.refunded", PaymentEvents.typeFor(PaymentStatus.REFUNDED, true, null), "a refund nobody reverted through us");
        assertEquals("payment.refunded", PaymentEvents.typeFor(PaymentStatus.PARTIALLY_REFUNDED, true, "REVERT"));
    }
}
