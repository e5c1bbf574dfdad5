package dev.payroute.config;

import java.util.ServiceLoader;

/**
 * A Stripe stand-in started inside the service when it runs offline (no STRIPE_SECRET_KEY and no
 * STRIPE_API_BASE, outside production). The service's own jar has none: payroute-dev.jar provides
 * one through {@link ServiceLoader} for ./bin/run and the tests, so the production artifact started
 * without a key fails at start instead of running against a Stripe that is not there.
 */
public interface OfflineStripe {

    /** Starts a stand-in on the port (0: any free one) that posts its webhooks, signed with the secret, to the url. */
    Started start(int port, String webhookTargetUrl, String webhookSecret);

    /** A running stand-in: where stripe-java reaches it, the object bound as {@code stripeStandIn}, and how to stop it. */
    record Started(String apiBase, Object server, Runnable stop) {
    }

    /** The stand-in on the classpath, or a failure that says how to run without one. */
    static OfflineStripe find() {
        return ServiceLoader.load(OfflineStripe.class, OfflineStripe.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new IllegalStateException("STRIPE_SECRET_KEY is not set and this build has no"
                        + " built-in Stripe stand-in: set STRIPE_SECRET_KEY (sk_test_...), or point STRIPE_API_BASE"
                        + " at a Stripe stand-in (java -jar payroute-standin.jar --port 12111)"));
    }
}
