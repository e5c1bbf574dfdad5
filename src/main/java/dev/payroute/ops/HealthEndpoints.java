package dev.payroute.ops;

import dev.payroute.config.StripeSettings;
import dev.payroute.http.HttpReplies;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * /health, /health/live and /health/ready, answered from Camel's health-check registry: liveness from
 * its liveness checks (Camel's own: the context runs; no dependency's outage fails liveness, as a
 * restart would not bring it back), readiness from payroute's checks (group "payroute",
 * PayrouteHealthCheck). Each method takes the Exchange to answer with its own status code (200 or 503).
 */
public final class HealthEndpoints {

    private static final Map<String, Object> READINESS = Map.of(HealthCheck.CHECK_KIND, HealthCheck.Kind.READINESS);

    private final CamelContext context;
    private final String environment;
    private final StripeSettings stripe;

    public HealthEndpoints(CamelContext context, String environment, StripeSettings stripe) {
        this.context = context;
        this.environment = environment;
        this.stripe = stripe;
    }

    /** Liveness in the shape the CampusG probes expect. */
    public void health(Exchange exchange) {
        boolean alive = alive();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", alive ? "healthy" : "unhealthy");
        body.put("service", "payroute");
        body.put("environment", environment);
        body.put("stripe_mode", stripe.mode().name().toLowerCase(Locale.ROOT));
        HttpReplies.write(exchange, alive ? 200 : 503, "application/json", body);
    }

    public void live(Exchange exchange) {
        boolean alive = alive();
        HttpReplies.write(exchange, alive ? 200 : 503, "application/json", Map.of("status", alive ? "alive" : "down"));
    }

    /**
     * 200 "ready" when every payroute check is up; 200 "degraded" when only checks that degrade are
     * down (a broker); 503 "not_ready" when another is down (the database, the Kafka consumer not yet
     * subscribed). The outbox backlog is shown while the database answers.
     */
    public void ready(Exchange exchange) {
        Collection<HealthCheck.Result> results = HealthCheckHelper.invoke(context, check -> READINESS,
                check -> !PayrouteHealthCheck.GROUP.equals(check.getGroup()) || !check.isReadiness(), "full");
        Map<String, Object> checks = new LinkedHashMap<>();
        HealthCheck.Result outbox = null;
        boolean database = false;
        boolean ready = true;
        boolean degraded = false;
        for (HealthCheck.Result result : results) {
            String id = result.getCheck().getId();
            if (id.equals(OutboxHealthCheck.ID)) {
                outbox = result;
                continue;
            }
            database |= id.equals(DatabaseHealthCheck.ID) && result.getState() == HealthCheck.State.UP;
            checks.put(id.replace('-', '_'), word(result));
            if (result.getState() == HealthCheck.State.DOWN) {
                boolean onlyDegrades = PayrouteHealthCheck.DEGRADED.equals(
                        result.getCheck().getMetaData().get(PayrouteHealthCheck.WHEN_DOWN));
                degraded |= onlyDegrades;
                ready &= onlyDegrades;
            }
        }
        // No database result (health checks turned off) is never ready.
        ready &= database;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", !ready ? "not_ready" : degraded ? "degraded" : "ready");
        body.put("checks", checks);
        if (database) {
            body.put("outbox", outbox != null && outbox.getState() == HealthCheck.State.UP
                    ? outbox.getDetails().get(OutboxHealthCheck.BACKLOG) : "unavailable");
        }
        HttpReplies.write(exchange, ready ? 200 : 503, "application/json", body);
    }

    /** The Stripe publishable key for browser clients (public by design). */
    public Map<String, Object> publishableKey() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("publishable_key", stripe.publishableKey());
        return body;
    }

    private boolean alive() {
        return HealthCheckHelper.isResultsUp(HealthCheckHelper.invokeLiveness(context), false);
    }

    private static Object word(HealthCheck.Result result) {
        Object status = result.getDetails().get(PayrouteHealthCheck.STATUS);
        return status != null ? status : result.getState().name().toLowerCase(Locale.ROOT);
    }
}
