package dev.payroute.escrow;

import dev.payroute.domain.PaymentStatus;
import dev.payroute.domain.Refusal;
import dev.payroute.payments.PaymentRow;

import java.util.EnumSet;
import java.util.Set;

/**
 * What an escrow payment may still become, decided from its row alone: a release or a revert decided
 * first rules out the other for good; a status that moved on rules out both. Refusals name the state that
 * won. No Camel, no database: the steps of EscrowOperations call these under the payment's row lock.
 */
final class EscrowRules {

    /** A hold not captured (or never confirmed): a revert cancels it. */
    private static final Set<PaymentStatus> CANCELABLE = EnumSet.of(PaymentStatus.PENDING, PaymentStatus.REQUIRES_ACTION,
            PaymentStatus.PROCESSING, PaymentStatus.AUTHORIZED, PaymentStatus.FAILED);

    private EscrowRules() {
    }

    static boolean cancelable(PaymentRow payment) {
        return CANCELABLE.contains(payment.status());
    }

    /**
     * The release is done: the payee was paid (RELEASED, or a refund or dispute since then moved the status on; the
     * transfer stands). A release asked again answers the payment as it is and calls nothing.
     */
    static boolean released(PaymentRow payment) {
        return payment.status() == PaymentStatus.RELEASED || payment.decided("RELEASE") && payment.transferId() != null;
    }

    static boolean reverted(PaymentRow payment) {
        return payment.status() == PaymentStatus.CANCELED || payment.status() == PaymentStatus.REFUNDED;
    }

    /**
     * Only an escrow hold (manual capture) is released or reverted: a payment captured at once is not held for
     * anyone, so it is never transferred to a payee; its money goes back by a refund.
     */
    static void requireEscrow(PaymentRow payment) {
        if (!payment.escrow()) {
            throw Refusal.conflict("payment-not-escrow", "payment " + payment.id() + " is not an escrow hold (it was captured"
                            + " at once); only escrow payments are released or reverted, and a refund gives its money back")
                    .with("payment_id", payment.id().toString()).with("payment_status", payment.status().name());
        }
    }

    static void requireReleasable(PaymentRow payment) {
        requireEscrow(payment);
        if (payment.decided("REVERT")) {
            throw decidedOtherwise(payment, "released", "reverted");
        }
        if (payment.status() != PaymentStatus.AUTHORIZED && payment.status() != PaymentStatus.SUCCEEDED) {
            throw Refusal.conflict("payment-not-releasable", "a payment in status " + payment.status() + " cannot be released")
                    .with("payment_id", payment.id().toString()).with("payment_status", payment.status().name());
        }
    }

    static void requireRevertible(PaymentRow payment) {
        requireEscrow(payment);
        if (payment.decided("RELEASE")) {
            throw decidedOtherwise(payment, "reverted", "released");
        }
        if (!cancelable(payment) && payment.status() != PaymentStatus.SUCCEEDED) {
            throw Refusal.conflict("payment-not-revertible", "a payment in status " + payment.status()
                    + " cannot be reverted" + (payment.status() == PaymentStatus.RELEASED ? "; the payee was paid: use a refund" : ""))
                    .with("payment_id", payment.id().toString()).with("payment_status", payment.status().name());
        }
    }

    private static Refusal decidedOtherwise(PaymentRow payment, String asked, String decided) {
        return Refusal.conflict("escrow-already-decided", "the order's payment is being " + decided
                        + " (decided first); it cannot be " + asked + " any more")
                .with("payment_id", payment.id().toString())
                .with("payment_status", payment.status().name())
                .with("escrow_decision", payment.escrowDecision());
    }
}
