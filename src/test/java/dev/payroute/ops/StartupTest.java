package dev.payroute.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.payroute.support.RouteTestSupport;
import dev.payroute.support.ServiceProcess;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A canonical path is requested from the moment the service's JVM starts: until the routes are up
 * it is refused or answered 503 problem+json with Retry-After, never 404; then it answers for real.
 */
@org.junit.jupiter.api.Tag("integration")
class StartupTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int THREADS = 4;
    private static final int REAL_ANSWERS = 40;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void no_request_is_answered_404_while_the_service_starts() throws Exception {
        Map<String, AtomicInteger> seen = new TreeMap<>();
        Map<String, Integer> wrong = new java.util.concurrent.ConcurrentHashMap<>();
        AtomicInteger real = new AtomicInteger();
        try (ServiceProcess service = ServiceProcess.start("startup", Map.of(), Map.of())) {
            URI uri = URI.create(service.baseUrl() + "/api/v1/payments/order/startup-probe");
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<?>> hammers = new ArrayList<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                for (int i = 0; i < THREADS; i++) {
                    hammers.add(pool.submit(() -> {
                        while (real.get() < REAL_ANSWERS && System.nanoTime() < deadline) {
                            String outcome = probe(uri, wrong);
                            synchronized (seen) {
                                seen.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
                            }
                            if (outcome.equals("200")) {
                                real.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> hammer : hammers) {
                    hammer.get();
                }
            } finally {
                pool.shutdownNow();
            }
        }
        System.out.println("start-up answers: " + seen);
        assertEquals(Map.of(), wrong, "answers other than refused, 503 problem+json with Retry-After, or 200; seen " + seen);
        assertTrue(real.get() >= REAL_ANSWERS, "the service never answered; seen " + seen);
    }

    /** One request: "refused" or its status; answers a starting service must not give are counted in wrong. */
    private String probe(URI uri, Map<String, Integer> wrong) throws InterruptedException {
        HttpResponse<String> r;
        try {
            r = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + RouteTestSupport.PAYMENTS_KEY)
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException notListening) {
            Thread.sleep(5);
            return "refused";
        } catch (IOException e) {
            wrong.merge(e.toString(), 1, Integer::sum);
            return "io-error";
        }
        String status = Integer.toString(r.statusCode());
        if (r.statusCode() == 503) {
            String contentType = r.headers().firstValue("Content-Type").orElse("");
            String retryAfter = r.headers().firstValue("Retry-After").orElse(null);
            if (!contentType.startsWith("application/problem+json") || retryAfter == null || !problemOf503(r.body())) {
                wrong.merge("503 " + contentType + " Retry-After=" + retryAfter + " " + r.body(), 1, Integer::sum);
            }
        } else if (r.statusCode() != 200) {
            wrong.merge(status + " " + r.body(), 1, Integer::sum);
        }
        return status;
    }

    private static boolean problemOf503(String body) {
        try {
            return JSON.readTree(body).path("status").asInt() == 503;
        } catch (IOException e) {
            return false;
        }
    }
}
