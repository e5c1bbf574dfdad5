package dev.payroute.stripe;

import java.util.Map;

/**
 * The provider behind payroute. Stripe is the one implementation; every mutating call
 * carries an idempotency key derived from our own operation id.
 */
public interface PaymentGateway {

    record CreateIntent(long amount, String currency, String description, String captureMethod,
                        String customer, Map<String, String> metadata) {
    }

    IntentSnapshot createIntent(CreateIntent request, String idempotencyKey);

    IntentSnapshot confirmIntent(String intentId, String paymentMethod, String returnUrl, String idempotencyKey);

    IntentSnapshot retrieveIntent(String intentId);

    /** An escrow hold: a manual-capture PaymentIntent confirmed at once with the customer's payment method. */
    record Hold(long amount, String currency, String description, String paymentMethod, String customer,
                String returnUrl, String transferGroup, Map<String, String> metadata) {
    }

    /** Creates and confirms a hold; a decline is answered with the declined intent, not thrown. */
    IntentSnapshot createHold(Hold hold, String idempotencyKey);

    IntentSnapshot capture(String intentId, String idempotencyKey);

    IntentSnapshot cancel(String intentId, String idempotencyKey);

    /** @return the Stripe transfer id */
    String transfer(long amount, String currency, String destination, String transferGroup, String sourceCharge,
                    Map<String, String> metadata, String idempotencyKey);

    /** A refund as Stripe reports it; status in Stripe's words (pending, succeeded, failed, canceled, requires_action). */
    record RefundSnapshot(String id, String status, long amount, String currency, String paymentIntentId,
                          String failureReason, Map<String, String> metadata) {
        public RefundSnapshot(String id, String status, long amount, String currency) {
            this(id, status, amount, currency, null, null, Map.of());
        }
    }

    /**
     * Refunds a PaymentIntent's charge.
     *
     * @param reason one of Stripe's words (duplicate, fraudulent, requested_by_customer); anything else is not sent
     */
    RefundSnapshot refund(String intentId, Long amount, String reason, Map<String, String> metadata, String idempotencyKey);

    /** Reads a refund from Stripe, as it is now. */
    RefundSnapshot retrieveRefund(String refundId);

    /**
     * A Connect account as far as paying it matters: whether it can receive transfers now, and whether it is this
     * platform's own account (which Stripe reads like any other but never takes a transfer to).
     */
    record ConnectAccount(String id, boolean canReceiveTransfers, boolean platform) {
    }

    /** The Connect account, or empty when Stripe does not know it (or it is not connected to this platform). */
    java.util.Optional<ConnectAccount> connectAccount(String accountId);

    /** A hosted Checkout Session's line: price_data of a one-time price. */
    record CheckoutLine(String name, long unitAmount, long quantity) {
    }

    /** A Checkout Session to create (mode payment); the metadata goes on the session and on its PaymentIntent. */
    record CheckoutSessionCreate(java.util.List<CheckoutLine> lines, String currency, String customerEmail, String successUrl,
                                 String cancelUrl, String clientReferenceId, Map<String, String> metadata) {
    }

    /** A Checkout Session as Stripe reports it: status open, complete or expired; payment_status paid, unpaid, ... */
    record CheckoutSessionSnapshot(String id, String status, String paymentStatus, String url, long expiresAt,
                                   String paymentIntentId, Long amountTotal, String currency, String customerEmail,
                                   boolean livemode, Map<String, String> metadata) {
    }

    CheckoutSessionSnapshot createCheckoutSession(CheckoutSessionCreate request, String idempotencyKey);

    CheckoutSessionSnapshot retrieveCheckoutSession(String sessionId);

    /** Whether this gateway talks to live money. */
    boolean livemode();
}
