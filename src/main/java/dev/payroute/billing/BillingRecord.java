package dev.payroute.billing;

import java.util.UUID;

/**
 * One money movement for the audit trail (table billing_records, append-only). Ids that do not apply are
 * null; amount is in minor units of currency; actor is who caused it (see {@link BillingRecords}).
 */
public record BillingRecord(Kind kind, UUID paymentId, UUID invoiceId, String refundId, String bookingId,
                            String guestId, String userId, long amount, String currency, String actor,
                            String correlationId) {

    /** The currency of credits movements: ISO 4217's code for transactions where no currency is involved. */
    public static final String CREDITS = "xxx";

    /** What moved; the table's CHECK lists the same words. */
    public enum Kind {
        PAYMENT_AUTHORIZED, PAYMENT_CAPTURED, PAYMENT_FAILED, PAYMENT_CANCELED, PAYMENT_TRANSFERRED, PAYMENT_REFUNDED,
        INVOICE_ISSUED, INVOICE_PAID,
        /** Credits movements: amount in credits, currency {@link #CREDITS} (ISO 4217's "no currency"). */
        CREDITS_GRANTED, CREDITS_SPENT, CREDITS_RETURNED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public BillingRecord {
        if (kind == null || currency == null || actor == null || actor.isBlank() || amount < 0) {
            throw new IllegalArgumentException("a billing record needs a kind, a currency, an actor and an amount >= 0");
        }
    }
}
