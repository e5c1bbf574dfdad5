package dev.payroute.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.payroute.support.RouteTestSupport;
import dev.payroute.support.ServiceProcess;
import dev.payroute.support.StandInJarProcess;
import dev.payroute.support.TestRun;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What ships (target/payroute.jar and target/lib, as the Dockerfile copies them) holds the service
 * only, and runs alone: without a Stripe key it refuses to start, and pointed at the stand-in's own
 * jar it takes a payment end to end. Runs after packaging (failsafe).
 */
class ProductionJarIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path JAR = Path.of("target/payroute.jar");
    private static final Path LIB = Path.of("target/lib");
    private static final long IMAGE_LIMIT_BYTES = 90L * 1024 * 1024;
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void the_service_jar_and_its_libraries_hold_no_dev_code_and_fit_the_image_limit() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertEquals("dev.payroute.PayrouteApplication", jar.getManifest().getMainAttributes().getValue("Main-Class"));
            List<String> dev = jar.stream().map(entry -> entry.getName())
                    .filter(name -> name.toLowerCase(Locale.ROOT).contains("standin")
                            || name.toLowerCase(Locale.ROOT).contains("devstack")
                            || name.equals("META-INF/services/dev.payroute.config.OfflineStripe"))
                    .toList();
            assertEquals(List.of(), dev);
        }
        long bytes = Files.size(JAR);
        try (Stream<Path> libs = Files.list(LIB)) {
            for (Path lib : libs.toList()) {
                String name = lib.getFileName().toString();
                assertTrue(!name.matches("(?i).*(zonky|embedded|kafka_2|scala).*"), "a dev library in target/lib: " + name);
                bytes += Files.size(lib);
            }
        }
        assertTrue(bytes < IMAGE_LIMIT_BYTES, "the image would copy " + bytes / (1024 * 1024) + " MB");
    }

    @Test
    void without_a_stripe_key_or_api_base_the_service_jar_refuses_to_start_and_says_what_to_set() throws Exception {
        try (ServiceProcess service = ServiceProcess.startJar("jar-no-stripe", ServiceProcess.freePort(), Map.of(), Map.of())) {
            assertNotEquals(0, service.awaitExit(Duration.ofSeconds(60)));
            String log = Files.readString(service.log());
            assertTrue(log.contains("set STRIPE_SECRET_KEY (sk_test_...), or point STRIPE_API_BASE at a Stripe stand-in"), log);
        }
    }

    @Test
    void pointed_at_the_stand_in_jar_the_service_jar_takes_a_payment_and_applies_its_webhook() throws Exception {
        int port = ServiceProcess.freePort();
        try (StandInJarProcess standIn = StandInJarProcess.start("for-the-service-jar",
                List.of("--port", "0", "--webhook-url", "http://127.0.0.1:" + port + "/api/v1/webhooks/stripe"),
                Map.of("STRIPE_WEBHOOK_SECRET", RouteTestSupport.WEBHOOK_SECRET));
             ServiceProcess service = ServiceProcess.startJar("jar-with-standin-jar", port,
                     Map.of("STRIPE_API_BASE", standIn.awaitListening()), Map.of())) {
            service.awaitReady(Duration.ofSeconds(60));
            JsonNode created = send(service, "/api/v1/payments",
                    "{\"amount\":2098,\"currency\":\"usd\",\"order_id\":\"jar-" + UUID.randomUUID() + "\"}", 201);
            JsonNode confirmed = send(service, "/api/v1/payments/" + created.get("id").asText() + "/confirm",
                    "{\"payment_method\":\"pm_card_visa\"}", 200);
            assertEquals("SUCCEEDED", confirmed.get("status").asText(), confirmed.toString());

            String intent = created.get("payment_intent_id").asText();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!"PROCESSED".equals(query("SELECT status FROM webhook_events WHERE object_id = ?"
                    + " AND event_type = 'payment_intent.succeeded'", intent))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the stand-in's signed payment_intent.succeeded was not applied; see "
                            + service.log() + " and the stand-in's output:\n" + standIn.output());
                }
                Thread.sleep(100);
            }
        }
    }

    private JsonNode send(ServiceProcess service, String path, String body, int expected) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + path))
                .header("Authorization", "Bearer " + RouteTestSupport.PAYMENTS_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static String query(String sql, String parameter) throws SQLException {
        try (Connection c = TestRun.connect(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, parameter);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
