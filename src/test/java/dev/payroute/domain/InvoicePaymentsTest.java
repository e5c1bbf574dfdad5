package dev.payroute.domain;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class InvoicePaymentsTest {

    private static final UUID PAYMENT = UUID.randomUUID();

    @Test
    void only_a_payment_whose_money_is_held_now_pays_a_new_invoice_at_once() {
        for (PaymentStatus status : EnumSet.of(PaymentStatus.SUCCEEDED, PaymentStatus.RELEASED, PaymentStatus.PARTIALLY_REFUNDED)) {
            assertEquals(InvoicePayments.OnCreate.PAID_AT_ONCE, InvoicePayments.onCreate(PAYMENT, status), status.name());
        }
    }

    @Test
    void a_payment_not_captured_yet_or_disputed_leaves_the_new_invoice_a_draft() {
        for (PaymentStatus status : EnumSet.of(PaymentStatus.PENDING, PaymentStatus.REQUIRES_ACTION, PaymentStatus.PROCESSING,
                PaymentStatus.AUTHORIZED, PaymentStatus.FAILED, PaymentStatus.DISPUTED)) {
            assertEquals(InvoicePayments.OnCreate.DRAFT, InvoicePayments.onCreate(PAYMENT, status), status.name());
        }
    }

    @Test
    void a_refunded_or_canceled_payment_is_refused_naming_payment_id() {
        for (PaymentStatus status : EnumSet.of(PaymentStatus.REFUNDED, PaymentStatus.CANCELED)) {
            Refusal refusal = assertThrows(Refusal.class, () -> InvoicePayments.onCreate(PAYMENT, status));
            assertEquals(Refusal.Kind.CONFLICT, refusal.kind());
            assertEquals("payment_id", refusal.field());
            assertEquals("payment-" + status.name().toLowerCase(java.util.Locale.ROOT), refusal.type());
            assertEquals(status.name(), refusal.extensions().get("payment_status"));
        }
    }
}
