package dev.payroute.domain;

/** The one set of payment statuses; the API shows exactly these names. */
public enum PaymentStatus {
    PENDING,
    REQUIRES_ACTION,
    PROCESSING,
    /** Held with manual capture, not yet captured. */
    AUTHORIZED,
    /** Captured. */
    SUCCEEDED,
    /** Captured and transferred to the payee. */
    RELEASED,
    /** Authorisation voided before capture. */
    CANCELED,
    FAILED,
    PARTIALLY_REFUNDED,
    REFUNDED,
    DISPUTED;

    /** A status from which no further change is expected without a new money movement. */
    public boolean isFinal() {
        return this == CANCELED || this == REFUNDED;
    }

    /** Statuses that reconciliation should ask Stripe about when they linger. */
    public boolean isUnsettled() {
        return this == PENDING || this == REQUIRES_ACTION || this == PROCESSING;
    }

    /** Money has been captured from the customer. */
    public boolean isCaptured() {
        return this == SUCCEEDED || this == RELEASED || this == PARTIALLY_REFUNDED
                || this == REFUNDED || this == DISPUTED;
    }
}
