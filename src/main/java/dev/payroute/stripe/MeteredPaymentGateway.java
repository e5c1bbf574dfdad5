package dev.payroute.stripe;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Times every call to the payment provider (payroute_stripe_calls_seconds, tagged with the operation and its
 * outcome: ok, or the kind of failure), around the real gateway: the count per outcome is the error count.
 */
public final class MeteredPaymentGateway implements PaymentGateway {

    private final PaymentGateway gateway;
    private final MeterRegistry registry;

    public MeteredPaymentGateway(PaymentGateway gateway, MeterRegistry registry) {
        this.gateway = gateway;
        this.registry = registry;
    }

    /** The outcome tag of a call that ended with this failure (null: it succeeded). */
    static String outcome(Throwable failure) {
        if (failure == null) {
            return "ok";
        }
        if (failure instanceof GatewayException.Transient) {
            return "transient";
        }
        if (failure instanceof GatewayException.Declined) {
            return "declined";
        }
        if (failure instanceof GatewayException.Rejected) {
            return "rejected";
        }
        return "error";
    }

    private <T> T timed(String operation, Supplier<T> call) {
        long start = System.nanoTime();
        Throwable failure = null;
        try {
            return call.get();
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            Timer.builder("payroute.stripe.calls").description("Calls to the payment provider, by operation and outcome")
                    .tag("operation", operation).tag("outcome", outcome(failure)).register(registry)
                    .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public IntentSnapshot createIntent(CreateIntent request, String idempotencyKey) {
        return timed("create_intent", () -> gateway.createIntent(request, idempotencyKey));
    }

    @Override
    public IntentSnapshot confirmIntent(String intentId, String paymentMethod, String returnUrl, String idempotencyKey) {
        return timed("confirm_intent", () -> gateway.confirmIntent(intentId, paymentMethod, returnUrl, idempotencyKey));
    }

    @Override
    public IntentSnapshot retrieveIntent(String intentId) {
        return timed("retrieve_intent", () -> gateway.retrieveIntent(intentId));
    }

    @Override
    public IntentSnapshot createHold(Hold hold, String idempotencyKey) {
        return timed("create_hold", () -> gateway.createHold(hold, idempotencyKey));
    }

    @Override
    public IntentSnapshot capture(String intentId, String idempotencyKey) {
        return timed("capture", () -> gateway.capture(intentId, idempotencyKey));
    }

    @Override
    public IntentSnapshot cancel(String intentId, String idempotencyKey) {
        return timed("cancel", () -> gateway.cancel(intentId, idempotencyKey));
    }

    @Override
    public String transfer(long amount, String currency, String destination, String transferGroup, String sourceCharge,
                           Map<String, String> metadata, String idempotencyKey) {
        return timed("transfer", () -> gateway.transfer(amount, currency, destination, transferGroup, sourceCharge, metadata,
                idempotencyKey));
    }

    @Override
    public RefundSnapshot refund(String intentId, Long amount, String reason, Map<String, String> metadata, String idempotencyKey) {
        return timed("refund", () -> gateway.refund(intentId, amount, reason, metadata, idempotencyKey));
    }

    @Override
    public RefundSnapshot retrieveRefund(String refundId) {
        return timed("retrieve_refund", () -> gateway.retrieveRefund(refundId));
    }

    @Override
    public Optional<ConnectAccount> connectAccount(String accountId) {
        return timed("connect_account", () -> gateway.connectAccount(accountId));
    }

    @Override
    public boolean livemode() {
        return gateway.livemode();
    }

    @Override
    public CheckoutSessionSnapshot createCheckoutSession(CheckoutSessionCreate request, String idempotencyKey) {
        return timed("create_checkout_session", () -> gateway.createCheckoutSession(request, idempotencyKey));
    }

    @Override
    public CheckoutSessionSnapshot retrieveCheckoutSession(String sessionId) {
        return timed("retrieve_checkout_session", () -> gateway.retrieveCheckoutSession(sessionId));
    }
}
