package dev.payroute.webhooks;

import dev.payroute.config.StripeSettings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Webhook configuration for admins: how many secrets are set, never what they are. */
public final class WebhookDebug {

    static final List<String> PATHS = List.of("/api/v1/webhooks/stripe", "/api/webhook/", "/api/v1/payment/webhook/stripe",
            "/stripe-webhook", "/api/stripe-webhook");

    private final WebhookSignatureVerifier verifier;
    private final WebhookStats stats;
    private final StripeSettings stripe;
    private final boolean allowUnsigned;
    private final String publicUrl;

    public WebhookDebug(WebhookSignatureVerifier verifier, WebhookStats stats, StripeSettings stripe,
                        boolean allowUnsigned, String publicUrl) {
        this.verifier = verifier;
        this.stats = stats;
        this.stripe = stripe;
        this.allowUnsigned = allowUnsigned;
        this.publicUrl = publicUrl;
    }

    public Map<String, Object> debug() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("endpoint_url", publicUrl);
        body.put("paths", PATHS);
        body.put("stripe_mode", stripe.mode().name().toLowerCase());
        body.put("webhook_secrets_configured", verifier.secretCount());
        body.put("signature_tolerance_seconds", verifier.toleranceSeconds());
        body.put("unsigned_development_bypass", allowUnsigned);
        body.put("counters", stats.snapshot());
        body.put("last_event", stats.lastEvent());
        return body;
    }
}
