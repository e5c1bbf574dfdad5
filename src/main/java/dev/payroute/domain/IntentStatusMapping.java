package dev.payroute.domain;

/** Stripe PaymentIntent statuses in our words. */
public final class IntentStatusMapping {

    private IntentStatusMapping() {
    }

    /**
     * @param hasPaymentError whether the intent carries a last_payment_error: a declined
     *                        attempt puts the intent back to requires_payment_method.
     */
    public static PaymentStatus toPaymentStatus(String intentStatus, boolean hasPaymentError) {
        switch (intentStatus) {
            case "requires_payment_method":
                return hasPaymentError ? PaymentStatus.FAILED : PaymentStatus.PENDING;
            case "requires_confirmation":
                return PaymentStatus.PENDING;
            case "requires_action":
                return PaymentStatus.REQUIRES_ACTION;
            case "processing":
                return PaymentStatus.PROCESSING;
            case "requires_capture":
                return PaymentStatus.AUTHORIZED;
            case "succeeded":
                return PaymentStatus.SUCCEEDED;
            case "canceled":
                return PaymentStatus.CANCELED;
            default:
                throw new IllegalArgumentException("unknown PaymentIntent status " + intentStatus);
        }
    }
}
