package dev.payroute.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.payroute.support.RouteTestSupport;
import dev.payroute.support.ServiceProcess;
import dev.payroute.support.TcpProxy;
import dev.payroute.support.TestRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * payroute as its own process, with the shipped timeouts, reaching PostgreSQL through a TCP proxy this
 * test owns (the machine's PostgreSQL is never touched). The database is cut two ways: refused
 * (connections closed, new ones refused) and blackholed (nothing closed, nothing answered). During
 * the outage every request answers 503 problem+json with Retry-After within a few seconds and
 * readiness answers 503 within about a second; after the proxy is restored, payments are taken again
 * within seconds, with no restart.
 */
@org.junit.jupiter.api.Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseOutageTest {

    /** The longest a request may take during an outage: one inside a statement waits out the socket timeout (5 s). */
    private static final Duration REQUEST_BOUND = Duration.ofSeconds(8);
    /** Once the pool knows its connections are gone: its wait for a new one (3 s), and slack. */
    private static final Duration STEADY_BOUND = Duration.ofMillis(5_000);
    private static final Duration READINESS_BOUND = Duration.ofMillis(1_500);
    /** payroute.metrics.database-timeout-ms (1 s), and slack. */
    private static final Duration SCRAPE_BOUND = Duration.ofMillis(2_000);
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(15);

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private TcpProxy proxy;
    private ServiceProcess service;

    @BeforeAll
    void startBehindAProxy() throws Exception {
        proxy = TcpProxy.start("127.0.0.1", 5432);
        service = ServiceProcess.start("db-outage",
                Map.of("DATABASE_URL", "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + TestRun.databaseName()), Map.of());
        service.awaitReady(Duration.ofSeconds(90));
    }

    @AfterAll
    void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    private record Timed(int status, String contentType, String retryAfter, String body, Duration took) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    private Timed send(HttpRequest.Builder request) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(40)).build(), HttpResponse.BodyHandlers.ofString());
        return new Timed(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""),
                r.headers().firstValue("Retry-After").orElse(null), r.body(), Duration.ofNanos(System.nanoTime() - start));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(service.baseUrl() + path))
                .header("Authorization", "Bearer " + RouteTestSupport.PAYMENTS_KEY);
    }

    private HttpRequest.Builder createPayment(String idempotencyKey) {
        HttpRequest.Builder b = request("/api/v1/payments").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":2500,\"currency\":\"usd\",\"order_id\":\"outage-"
                        + UUID.randomUUID() + "\"}"));
        return idempotencyKey == null ? b : b.header("Idempotency-Key", idempotencyKey);
    }

    private Timed ready() throws Exception {
        return send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/health/ready")));
    }

    @Test
    void a_refused_database_answers_503_within_seconds_and_service_resumes_by_itself() throws Exception {
        outageAndRecovery(proxy::stop, () -> proxy.start());
    }

    @Test
    void a_blackholed_database_answers_503_within_seconds_and_service_resumes_by_itself() throws Exception {
        outageAndRecovery(proxy::blackhole, proxy::restore);
    }

    private interface Step {
        void run() throws Exception;
    }

    private void outageAndRecovery(Step cut, Step restore) throws Exception {
        Timed before = send(createPayment(null));
        assertEquals(201, before.status(), before.body());
        String paymentId = before.json().get("id").asText();

        // Requests back to back from a few threads while the database goes, so that some are inside a statement.
        Load load = new Load(request("/api/v1/payments/" + paymentId).GET());
        await("the load is running", () -> load.count(200) >= 20);
        cut.run();
        try {
            for (int i = 0; i < 3; i++) {
                Timed readiness = ready();
                assertEquals(503, readiness.status(), readiness.body());
                assertTrue(readiness.took().compareTo(READINESS_BOUND) <= 0, "readiness took " + readiness.took());
                assertEquals("down", readiness.json().at("/checks/database").asText(), readiness.body());
            }
            // A scrape does not wait for the database either: Camel's metrics, and the gauges' last values.
            Timed metrics = send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/metrics"))
                    .header("Authorization", "Bearer " + RouteTestSupport.ADMIN_KEY));
            assertEquals(200, metrics.status(), metrics.body());
            assertTrue(metrics.took().compareTo(SCRAPE_BOUND) <= 0, "a scrape took " + metrics.took());
            assertTrue(metrics.body().contains("camel_exchanges_total{"), metrics.body());
            assertTrue(metrics.body().contains("payroute_payments{status=\"PENDING\"}"), metrics.body());
            // A first wave at once: creates (Stripe first, then the database), reads, and Idempotency-Key claims.
            List<HttpRequest.Builder> wave = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                wave.add(createPayment(null));
                wave.add(request("/api/v1/payments/" + paymentId).GET());
                wave.add(createPayment("outage-" + UUID.randomUUID()));
            }
            ExecutorService pool = Executors.newFixedThreadPool(wave.size());
            try {
                List<Future<Timed>> replies = new ArrayList<>();
                for (HttpRequest.Builder b : wave) {
                    replies.add(pool.submit(() -> send(b)));
                }
                for (Future<Timed> reply : replies) {
                    assertUnavailable(reply.get(), REQUEST_BOUND);
                }
            } finally {
                pool.shutdownNow();
            }
            for (HttpRequest.Builder b : List.of(createPayment(null), request("/api/v1/payments/" + paymentId).GET())) {
                assertUnavailable(send(b), STEADY_BOUND);
            }
            Timed readiness = ready();
            assertEquals(503, readiness.status(), readiness.body());
            assertTrue(readiness.took().compareTo(READINESS_BOUND) <= 0, "readiness took " + readiness.took());
            List<Timed> loaded = load.stop();
            for (Timed reply : loaded) {
                if (reply.status() != 200) {
                    assertUnavailable(reply, REQUEST_BOUND);
                }
            }
            assertTrue(loaded.stream().anyMatch(reply -> reply.status() == 503), "the load saw the outage");
        } finally {
            restore.run();
            load.stop();
        }

        long restored = System.nanoTime();
        Timed created;
        do {
            assertTrue(System.nanoTime() - restored < RECOVERY_BOUND.toNanos(), "no payment could be created within "
                    + RECOVERY_BOUND + " of the database's return");
            created = send(createPayment(null));
        } while (created.status() != 201);
        assertEquals(200, ready().status());
        Timed read = send(request("/api/v1/payments/" + created.json().get("id").asText()).GET());
        assertEquals(200, read.status(), read.body());
    }

    /** GETs sent back to back from a few threads until stopped; what each got and how long it took. */
    private final class Load {
        private final ExecutorService threads = Executors.newFixedThreadPool(4);
        private final List<Timed> replies = java.util.Collections.synchronizedList(new ArrayList<>());
        private volatile boolean running = true;

        Load(HttpRequest.Builder request) {
            for (int i = 0; i < 4; i++) {
                threads.submit(() -> {
                    while (running) {
                        replies.add(send(request.copy()));
                    }
                    return null;
                });
            }
        }

        long count(int status) {
            synchronized (replies) {
                return replies.stream().filter(reply -> reply.status() == status).count();
            }
        }

        /** Stops sending, waits for the requests still out, and returns every reply. */
        List<Timed> stop() throws InterruptedException {
            running = false;
            threads.shutdown();
            assertTrue(threads.awaitTermination(REQUEST_BOUND.toSeconds() + 5, java.util.concurrent.TimeUnit.SECONDS),
                    "requests still unanswered " + REQUEST_BOUND + " after the load stopped");
            synchronized (replies) {
                return List.copyOf(replies);
            }
        }
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) {
        dev.payroute.support.Await.until(what, Duration.ofSeconds(20), condition);
    }

    private static void assertUnavailable(Timed reply, Duration bound) throws IOException {
        assertEquals(503, reply.status(), reply.body());
        assertTrue(reply.contentType().startsWith("application/problem+json"), reply.contentType());
        assertEquals(503, reply.json().get("status").asInt());
        assertTrue(reply.json().get("type").asText().endsWith("/database-unavailable"), reply.body());
        assertNotNull(reply.retryAfter(), "Retry-After");
        assertTrue(Integer.parseInt(reply.retryAfter()) > 0, reply.retryAfter());
        assertTrue(reply.took().compareTo(bound) <= 0, "answered after " + reply.took() + ", more than " + bound);
    }
}
