package dev.payroute.webhooks;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;

import java.time.Clock;
import java.util.List;

/**
 * Checks Stripe-Signature against the raw body with stripe-java's own verifier, accepting any
 * of the configured secrets so that a secret can be rotated without losing events. The verifier
 * refuses a timestamp older than the tolerance; a signed timestamp further than the tolerance in
 * the future is refused here too (a clock that far off, or a signature made to be replayed later).
 */
public final class WebhookSignatureVerifier {

    private final List<String> secrets;
    private final long toleranceSeconds;
    private final Clock clock;

    public WebhookSignatureVerifier(List<String> secrets, long toleranceSeconds) {
        this(secrets, toleranceSeconds, Clock.systemUTC());
    }

    WebhookSignatureVerifier(List<String> secrets, long toleranceSeconds, Clock clock) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one webhook signing secret is required");
        }
        this.secrets = List.copyOf(secrets);
        this.toleranceSeconds = toleranceSeconds;
        this.clock = clock;
    }

    /** @return null when the signature holds for one of the secrets, else why it does not */
    public String problem(String payload, String signatureHeader) {
        if (signatureHeader == null || signatureHeader.isBlank()) {
            return "the Stripe-Signature header is missing";
        }
        String last = null;
        for (String secret : secrets) {
            try {
                Webhook.Signature.verifyHeader(payload, signatureHeader, secret, toleranceSeconds, clock);
                return signedTooFarAhead(signatureHeader);
            } catch (SignatureVerificationException e) {
                last = e.getMessage();
            } catch (RuntimeException e) {
                // stripe-java throws NumberFormatException for a non-numeric timestamp
                return "the Stripe-Signature header is malformed";
            }
        }
        return "the Stripe-Signature does not verify: " + last;
    }

    private String signedTooFarAhead(String signatureHeader) {
        long ahead = signedAt(signatureHeader) - clock.millis() / 1000;
        return ahead > toleranceSeconds
                ? "the Stripe-Signature timestamp is " + ahead + " s in the future (tolerance " + toleranceSeconds + " s)"
                : null;
    }

    /** The signed t= value, read as stripe-java reads it (the first t= item). */
    private static long signedAt(String signatureHeader) {
        for (String item : signatureHeader.split(",", -1)) {
            String[] pair = item.split("=", 2);
            if (pair.length == 2 && pair[0].equals("t")) {
                return Long.parseLong(pair[1]);
            }
        }
        throw new IllegalArgumentException("no t= in a verified Stripe-Signature");
    }

    public int secretCount() {
        return secrets.size();
    }

    public long toleranceSeconds() {
        return toleranceSeconds;
    }
}
