package dev.payroute.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * payroute as its own JVM, for fault tests that need a real process: killed with SIGKILL
 * (Process.destroyForcibly), restarted, or run twice side by side.
 */
public final class ServiceProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private ServiceProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * @param env        environment variables on top of the test defaults
     * @param properties -D settings (Camel Main and payroute.* read JVM system properties over the files)
     */
    public static ServiceProcess start(String name, Map<String, String> env, Map<String, String> properties) throws IOException {
        return start(name, freePort(), env, properties,
                List.of("-cp", System.getProperty("java.class.path"), "dev.payroute.PayrouteApplication"));
    }

    /**
     * The production artifact as the image runs it: {@code java -jar target/payroute.jar} with target/lib
     * (its manifest's class path) and nothing else, so no dev code: for tests that run after packaging.
     */
    public static ServiceProcess startJar(String name, int port, Map<String, String> env, Map<String, String> properties)
            throws IOException {
        Path jar = Path.of("target/payroute.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: this test runs after packaging (mvn verify, as ./bin/test does)");
        }
        return start(name, port, env, properties, List.of("-jar", jar.toString()));
    }

    private static ServiceProcess start(String name, int port, Map<String, String> env, Map<String, String> properties,
                                        List<String> launch) throws IOException {
        Path log = Files.createDirectories(Path.of("target/service-processes")).resolve(name + "-" + port + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        // Events go to this test JVM's exchange, never to payment.events; the test may name brokers in env.
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        settings.put("payroute.rabbitmq.events-exchange", TestRabbit.exchange());
        // Booking events from this test JVM's own exchanges and queues, never from bookings / payroute.bookings.
        settings.put("payroute.bookings.exchange", TestRabbit.bookings().exchange());
        settings.put("payroute.bookings.queue", TestRabbit.bookings().queue());
        settings.put("payroute.bookings.dead-letter-exchange", TestRabbit.bookings().deadLetterExchange());
        settings.put("payroute.bookings.dead-letter-queue", TestRabbit.bookings().deadQueue());
        settings.put("payroute.outbox.max-retry-delay-ms", "1000");
        settings.putAll(properties);
        settings.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(launch);
        // Not the project folder: Camel's classpath: scan of a classes directory would also find ./routes there.
        // Beside its output, for the log scan (LogScanIT): a secret may be in neither.
        Files.writeString(log.resolveSibling(log.getFileName() + ".cmdline"), String.join(" ", command) + "\n");
        ProcessBuilder builder = new ProcessBuilder(command).directory(log.getParent().toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("HOST", "127.0.0.1");
        builder.environment().put("STRIPE_STANDIN_PORT", Integer.toString(freePort()));
        builder.environment().put("DATABASE_URL", TestRun.jdbcUrl());
        builder.environment().put("PAYROUTE_API_KEYS", RouteTestSupport.PAYMENTS_KEY + ":payments," + RouteTestSupport.ADMIN_KEY + ":admin");
        builder.environment().put("PAYROUTE_DATA_KEYS", "test:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");
        builder.environment().put("STRIPE_WEBHOOK_SECRET", RouteTestSupport.WEBHOOK_SECRET);
        builder.environment().remove("STRIPE_SECRET_KEY");
        builder.environment().remove("STRIPE_API_BASE");
        builder.environment().remove("KAFKA_BOOTSTRAP_SERVERS");
        builder.environment().remove("RABBITMQ_URL");
        builder.environment().putAll(env);
        return new ServiceProcess(builder.start(), port, log);
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The file name of this process's log in target/service-processes. */
    public String logName() {
        return log.getFileName().toString();
    }

    /** The process's output (the service's log). */
    public Path log() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    /** Waits until /health/ready answers 200; fails at once if the process exits. */
    public ServiceProcess awaitReady(Duration timeout) {
        HttpClient client = HttpClient.newHttpClient();
        Await.until("payroute is ready (log: " + log + ")", timeout, () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("payroute exited with " + process.exitValue() + "; see " + log);
            }
            try {
                return client.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException notListeningYet) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        return this;
    }

    /** Waits for the process to end by itself (a start-up that fails); returns its exit status. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("payroute still running after " + timeout + "; see " + log);
        }
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook, no graceful stop. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                kill9();
            }
        }
    }

    public static int freePort() {
        return TestRun.freePort();
    }
}
