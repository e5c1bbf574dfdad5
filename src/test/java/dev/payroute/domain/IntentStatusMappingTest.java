package dev.payroute.domain;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IntentStatusMappingTest {

    @Test
    void stripe_intent_statuses_map_to_payment_statuses() {
        assertEquals(PaymentStatus.PENDING, IntentStatusMapping.toPaymentStatus("requires_payment_method", false));
        assertEquals(PaymentStatus.FAILED, IntentStatusMapping.toPaymentStatus("requires_payment_method", true));
        assertEquals(PaymentStatus.PENDING, IntentStatusMapping.toPaymentStatus("requires_confirmation", false));
        assertEquals(PaymentStatus.REQUIRES_ACTION, IntentStatusMapping.toPaymentStatus("requires_action", false));
        assertEquals(PaymentStatus.PROCESSING, IntentStatusMapping.toPaymentStatus("processing", false));
        assertEquals(PaymentStatus.AUTHORIZED, IntentStatusMapping.toPaymentStatus("requires_capture", false));
        assertEquals(PaymentStatus.SUCCEEDED, IntentStatusMapping.toPaymentStatus("succeeded", false));
        assertEquals(PaymentStatus.CANCELED, IntentStatusMapping.toPaymentStatus("canceled", false));
    }

    @Test
    void an_unknown_intent_status_is_an_error_not_a_guess() {
        assertThrows(IllegalArgumentException.class, () -> IntentStatusMapping.toPaymentStatus("weird", false));
    }
}
