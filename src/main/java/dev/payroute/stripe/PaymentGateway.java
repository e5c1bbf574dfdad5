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

    /** Whether this gateway talks to live money. */
    boolean livemode();
}
