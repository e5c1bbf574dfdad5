package dev.payroute.stripe;

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

    /** The provider refused the request as invalid or in the wrong state; retrying cannot help. */
    public static final class Rejected extends GatewayException {
        private final int providerStatus;

        public Rejected(String message, String code, int providerStatus, Throwable cause) {
            super(message, code, cause);
            this.providerStatus = providerStatus;
        }

        public int providerStatus() {
            return providerStatus;
        }
    }
}
