package dev.payroute.stripe;

import java.util.UUID;

/** Stripe idempotency keys derived from our operation ids, so a retried call is the same call. */
public final class StripeIdempotencyKeys {

    private StripeIdempotencyKeys() {
    }

    public static String of(String operation, UUID operationId) {
        return "payroute-" + operation + "-" + operationId;
    }
}
