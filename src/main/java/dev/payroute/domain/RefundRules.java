package dev.payroute.domain;

import java.util.EnumSet;
import java.util.Set;

/**
 * What may be refunded. A payment is refundable once captured and not yet fully refunded or disputed:
 * SUCCEEDED, RELEASED (the payee was paid; the platform refunds the customer from its own balance and the
 * transfer stays, an escrow revert being no longer possible) and PARTIALLY_REFUNDED. A DISPUTED payment is
 * not: the card network holds its money, and Stripe refuses refunds of disputed charges.
 */
public final class RefundRules {

    public static final Set<PaymentStatus> REFUNDABLE =
            EnumSet.of(PaymentStatus.SUCCEEDED, PaymentStatus.RELEASED, PaymentStatus.PARTIALLY_REFUNDED);

    public static final Set<String> REASONS = Set.of("duplicate", "fraudulent", "requested_by_customer");

    private RefundRules() {
    }

    /** What is left to refund: captured less the refunds that are reserved or paid out. */
    public static long refundable(long captured, long active) {
        return Math.max(0, captured - active);
    }

    /** Refuses a payment whose status cannot be refunded (409 naming the status). */
    public static void requireRefundable(String paymentId, PaymentStatus status) {
        if (!REFUNDABLE.contains(status)) {
            throw Refusal.conflict("payment-not-refundable", "a payment in status " + status + " cannot be refunded"
                            + (status == PaymentStatus.AUTHORIZED ? "; cancel or revert the hold instead" : ""))
                    .with("payment_id", paymentId)
                    .with("payment_status", status.name());
        }
    }

    /**
     * The amount to reserve: what was asked, or all that is left when nothing was asked. More than is left
     * (or nothing left at all) is refused with 409 over-refund, naming amount and what is refundable.
     */
    public static long amountToReserve(String paymentId, Long requested, long captured, long active) {
        long left = refundable(captured, active);
        long amount = requested == null ? left : requested;
        if (left <= 0 || amount > left) {
            throw new Refusal(Refusal.Kind.CONFLICT, "over-refund", left <= 0
                    ? "payment " + paymentId + " has nothing left to refund"
                    : "a refund of " + amount + " is more than the " + left + " left to refund", "amount")
                    .with("payment_id", paymentId)
                    .with("amount_captured", captured)
                    .with("amount_reserved_or_refunded", active)
                    .with("amount_refundable", left);
        }
        return amount;
    }

    /** Stripe's reason words only; null when absent. */
    public static String requireReason(String field, String reason) {
        if (reason != null && !REASONS.contains(reason)) {
            throw Refusal.unprocessable(field, field + " must be one of duplicate, fraudulent, requested_by_customer");
        }
        return reason;
    }
}
