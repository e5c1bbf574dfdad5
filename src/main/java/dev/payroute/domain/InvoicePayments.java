package dev.payroute.domain;

import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/**
 * What the status of its payment means for an invoice created with payment_id (README "Invoices", "Paid with
 * its payment"). Paid at once only while the payment's money is held; refused when the payment can never pay
 * it (all refunded, or canceled: both final); otherwise a draft that the payment's capture pays later (a
 * payment not yet captured, or a disputed one, paid if the dispute is won and the payment is SUCCEEDED again).
 */
public final class InvoicePayments {

    public enum OnCreate { PAID_AT_ONCE, DRAFT }

    /** Captured and held now: not all refunded, not taken back by a dispute. */
    private static final Set<PaymentStatus> MONEY_HELD = EnumSet.of(PaymentStatus.SUCCEEDED, PaymentStatus.RELEASED,
            PaymentStatus.PARTIALLY_REFUNDED);

    private InvoicePayments() {
    }

    /** The invoice's fate at creation; a payment that can never pay it is refused (409, field payment_id). */
    public static OnCreate onCreate(UUID paymentId, PaymentStatus status) {
        if (MONEY_HELD.contains(status)) {
            return OnCreate.PAID_AT_ONCE;
        }
        if (status == PaymentStatus.REFUNDED) {
            throw refused("payment-refunded", "payment " + paymentId
                    + " is REFUNDED: all its money went back to the customer, so it can never pay this invoice", status);
        }
        if (status == PaymentStatus.CANCELED) {
            throw refused("payment-canceled", "payment " + paymentId
                    + " is CANCELED: it was never captured and never will be, so it can never pay this invoice", status);
        }
        return OnCreate.DRAFT;
    }

    private static Refusal refused(String type, String detail, PaymentStatus status) {
        return new Refusal(Refusal.Kind.CONFLICT, type, detail, "payment_id").with("payment_status", status.name());
    }
}
