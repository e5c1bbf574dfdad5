package dev.payroute.stripe;

import dev.payroute.domain.IntentStatusMapping;
import dev.payroute.domain.PaymentStatus;

/**
 * What payroute keeps of a PaymentIntent. The client secret is carried only so the
 * creating caller can be given it; it is never stored in a row or logged.
 */
public record IntentSnapshot(
        String id,
        String status,
        long amount,
        long amountReceived,
        long amountCapturable,
        String currency,
        String clientSecret,
        String cardBrand,
        String cardLast4,
        String nextActionType,
        String nextActionUrl,
        String failureCode,
        String declineCode,
        String failureMessage,
        boolean livemode,
        String latestChargeId) {

    public PaymentStatus paymentStatus() {
        return IntentStatusMapping.toPaymentStatus(status, failureCode != null);
    }

    @Override
    public String toString() {
        return "IntentSnapshot[id=" + id + ", status=" + status + ", amount=" + amount + " " + currency + "]";
    }
}
