package dev.payroute.webhooks;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;

import java.util.List;

/**
 * Checks Stripe-Signature against the raw body with stripe-java's own verifier, accepting any
 * of the configured secrets so that a secret can be rotated without losing events.
 */
public final class WebhookSignatureVerifier {

    private final List<String> secrets;
    private final long toleranceSeconds;

    public WebhookSignatureVerifier(List<String> secrets, long toleranceSeconds) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one webhook signing secret is required");
        }
        this.secrets = List.copyOf(secrets);
        this.toleranceSeconds = toleranceSeconds;
    }

    /** @return null when the signature holds for one of the secrets, else why it does not */
    public String problem(String payload, String signatureHeader) {
        if (signatureHeader == null || signatureHeader.isBlank()) {
            return "the Stripe-Signature header is missing";
        }
        String last = null;
        for (String secret : secrets) {
            try {
                Webhook.Signature.verifyHeader(payload, signatureHeader, secret, toleranceSeconds);
                return null;
            } catch (SignatureVerificationException e) {
                last = e.getMessage();
            } catch (RuntimeException e) {
                // stripe-java throws NumberFormatException for a non-numeric timestamp
                return "the Stripe-Signature header is malformed";
            }
        }
        return "the Stripe-Signature does not verify: " + last;
    }

    public int secretCount() {
        return secrets.size();
    }

    public long toleranceSeconds() {
        return toleranceSeconds;
    }
}
