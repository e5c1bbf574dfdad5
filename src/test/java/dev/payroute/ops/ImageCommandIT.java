package dev.payroute.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.payroute.support.Await;
import dev.payroute.support.StandInJarProcess;
import dev.payroute.support.TestKafka;
import dev.payroute.support.TestRun;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The image as the Dockerfile builds it, without Docker: its /app laid out in a folder owned by root (payroute.jar,
 * lib, bin/service, data owned by the image's user), its ENV, WORKDIR, USER and ENTRYPOINT read from the Dockerfile,
 * run as that user against the local services, with the environment docker-compose gives it (no API or data keys).
 * It must become ready, and keep its development data key in the data folder. Runs after packaging (failsafe).
 */
class ImageCommandIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The image's /app, in a folder of /tmp every user can reach. */
    private Path root;

    private record Image(Map<String, String> env, String workdir, String user, List<String> entrypoint) {
    }

    /** The last stage of the Dockerfile (the default image). */
    private static Image image() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("Dockerfile")).stream().map(String::trim).toList();
        int from = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("FROM ")) {
                from = i;
            }
        }
        Map<String, String> env = new LinkedHashMap<>();
        String workdir = "/";
        String user = "root";
        List<String> entrypoint = List.of();
        // WORKDIR /app of the shared runtime stage applies too; later lines win.
        for (String line : lines) {
            if (line.startsWith("WORKDIR ")) {
                workdir = line.substring(8).trim();
            }
        }
        for (String line : lines.subList(from, lines.size())) {
            if (line.startsWith("ENV ")) {
                String[] pair = line.substring(4).trim().split("=", 2);
                env.put(pair[0], pair[1]);
            } else if (line.startsWith("USER ")) {
                user = line.substring(5).trim();
            } else if (line.startsWith("ENTRYPOINT ")) {
                List<String> words = new ArrayList<>();
                JSON.readTree(line.substring(11)).forEach(word -> words.add(word.asText()));
                entrypoint = words;
            }
        }
        return new Image(env, workdir, user, entrypoint);
    }

    private static String inRoot(Path root, String path) {
        return path.startsWith("/app") ? root + path.substring(4) : path;
    }

    @Test
    void the_images_command_as_its_user_becomes_ready_against_the_local_services() throws Exception {
        Image image = image();
        assertEquals("10001", image.user());
        root = Files.createTempDirectory(Path.of("/tmp"), "payroute-image-");
        Files.setPosixFilePermissions(root, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.copy(Path.of("target/payroute.jar"), root.resolve("payroute.jar"));
        Files.createDirectories(root.resolve("lib"));
        try (Stream<Path> libs = Files.list(Path.of("target/lib"))) {
            for (Path lib : libs.toList()) {
                Files.copy(lib, root.resolve("lib").resolve(lib.getFileName()));
            }
        }
        Files.createDirectories(root.resolve("bin"));
        Files.copy(Path.of("bin/service"), root.resolve("bin/service"), StandardCopyOption.COPY_ATTRIBUTES);
        // RUN mkdir -p /app/data && chown 10001:10001 /app/data
        Files.createDirectories(root.resolve("data"));
        Files.setAttribute(root.resolve("data"), "unix:uid", 10001);
        Files.setAttribute(root.resolve("data"), "unix:gid", 10001);

        int port = TestRun.freePort();
        try (StandInJarProcess standIn = StandInJarProcess.start("for-the-image",
                List.of("--port", "0", "--webhook-url", "http://127.0.0.1:" + port + "/api/v1/webhooks/stripe"),
                Map.of("STRIPE_WEBHOOK_SECRET", "whsec_compose_offline_standin"))) {
            String standInBase = standIn.awaitListening();
            List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + image.user(), "--regid=" + image.user(),
                    "--clear-groups"));
            image.entrypoint().forEach(word -> command.add(inRoot(root, word)));
            Path log = Files.createDirectories(Path.of("target/service-processes").toAbsolutePath()).resolve("image-" + port + ".log");
            // Beside its output, for the log scan (LogScanIT): a secret may be in neither.
            Files.writeString(log.resolveSibling(log.getFileName() + ".cmdline"), String.join(" ", command) + "\n");
            ProcessBuilder builder = new ProcessBuilder(command).directory(Path.of(inRoot(root, image.workdir())).toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(name -> name.startsWith("PAYROUTE_") || name.startsWith("STRIPE_") || name.startsWith("KAFKA_")
                    || name.startsWith("DATABASE_") || name.startsWith("RABBITMQ_"));
            image.env().forEach((name, value) -> env.put(name, inRoot(root, value)));
            // docker-compose's payroute environment, with the local services in place of the compose ones.
            env.put("ENVIRONMENT", "development");
            env.put("PORT", Integer.toString(port));
            env.put("DATABASE_URL", TestRun.jdbcUrl());
            env.put("KAFKA_BOOTSTRAP_SERVERS", TestKafka.bootstrapServers());
            env.put("RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/");
            env.put("STRIPE_WEBHOOK_SECRET", "whsec_compose_offline_standin");
            env.put("STRIPE_API_BASE", standInBase);
            env.put("PAYROUTE_API_KEYS", "");
            env.put("PAYROUTE_DATA_KEYS", "");
            env.put("PAYROUTE_JAVA_OPTS", "-Xmx256m -XX:+UseSerialGC");
            Process service = builder.start();
            try {
                HttpClient http = HttpClient.newHttpClient();
                Await.until("the image's command is ready (log: " + log + ")", Duration.ofSeconds(120), () -> {
                    if (!service.isAlive()) {
                        throw new IllegalStateException("exited with " + service.exitValue() + "; see " + log);
                    }
                    try {
                        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    } catch (IOException notYet) {
                        return false;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                });
                JsonNode ready = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                        .build(), HttpResponse.BodyHandlers.ofString()).body());
                assertEquals("ready", ready.get("status").asText(), ready.toString());
                assertTrue(Files.isRegularFile(root.resolve("data/dev-data-key")), "the development data key is kept in /app/data");
                assertEquals(10001, Files.getAttribute(root.resolve("data/dev-data-key"), "unix:uid"));
            } finally {
                service.destroy();
                assertEquals(true, service.waitFor(40, java.util.concurrent.TimeUnit.SECONDS), "stops on SIGTERM");
            }
        }
    }

    @org.junit.jupiter.api.AfterEach
    void removeTheImageFolder() throws IOException {
        if (root == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
