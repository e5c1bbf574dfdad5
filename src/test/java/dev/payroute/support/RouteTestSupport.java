package dev.payroute.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.payroute.stripe.standin.StripeStandIn;
import org.apache.camel.BeanInject;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.TestInstance;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Route tests run the whole service as Camel Main runs it: the routes in routes/, the real
 * local PostgreSQL (a database of this test JVM's own, see TestRun) and the offline Stripe stand-in reached by
 * stripe-java over HTTP. Tests talk to it over HTTP like any client.
 */
@CamelMainTest(properties = {
        "camel.server.host=127.0.0.1",
        "payroute.database.pool-size=6",
        "payroute.standin.port=0",
        "payroute.api-keys=" + RouteTestSupport.PAYMENTS_KEY + ":payments," + RouteTestSupport.ADMIN_KEY + ":admin,"
                + RouteTestSupport.OTHER_PAYMENTS_KEY + ":payments:" + RouteTestSupport.OTHER_PAYMENTS_KEY_NAME,
        "payroute.data-keys=test:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
        "payroute.stripe.secret-key=",
        "payroute.stripe.webhook-secrets=" + RouteTestSupport.WEBHOOK_SECRET + "," + RouteTestSupport.OLD_WEBHOOK_SECRET,
        "payroute.webhooks.retry.maximum-redeliveries=3",
        "payroute.webhooks.retry.redelivery-delay-ms=50",
        "payroute.webhooks.retry.maximum-redelivery-delay-ms=400",
        "payroute.webhooks.sweep-period-ms=1000",
        "payroute.webhooks.lease-seconds=2",
        "payroute.reconciliation.period-ms=1000",
        "payroute.reconciliation.age-seconds=2",
        "payroute.reconciliation.recheck-seconds=2",
        "payroute.verifications.archive-dir=target/verification-archive",
        "payroute.verifications.archive-period-ms=500",
        "payroute.stripe.read-timeout-ms=1500",
        "payroute.stripe.retry.maximum-redeliveries=4",
        "payroute.stripe.retry.redelivery-delay-ms=100",
        "payroute.stripe.retry.maximum-redelivery-delay-ms=1000",
        "payroute.idempotency.lease-seconds=30",
        "payroute.escrow.sweep-period-ms=500",
        "payroute.escrow.retry-base-seconds=1",
        "payroute.bookings.maximum-redeliveries=2",
        "payroute.bookings.redelivery-delay-ms=50",
        "payroute.bookings.maximum-redelivery-delay-ms=200",
        "payroute.bookings.claim-seconds=5",
        "payroute.refunds.sweep-period-ms=500",
        "payroute.refunds.retry-base-seconds=1",
        "payroute.refunds.retry-max-seconds=2",
        "payroute.metrics.token=" + RouteTestSupport.METRICS_TOKEN,
})
@org.junit.jupiter.api.Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class RouteTestSupport {

    static {
        // Before any Camel context starts: the outbox relay publishes to the test Kafka broker and RabbitMQ exchange.
        TestBrokers.useInRouteTests();
    }

    /** This JVM's port for the service under test (TestRun; set as camel.server.port by TestBrokers). */
    public static final int PORT = TestRun.httpPort();
    public static final String PAYMENTS_KEY = "test-payments-key-0001";
    public static final String OTHER_PAYMENTS_KEY = "test-payments-key-0002";
    /** OTHER_PAYMENTS_KEY is a named key (PAYROUTE_API_KEYS key:scope:name); the others are not. */
    public static final String OTHER_PAYMENTS_KEY_NAME = "front-desk";
    public static final String ADMIN_KEY = "test-admin-key-000001";
    public static final String WEBHOOK_SECRET = "whsec_route_tests";
    /** The Prometheus scraper's bearer token (PAYROUTE_METRICS_TOKEN): /metrics only. */
    public static final String METRICS_TOKEN = "test-metrics-token-0001";
    public static final String OLD_WEBHOOK_SECRET = "whsec_route_tests_previous";
    public static final ObjectMapper JSON = new ObjectMapper();

    @BeanInject("stripeStandIn")
    protected StripeStandIn standIn;

    @BeanInject("dataSource")
    protected DataSource dataSource;

    /**
     * Each test class starts from empty tables, so that background work (reconciliation, the
     * sweeper) sees only this class's payments. Runs before the class's Camel context starts.
     */
    @org.junit.jupiter.api.BeforeAll
    void startFromEmptyTables() {
        try (Connection c = TestRun.connect();
             java.sql.Statement st = c.createStatement()) {
            st.execute("TRUNCATE payments, payment_transitions, outbox, idempotency_keys, webhook_events,"
                    + " camel_messageprocessed, dead_letters, verification_records, refunds, checkout_sessions,"
                    + " booking_events, storefront_carts, orders");
        } catch (SQLException e) {
            // 3D000: no database yet, 42P01: not migrated yet: the context start creates both, empty.
            if (!"3D000".equals(e.getSQLState()) && !"42P01".equals(e.getSQLState())) {
                throw new AssertionError(e);
            }
        }
    }

    protected final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public record Reply(int status, String contentType, String body, HttpResponse<String> raw) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    protected Reply get(String path, String apiKey) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + path)).GET();
        if (apiKey != null) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        return send(b);
    }

    protected Reply post(String path, String apiKey, String body, String idempotencyKey) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body));
        if (apiKey != null) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        return send(b);
    }

    /** Posts a Stripe event to a webhook path, signed with the given secret (null: no signature). */
    protected Reply postWebhook(String path, String payload, String signature) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + path))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(payload));
        if (signature != null) {
            b.header("Stripe-Signature", signature);
        }
        return send(b);
    }

    protected Reply postWebhook(String payload) {
        return postWebhook("/api/v1/webhooks/stripe", payload, StripeEvents.sign(payload, WEBHOOK_SECRET));
    }

    /** Status of a stored event once its processing has finished (PROCESSED, IGNORED or DEAD). */
    protected String awaitWebhookDone(String stripeEventId) {
        await("webhook " + stripeEventId + " is processed", () -> {
            String status = queryString("SELECT status FROM webhook_events WHERE stripe_event_id = ?", stripeEventId);
            return status != null && !status.equals("RECEIVED");
        });
        return queryString("SELECT status FROM webhook_events WHERE stripe_event_id = ?", stripeEventId);
    }

    protected String paymentStatus(String paymentId) {
        return queryString("SELECT status FROM payments WHERE id = ?", java.util.UUID.fromString(paymentId));
    }

    /** Creates a payment through the API; returns its JSON. */
    protected JsonNode createPayment(String orderId, long amount) {
        Reply created = post("/api/v1/payments", PAYMENTS_KEY, paymentJson(orderId, amount), null);
        if (created.status() != 201) {
            throw new AssertionError("create failed: " + created.body());
        }
        return created.json();
    }

    protected Reply send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> r = http.send(builder.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), r);
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    protected long count(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    protected void execute(String sql) {
        try (Connection c = dataSource.getConnection(); java.sql.Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    protected String queryString(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Row counts of every table a request could touch; equal snapshots mean nothing changed.
     * Transitions observed by webhooks and reconciliation in the background are left out.
     */
    protected String tableSnapshot() {
        return count("SELECT count(*) FROM payments") + "/"
                + count("SELECT count(*) FROM payment_transitions WHERE source = 'api'") + "/"
                + count("SELECT count(*) FROM outbox") + "/" + count("SELECT count(*) FROM idempotency_keys") + "/"
                + count("SELECT coalesce(sum(version), 0) FROM payments");
    }

    /**
     * A request refused with this status and field (problem+json) before any side effect: no row changed
     * and no call to Stripe. Returns the reply for further checks.
     */
    protected Reply assertRefusedBeforeAnySideEffect(int status, String field, Supplier<Reply> request) {
        String before = tableSnapshot();
        int stripeCalls = standIn.requestCount("POST", "/v1/");
        Reply r = request.get();
        assertEquals(status, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        assertEquals(field, r.json().get("field").asText(), r.body());
        assertEquals(before, tableSnapshot(), "nothing is stored");
        assertEquals(stripeCalls, standIn.requestCount("POST", "/v1/"), "Stripe is not called");
        return r;
    }

    /** Polls until the condition holds; fails after the deadline. */
    protected static void await(String what, java.util.function.BooleanSupplier condition) {
        Await.until(what, Duration.ofSeconds(20), condition);
    }

    /** stripe-java talking to this service's Stripe stand-in, as Stripe's dashboard or another client would. */
    protected com.stripe.StripeClient stripe() {
        return com.stripe.StripeClient.builder().setApiKey("sk_test_route_tests").setApiBase(standIn.baseUrl()).build();
    }

    /** A Connect account created at the stand-in, able to receive transfers or not. */
    protected String connectAccount(boolean transfers) {
        try {
            return stripe().v1().accounts().create(com.stripe.param.AccountCreateParams.builder()
                    .setType(com.stripe.param.AccountCreateParams.Type.EXPRESS).setCountry("US")
                    .setCapabilities(com.stripe.param.AccountCreateParams.Capabilities.builder()
                            .setTransfers(com.stripe.param.AccountCreateParams.Capabilities.Transfers.builder()
                                    .setRequested(transfers).build()).build())
                    .build()).getId();
        } catch (com.stripe.exception.StripeException e) {
            throw new AssertionError(e);
        }
    }

    protected Reply put(String path, String apiKey, String body) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + path))
                .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Registers the payee with a new Connect account that can receive transfers; returns the account id. */
    protected String registerPayee(String payeeId) {
        String account = connectAccount(true);
        Reply r = put("/api/v1/payees/" + payeeId, ADMIN_KEY, "{\"connect_account_id\":\"" + account + "\"}");
        if (r.status() != 200) {
            throw new AssertionError("payee registration failed: " + r.body());
        }
        return account;
    }

    protected static String paymentJson(String orderId, long amount) {
        return "{\"amount\":" + amount + ",\"currency\":\"usd\",\"order_id\":\"" + orderId
                + "\",\"user_id\":\"user-" + orderId + "\",\"description\":\"test order " + orderId + "\"}";
    }
}
