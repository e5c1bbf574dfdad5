package dev.payroute.ops;

import dev.payroute.config.StripeSettings;
import dev.payroute.http.HttpReplies;
import dev.payroute.sql.Database;
import org.apache.camel.Exchange;

import java.util.LinkedHashMap;
import java.util.Map;

/** /health, /health/live and /health/ready. Readiness asks every dependency the service needs to work. */
public final class HealthChecks {

    private final Database db;
    private final String environment;
    private final StripeSettings stripe;

    public HealthChecks(Database db, String environment, StripeSettings stripe) {
        this.db = db;
        this.environment = environment;
        this.stripe = stripe;
    }

    public void health(Exchange exchange) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "healthy");
        body.put("service", "payroute");
        body.put("environment", environment);
        body.put("stripe_mode", stripe.mode().name().toLowerCase());
        HttpReplies.write(exchange, 200, "application/json", body);
    }

    public void live(Exchange exchange) {
        HttpReplies.write(exchange, 200, "application/json", Map.of("status", "alive"));
    }

    public void ready(Exchange exchange) {
        Map<String, Object> checks = new LinkedHashMap<>();
        checks.put("database", databaseUp() ? "up" : "down");
        boolean ready = checks.values().stream().allMatch("up"::equals);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ready ? "ready" : "not_ready");
        body.put("checks", checks);
        HttpReplies.write(exchange, ready ? 200 : 503, "application/json", body);
    }

    public void publishableKey(Exchange exchange) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("publishable_key", stripe.publishableKey());
        HttpReplies.write(exchange, 200, "application/json", body);
    }

    private boolean databaseUp() {
        try {
            return !db.query("health/ping", Map.of()).isEmpty();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
