package dev.payroute.devstack;

import dev.payroute.config.OfflineStripe;
import dev.payroute.stripe.standin.StripeStandIn;

/** The offline Stripe stand-in, started inside the service (found through META-INF/services). */
public final class InProcessStandIn implements OfflineStripe {

    @Override
    public Started start(int port, String webhookTargetUrl, String webhookSecret) {
        StripeStandIn standIn = StripeStandIn.start(new StripeStandIn.Options()
                .port(port)
                .webhookTargetUrl(webhookTargetUrl)
                .webhookSecret(webhookSecret));
        return new Started(standIn.baseUrl(), standIn, standIn::close);
    }
}
