package dev.payroute.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.payroute.support.Await;
import dev.payroute.support.LogScan;
import dev.payroute.support.RouteTestSupport;
import dev.payroute.support.TestRabbit;
import dev.payroute.support.TestRun;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After the suite (failsafe runs it in verify, after every surefire test): the whole suite's log output, and the
 * output of a local run (dev.payroute.devstack.LocalRun, what ./bin/run starts) that takes one payment, hold no
 * secret, API key, client_secret, card number or raw webhook body; no process command line holds a secret.
 */
@Tag("integration")
@Order(Integer.MAX_VALUE) // the last IT (failsafe orders classes by @Order; the others have the default order)
class LogScanIT {

    /** The test data key (RouteTestSupport, ServiceProcess) without its id. */
    private static final String TEST_DATA_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    /** The development API keys (PayrouteConfiguration, when PAYROUTE_API_KEYS is unset outside production). */
    private static final List<String> DEV_API_KEYS = List.of("dev-payments-key-0001", "dev-admin-key-00000001");

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    /** Every secret the tests configure; Stripe keys and webhook secrets are also caught by their shape (LogScan). */
    private static List<String> testSecrets() {
        List<String> secrets = new ArrayList<>(List.of(RouteTestSupport.PAYMENTS_KEY, RouteTestSupport.OTHER_PAYMENTS_KEY,
                RouteTestSupport.ADMIN_KEY, RouteTestSupport.METRICS_TOKEN, RouteTestSupport.WEBHOOK_SECRET,
                RouteTestSupport.OLD_WEBHOOK_SECRET, TEST_DATA_KEY));
        secrets.addAll(DEV_API_KEYS);
        return secrets;
    }

