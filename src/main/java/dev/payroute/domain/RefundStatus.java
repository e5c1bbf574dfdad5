package dev.payroute.domain;

import java.util.Locale;

/**
 * A refund's status: PENDING until it is final (SUCCEEDED, FAILED or CANCELED). A final refund never
 * moves again, so a late or out-of-order report from Stripe (pending after succeeded) changes nothing.
 */
public enum RefundStatus {
    PENDING, SUCCEEDED, FAILED, CANCELED;

    public boolean isFinal() {
        return this != PENDING;
    }

    /** Whether the refund's amount counts against what the payment captured (reserved or paid out). */
    public boolean active() {
        return this == PENDING || this == SUCCEEDED;
    }

    /** Whether a report of {@code next} changes a refund that is in this status. */
    public boolean movesTo(RefundStatus next) {
        return this == PENDING && next != PENDING;
    }

    /**
     * Stripe's word for a refund's status in ours: pending and requires_action are PENDING (Stripe is
     * still at it, or waits for the customer's details); an unknown word is PENDING too, so that the
     * refund is read again rather than settled on a guess.
     */
    public static RefundStatus fromStripe(String status) {
        if (status == null) {
            return PENDING;
        }
        return switch (status.toLowerCase(Locale.ROOT)) {
            case "succeeded" -> SUCCEEDED;
            case "failed" -> FAILED;
            case "canceled", "cancelled" -> CANCELED;
            default -> PENDING;
        };
    }

    /** Stripe's word for this status (the event billing service's clients read Stripe's words). */
    public String stripeWord() {
        return name().toLowerCase(Locale.ROOT);
    }
}
