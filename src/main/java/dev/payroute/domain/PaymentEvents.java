package dev.payroute.domain;

/** The event type a payment publishes when it enters a status (one vocabulary for Kafka and RabbitMQ). */
public final class PaymentEvents {

    private PaymentEvents() {
    }

    /**
     * For escrow (manual capture) payments a cancellation or a full refund is the CampusG
     * "reverted", whoever reports it first (our revert call or Stripe's webhook).
     */
    public static String typeFor(PaymentStatus status, boolean escrow) {
        if (escrow && (status == PaymentStatus.CANCELED || status == PaymentStatus.REFUNDED)) {
            return "payment.reverted";
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
