package dev.payroute.ops;

import dev.payroute.support.Await;
import dev.payroute.support.RouteTestSupport;
import dev.payroute.support.ServiceProcess;
import dev.payroute.support.TestKafka;
import dev.payroute.support.TestRun;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The service process stopped with SIGTERM under HTTP and Kafka load, and refusing requests past its bound. */
@Tag("integration")
class ShutdownAndOverloadTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private HttpResponse<String> createPayment(ServiceProcess service, String order) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/v1/payments")).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + RouteTestSupport.PAYMENTS_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":1500,\"currency\":\"usd\",\"order_id\":\"" + order
                        + "\",\"user_id\":\"u\"}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private int readiness(ServiceProcess service) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/health/ready")).timeout(Duration.ofSeconds(2))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException refused) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static long count(String sql, String value) throws Exception {
        try (Connection c = TestRun.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void sigterm_under_load_keeps_every_answered_request_and_every_command_once() throws Exception {
        Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", TestKafka.bootstrapServers(), "PAYROUTE_SHUTDOWN_TIMEOUT_SECONDS", "20");
        Set<String> answered = ConcurrentHashMap.newKeySet();
        List<String> commands = new ArrayList<>();
        int exit;
        String log;
        ExecutorService load = Executors.newFixedThreadPool(4);
        try (ServiceProcess service = ServiceProcess.start("sigterm", env, Map.of());
             KafkaProducer<String, String> producer = TestKafka.producer()) {
            service.awaitReady(Duration.ofSeconds(90));
            List<ProcessHandle> children = ProcessHandle.of(service.pid()).orElseThrow().descendants().toList();
            AtomicBoolean stopping = new AtomicBoolean();
            List<Future<?>> clients = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                clients.add(load.submit(() -> {
                    while (!stopping.get() || answered.size() < 1) {
                        String order = "sigterm-" + UUID.randomUUID();
                        try {
                            if (createPayment(service, order).statusCode() / 100 == 2) {
                                answered.add(order);
                            }
                        } catch (IOException refused) {
                            if (stopping.get()) {
                                return null;
                            }
                        }
                    }
                    return null;
                }));
            }
            for (int i = 0; i < 30; i++) {
                String order = "sigterm-cmd-" + UUID.randomUUID();
                commands.add(order);
                producer.send(new ProducerRecord<>("payment_commands", order, "{\"type\":\"authorize_payment\",\"customer_id\":\"c\","
                        + "\"payment_method_id\":\"pm_card_visa\",\"amount\":1500,\"currency\":\"usd\",\"order_id\":\"" + order
                        + "\",\"correlation_id\":\"corr-" + order + "\"}"));
            }
            producer.flush();
            Await.until("some commands are being applied", Duration.ofSeconds(30),
                    () -> { try { return count("SELECT count(*) FROM payments WHERE order_id LIKE ?", "sigterm-cmd-%") >= 1; }
                            catch (Exception e) { return false; } });
            ProcessHandle.of(service.pid()).orElseThrow().destroy();
            stopping.set(true);
            // Within a second of the signal readiness is 503 (or the port closed), and it never comes back.
            Await.until("readiness goes 503 at once", Duration.ofSeconds(1), () -> readiness(service) != 200);
            for (int i = 0; i < 5; i++) {
                int ready = readiness(service);
                assertTrue(ready == 503 || ready == -1, "readiness after SIGTERM: " + ready);
            }
            exit = service.awaitExit(Duration.ofSeconds(60));
            for (Future<?> client : clients) {
                client.get();
            }
            for (ProcessHandle child : children) {
                assertTrue(!child.isAlive(), "left running: " + child.info());
            }
            log = Files.readString(service.log());
        } finally {
            load.shutdownNow();
        }
        assertEquals(0, exit, log);
        String afterStop = log.substring(Math.max(0, log.indexOf("is shutting down")));
        assertTrue(afterStop.lines().noneMatch(line -> line.contains(" WARN ") || line.contains(" ERROR ")),
                "warnings while stopping: " + afterStop.lines().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).toList());
        assertTrue(!answered.isEmpty());
        for (String order : answered) {
            assertEquals(1, count("SELECT count(*) FROM payments WHERE order_id = ?", order), "answered 2xx: " + order);
        }

        try (ServiceProcess again = ServiceProcess.start("sigterm-restart", env, Map.of())) {
            again.awaitReady(Duration.ofSeconds(90));
            for (String order : commands) {
                Await.until(order + " is applied", Duration.ofSeconds(60), () -> {
                    try {
                        return count("SELECT count(*) FROM payments WHERE order_id = ? AND status = 'AUTHORIZED'", order) == 1;
                    } catch (Exception e) {
                        return false;
                    }
                });
            }
        }
        for (String order : commands) {
            assertEquals(1, count("SELECT count(*) FROM payments WHERE order_id = ?", order));
            assertEquals(1, count("SELECT count(*) FROM outbox WHERE correlation_id = ? AND event_type = 'payment.authorized'",
                    "corr-" + order));
        }
    }

    @Test
    void past_its_bound_a_request_is_refused_with_503_and_retry_after_while_probes_still_answer() throws Exception {
        int standInPort = ServiceProcess.freePort();
        try (ServiceProcess service = ServiceProcess.start("overload", Map.of("STRIPE_STANDIN_PORT", Integer.toString(standInPort)),
                Map.of("payroute.http.max-inflight-requests", "2"))) {
            service.awaitReady(Duration.ofSeconds(90));
            // Stripe answers slowly: the requests taken stay in flight.
            HttpResponse<String> fault = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + standInPort + "/_standin/faults"))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(
                            "method=POST&path_prefix=/v1/payment_intents&kind=DELAY&delay_ms=3000&times=2")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, fault.statusCode(), fault.body());
            ExecutorService clients = Executors.newFixedThreadPool(2);
            try {
                List<Future<HttpResponse<String>>> slow = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    String order = "overload-" + UUID.randomUUID();
                    slow.add(clients.submit(() -> createPayment(service, order)));
                }
                Await.until("two requests are in flight", Duration.ofSeconds(10), () -> {
                    try {
                        return createPayment(service, "overload-probe-" + UUID.randomUUID()).statusCode() == 503;
                    } catch (Exception e) {
                        return false;
                    }
                });
                HttpResponse<String> refused = createPayment(service, "overload-" + UUID.randomUUID());
                assertEquals(503, refused.statusCode(), refused.body());
                assertEquals("1", refused.headers().firstValue("Retry-After").orElse(null));
                assertTrue(refused.body().contains("overloaded"), refused.body());
                assertEquals(200, readiness(service), "the probes are never refused");
                for (Future<HttpResponse<String>> request : slow) {
                    assertEquals(201, request.get().statusCode());
                }
                assertEquals(201, createPayment(service, "overload-after-" + UUID.randomUUID()).statusCode());
            } finally {
                clients.shutdownNow();
            }
        }
    }
}