    /**
     * What the suite wrote: every test JVM's output (surefire's and failsafe's *-output.txt), the output and command
     * line of every process the tests started (payroute, the stand-in jar, the Kafka broker).
     */
    private static List<Path> suiteOutput() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String dir : List.of("target/surefire-reports", "target/failsafe-reports", "target/service-processes",
                "target/standin-processes", "target/kafka-brokers")) {
            Path root = Path.of(dir);
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(Files::isRegularFile).filter(f -> {
                    String name = f.getFileName().toString();
                    return name.endsWith("-output.txt") || name.endsWith(".log") || name.endsWith(".cmdline");
                }).sorted().forEach(files::add);
            }
        }
        return files;
    }

    @Test
    void the_suites_log_output_holds_no_secret_card_number_or_webhook_body() throws IOException {
        List<Path> files = suiteOutput();
        assertTrue(files.stream().anyMatch(f -> f.toString().startsWith("target/surefire-reports".replace('/',
                java.io.File.separatorChar)) && f.getFileName().toString().endsWith("-output.txt")),
                "no test JVM output in target/surefire-reports: this test runs after the suite (mvn verify)");
        LogScan scan = new LogScan(testSecrets());
        List<String> findings = new ArrayList<>();
        for (Path file : files) {
            findings.addAll(scan.scan(file));
        }
        assertEquals(List.of(), findings, findings.size() + " findings in " + files.size() + " files");
    }

    @Test
    void a_local_run_and_the_processes_it_starts_log_no_secret_and_take_none_on_their_command_lines() throws Exception {
        Path project = Path.of("").toAbsolutePath();
        for (String jar : List.of("target/payroute.jar", "target/payroute-dev.jar", "target/kafka-broker/classpath.txt")) {
            assertTrue(Files.isRegularFile(project.resolve(jar)), jar + " is missing: this test runs after packaging (mvn verify)");
        }
        int port = TestRun.freePort();
        // Its own folder (its .payroute/: the development data key, the Kafka broker's data and output), reaching the
        // project's broker jars as ./bin/run's folder does.
        Path home = Files.createDirectories(project.resolve("target/log-scan/local-run-" + port));
        Files.createDirectories(home.resolve("target"));
        Path brokerJars = home.resolve("target/kafka-broker");
        if (!Files.exists(brokerJars)) {
            Files.createSymbolicLink(brokerJars, project.resolve("target/kafka-broker"));
        }
        Path log = home.resolve("local-run.log");
        // ./bin/run's command line, with absolute paths.
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-cp",
                String.join(java.io.File.pathSeparator, project.resolve("target/payroute.jar").toString(),
                        project.resolve("target/payroute-dev.jar").toString(), project.resolve("target/lib/*").toString(),
                        project.resolve("target/dev-lib/*").toString()),
                "dev.payroute.devstack.LocalRun");
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("STRIPE_") || name.startsWith("PAYROUTE_") || name.startsWith("KAFKA_")
                || name.startsWith("RABBITMQ_") || name.equals("ENVIRONMENT") || name.equals("DATABASE_URL"));
        env.put("PORT", Integer.toString(port));
        env.put("HOST", "127.0.0.1");
        env.put("STRIPE_STANDIN_PORT", Integer.toString(TestRun.freePort()));
        env.put("DATABASE_URL", TestRun.jdbcUrl());
        // This test JVM's RabbitMQ exchanges and queues, never the shared payment.events / bookings.
        env.put("RABBITMQ_EVENTS_EXCHANGE", TestRabbit.exchange());
        env.put("PAYROUTE_BOOKINGS_EXCHANGE", TestRabbit.bookings().exchange());
        env.put("PAYROUTE_BOOKINGS_QUEUE", TestRabbit.bookings().queue());
        env.put("PAYROUTE_BOOKINGS_DLX", TestRabbit.bookings().deadLetterExchange());
        env.put("PAYROUTE_BOOKINGS_DEAD_QUEUE", TestRabbit.bookings().deadQueue());

        List<String> secrets = new ArrayList<>(testSecrets());
        Map<Long, String> commandLines = new LinkedHashMap<>();
        Process local = builder.start();
        try {
            String base = "http://127.0.0.1:" + port;
            Await.until("the local run is ready (log: " + log + ")", Duration.ofSeconds(150), () -> {
                if (!local.isAlive()) {
                    throw new IllegalStateException("the local run exited with " + local.exitValue() + "; see " + log);
                }
                try {
                    return http.send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).timeout(Duration.ofSeconds(2))
                            .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (IOException notYet) {
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
            // Its processes while they run: itself and the Kafka broker (and the broker's launcher).
            commandLines.put(local.pid(), commandLine(local.pid()));
            local.descendants().forEach(child -> commandLines.put(child.pid(), commandLine(child.pid())));
            assertTrue(commandLines.size() >= 2, "the local run started its Kafka broker: " + commandLines.keySet());

            // One payment through it: created, confirmed with a card, part refunded.
            String key = DEV_API_KEYS.get(0);
            HttpResponse<String> created = post(base + "/api/v1/payments", key,
                    "{\"amount\":2098,\"currency\":\"usd\",\"order_id\":\"log-scan-" + port + "\"}");
            assertEquals(201, created.statusCode(), created.body());
            String id = JSON.readTree(created.body()).get("id").asText();
            String intentId = JSON.readTree(created.body()).get("payment_intent_id").asText();
            secrets.add(JSON.readTree(created.body()).get("client_secret").asText());
            HttpResponse<String> confirmed = post(base + "/api/v1/payments/" + id + "/confirm", key,
                    "{\"payment_method\":\"pm_card_visa\"}");
            assertEquals(200, confirmed.statusCode(), confirmed.body());
            HttpResponse<String> refunded = post(base + "/api/v1/refunds", key, "{\"payment_id\":\"" + id + "\",\"amount\":500}");
            assertEquals(201, refunded.statusCode(), refunded.body());
            // Stripe's webhooks for it (signed with the run's own webhook secret) are processed before it stops.
            Await.until("the payment's webhooks are processed", Duration.ofSeconds(30), () -> webhooksDone(intentId));
        } finally {
            local.destroy();
            if (!local.waitFor(60, TimeUnit.SECONDS)) {
                local.destroyForcibly().waitFor();
            }
        }
        Path devDataKey = home.resolve(".payroute/dev-data-key");
        if (Files.isRegularFile(devDataKey)) {
            String content = Files.readString(devDataKey, StandardCharsets.UTF_8).trim();
            secrets.add(content);
            secrets.add(content.substring(content.indexOf(':') + 1));
        }
        assertEquals(List.of(), local.descendants().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList(),
                "the local run left processes behind");

        LogScan scan = new LogScan(secrets);
        List<String> findings = new ArrayList<>();
        commandLines.forEach((pid, line) -> scan.findingsIn(line).forEach(what -> findings.add("command line of " + pid + ": " + what)));
        List<Path> outputs = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(home)) {
            walk.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().endsWith(".log")
                    || f.getFileName().toString().endsWith(".cmdline")).sorted(Comparator.naturalOrder()).forEach(outputs::add);
        }
        assertTrue(outputs.stream().anyMatch(f -> f.getFileName().toString().equals("broker.log")), "the broker's output: " + outputs);
        for (Path output : outputs) {
            findings.addAll(scan.scan(output));
        }
        assertTrue(Files.readString(log).contains("-> SUCCEEDED"), "the scanned output covers the payment; see " + log);
        assertEquals(List.of(), findings, findings.size() + " findings");
        assertTrue(Set.copyOf(secrets).size() > testSecrets().size(), "the run's own secrets are scanned for too");
    }

    /** Stripe's events for the PaymentIntent arrived, and no webhook event waits to be processed. */
    private static boolean webhooksDone(String intentId) {
        try (java.sql.Connection c = TestRun.connect(); java.sql.PreparedStatement st = c.prepareStatement(
                "SELECT count(*) FILTER (WHERE status = 'RECEIVED'), count(*) FILTER (WHERE object_id = ?) FROM webhook_events")) {
            st.setString(1, intentId);
            try (java.sql.ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1) == 0 && rs.getLong(2) >= 1;
            }
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    private HttpResponse<String> post(String url, String key, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** /proc/<pid>/cmdline: the process's arguments as the machine's other users see them (ps). */
    private static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException gone) {
            return "";
        }
    }
}
