package dev.payroute.payments;

import dev.payroute.domain.PaymentStatus;
import dev.payroute.stripe.IntentSnapshot;

/**
 * A status change someone observed (the API, a webhook, reconciliation), with what came with
 * it. Null amounts and card fields mean "not known from this observation".
 */
public record PaymentChange(PaymentStatus target, String source, String reason, Long amountReceived,
                            Long amountRefunded, String cardBrand, String cardLast4, String failureCode,
                            String failureMessage, String paymentIntentId) {

    public PaymentChange(PaymentStatus target, String source, String reason, Long amountReceived, Long amountRefunded,
                         String cardBrand, String cardLast4, String failureCode, String failureMessage) {
        this(target, source, reason, amountReceived, amountRefunded, cardBrand, cardLast4, failureCode, failureMessage, null);
    }

    /** What the intent says; it also names the intent, for a reserved hold whose own answer has not been recorded yet. */
    public static PaymentChange fromIntent(IntentSnapshot intent, String source) {
        return new PaymentChange(intent.paymentStatus(), source, "intent " + intent.id() + " is " + intent.status(),
                intent.amountReceived(), null, intent.cardBrand(), intent.cardLast4(), intent.failureCode(),
                intent.failureMessage(), intent.id());
    }

    /**
     * What a Checkout Session's state says of its payment: complete and paid → SUCCEEDED, with what the session took
     * and its PaymentIntent (a refund is measured against them); expired → CANCELED; anything else nothing.
     */
    public static java.util.Optional<PaymentChange> fromCheckoutSession(String sessionId, String status, String paymentStatus,
                                                                       Long amountTotal, String paymentIntentId, String source) {
        if ("complete".equals(status) && "paid".equals(paymentStatus)) {
            return java.util.Optional.of(new PaymentChange(PaymentStatus.SUCCEEDED, source, "checkout session " + sessionId + " paid",
                    amountTotal, null, null, null, null, null, paymentIntentId));
        }
        if ("expired".equals(status)) {
            return java.util.Optional.of(to(PaymentStatus.CANCELED, source, "checkout session " + sessionId + " expired"));
        }
        return java.util.Optional.empty();
    }

    public static PaymentChange to(PaymentStatus target, String source, String reason) {
        return new PaymentChange(target, source, reason, null, null, null, null, null, null);
    }

    public PaymentChange withAmountRefunded(long refunded) {
        return new PaymentChange(target, source, reason, amountReceived, refunded, cardBrand, cardLast4,
                failureCode, failureMessage, paymentIntentId);
    }

    public PaymentChange withCard(String brand, String last4) {
        return new PaymentChange(target, source, reason, amountReceived, amountRefunded, brand, last4,
                failureCode, failureMessage, paymentIntentId);
    }
}
