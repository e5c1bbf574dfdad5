package dev.payroute.domain;

/** The event type a payment publishes when it enters a status (one vocabulary for Kafka and RabbitMQ). */
public final class PaymentEvents {

    private PaymentEvents() {
    }

    /**
     * For escrow (manual capture) payments, the CampusG contract: a cancellation or full refund that a
     * revert decided is "reverted", whoever reports it first (our call or Stripe's webhook); a hold that
     * Stripe canceled on its own (expired, canceled elsewhere) is "failed".
     *
     * @param escrowDecision RELEASE, REVERT or null (payments.escrow_decision)
     */
    public static String typeFor(PaymentStatus status, boolean escrow, String escrowDecision) {
        if (escrow && "REVERT".equals(escrowDecision) && (status == PaymentStatus.CANCELED || status == PaymentStatus.REFUNDED)) {
            return "payment.reverted";
        }
        if (escrow && status == PaymentStatus.CANCELED) {
            return "payment.failed";
        }
        return typeFor(status);
    }

    public static String typeFor(PaymentStatus status) {
        switch (status) {
            case PENDING: return "payment.initiated";
            case REQUIRES_ACTION: return "payment.requires_action";
            case PROCESSING: return "payment.processing";
            case AUTHORIZED: return "payment.authorized";
            case SUCCEEDED: return "payment.completed";
            case RELEASED: return "payment.released";
            case CANCELED: return "payment.canceled";
            case FAILED: return "payment.failed";
            case PARTIALLY_REFUNDED:
            case REFUNDED: return "payment.refunded";
            case DISPUTED: return "payment.disputed";
            default: throw new IllegalArgumentException(status.name());
        }
    }
}
