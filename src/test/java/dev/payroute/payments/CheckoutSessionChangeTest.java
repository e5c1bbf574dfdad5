package dev.payroute.payments;

import dev.payroute.domain.PaymentStatus;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckoutSessionChangeTest {

    @Test
    void a_complete_and_paid_session_captures_what_it_took_with_its_intent() {
        PaymentChange change = PaymentChange.fromCheckoutSession("cs_1", "complete", "paid", 2499L, "pi_1", "webhook").orElseThrow();
        assertEquals(PaymentStatus.SUCCEEDED, change.target());
        assertEquals(2499L, change.amountReceived());
        assertEquals("pi_1", change.paymentIntentId());
        assertEquals("webhook", change.source());
    }

    @Test
    void an_expired_session_cancels_and_an_open_or_unpaid_one_changes_nothing() {
        assertEquals(PaymentStatus.CANCELED, PaymentChange.fromCheckoutSession("cs_1", "expired", "unpaid", 5L, null, "r")
                .orElseThrow().target());
        assertTrue(PaymentChange.fromCheckoutSession("cs_1", "open", "unpaid", 5L, null, "r").isEmpty());
        assertTrue(PaymentChange.fromCheckoutSession("cs_1", "complete", "unpaid", 5L, "pi_1", "r").isEmpty());
    }
}
