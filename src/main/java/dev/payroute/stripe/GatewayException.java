package dev.payroute.stripe;

import java.util.Map;

/** A call to the payment provider that did not succeed. */
public abstract class GatewayException extends RuntimeException {

    private final String code;

    protected GatewayException(String message, String code, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** Network trouble, 5xx, 429 or a concurrent idempotent request: the same call may succeed later. */
    public static final class Transient extends GatewayException {
        public Transient(String message, String code, Throwable cause) {
            super(message, code, cause);
        }
    }

    /** The card was declined or needs another payment method; retrying the same call cannot help. */
    public static final class Declined extends GatewayException {
        private final String declineCode;
        private final IntentSnapshot intent;

        public Declined(String message, String code, String declineCode, IntentSnapshot intent, Throwable cause) {
            super(message, code, cause);
            this.declineCode = declineCode;
            this.intent = intent;
        }

        public String declineCode() {
            return declineCode;
        }

        public IntentSnapshot intent() {
            return intent;
        }
    }

    /**
     * The provider refused the request as invalid or in the wrong state; retrying cannot help. When Stripe
     * names a parameter (invalid_request_error with a param) and that value came from the caller, the
     * rejection is the caller's mistake: {@link #field()} names the caller's own field and {@link #reason()}
     * says what was wrong with it, for HTTP (422) and for Kafka refusals alike.
     */
    public static final class Rejected extends GatewayException {
        /** Our words for what Stripe refused, by Stripe's parameter; other parameters read invalid_<param>. */
        private static final Map<String, String> REASONS = Map.of(
                "payment_method", "invalid_payment_method",
                "customer", "invalid_stripe_customer_id",
                "currency", "invalid_currency",
                "amount", "invalid_amount");

        private final int providerStatus;
        private final String param;
        private final String field;

        public Rejected(String message, String code, int providerStatus, Throwable cause) {
            this(message, code, providerStatus, null, null, cause);
        }

        /** @param param the request parameter Stripe names as wrong, when it names one */
        public Rejected(String message, String code, int providerStatus, String param, Throwable cause) {
            this(message, code, providerStatus, param, null, cause);
        }

        private Rejected(String message, String code, int providerStatus, String param, String field, Throwable cause) {
            super(message, code, cause);
            this.providerStatus = providerStatus;
            this.param = param;
            this.field = field;
        }

        public int providerStatus() {
            return providerStatus;
        }

        /** Stripe's name of the parameter it refused, or null. */
        public String param() {
            return param;
        }

        /** The caller's field whose value Stripe refused; null when the rejection is not the caller's mistake. */
        public String field() {
            return field;
        }

        /** Machine-readable: invalid_payment_method, invalid_stripe_customer_id, ...; null unless the caller's. */
        public String reason() {
            return field == null ? null : REASONS.getOrDefault(param, "invalid_" + param.replaceAll("[^A-Za-z0-9]+", "_"));
        }

        /**
         * The same rejection as the caller's mistake in their field. Its message is ours: Stripe's may repeat
         * the value the caller sent.
         */
        public Rejected blaming(String callerField) {
            return blaming(callerField, null);
        }

        /** As {@link #blaming(String)}, saying what was sent when it was computed from the field (computedValue). */
        public Rejected blaming(String callerField, String computedValue) {
            String message = (computedValue == null ? callerField : callerField + ": " + computedValue)
                    + " was refused by the payment provider" + (code() == null ? "" : " (" + code() + ")");
            return new Rejected(message, code(), providerStatus, param, callerField, getCause());
        }
    }
}
