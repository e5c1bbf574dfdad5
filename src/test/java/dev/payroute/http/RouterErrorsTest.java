package dev.payroute.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.payroute.support.RouteTestSupport;
import dev.payroute.support.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * payroute as its own process, so that its whole log can be read: the requests Vert.x's router refuses
 * before any route runs (no such path, a method or Accept the path does not take, a body over
 * camel.server.max-body-size, an escape that does not decode) answer problem+json like every other error, and none of these client
 * mistakes logs an ERROR or a stack trace.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.Tag("integration")
class RouterErrorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Over the 1 MiB camel.server.max-body-size, and over what the sockets' buffers hold between client and server. */
    private static final int OVERSIZED = 4 * 1024 * 1024;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private ServiceProcess service;

    @BeforeAll
    void start() throws Exception {
        service = ServiceProcess.start("router-errors", Map.of(), Map.of("payroute.reconciliation.period-ms", "3600000"));
        service.awaitReady(Duration.ofSeconds(90));
    }

    @AfterAll
    void stop() throws Exception {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void requests_no_route_takes_answer_problem_json_and_log_no_error() throws Exception {
        long logBefore = Files.size(service.log());

        HttpResponse<String> unknown = send(request("/api/v1/no-such-thing").GET());
        assertProblem(unknown, 404, "/api/v1/no-such-thing");

        String payment = "/api/v1/payments/" + UUID.randomUUID();
        HttpResponse<String> delete = send(request(payment).DELETE());
        assertProblem(delete, 405, payment);
        assertEquals("GET", delete.headers().firstValue("Allow").orElse(""), "the methods the path takes");
        HttpResponse<String> putHealth = send(request("/health").PUT(HttpRequest.BodyPublishers.ofString("{}")));
        assertProblem(putHealth, 405, "/health");
        assertEquals("GET", putHealth.headers().firstValue("Allow").orElse(""));

        assertProblem(send(request("/health").header("Accept", "text/xml").GET()), 406, "/health");
        // Escapes that do not decode, which java.net.URI will not even send.
        assertProblem(rawGet("/api/v1/payments/%zz"), 400, "/api/v1/payments/%zz");
        assertProblem(rawGet("/api/v1/payments/order/o-1?page=%zz"), 400, "/api/v1/payments/order/o-1");
        assertProblem(send(request("/api/v1/payments").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("amount=100"))), 415, "/api/v1/payments");

        byte[] oversized = new byte[OVERSIZED];
        Arrays.fill(oversized, (byte) 'x');
        HttpResponse<String> sized = send(request("/api/v1/payments").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(oversized)));
        assertProblem(sized, 413, "/api/v1/payments");
        HttpResponse<String> chunked = send(request("/api/v1/payments").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(oversized))));
        assertProblem(chunked, 413, "/api/v1/payments");
        assertEquals(200, send(request("/health").GET()).statusCode(), "the client goes on after its 413s");

        List<String> logged = newLogLines(logBefore);
        assertTrue(logged.stream().noneMatch(line -> line.contains(" ERROR ")), String.join("\n", logged));
        assertTrue(logged.stream().noneMatch(line -> line.startsWith("\tat ") || line.contains("Exception")),
                "no stack trace: " + String.join("\n", logged));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(service.baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + RouteTestSupport.PAYMENTS_KEY);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A GET written on a socket as it is given, with the payments key; the reply's status, Content-Type and body. */
    private RawReply rawGet(String target) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", service.port())) {
            socket.setSoTimeout(10_000);
            String request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + RouteTestSupport.PAYMENTS_KEY + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String head = reply.substring(0, reply.indexOf("\r\n\r\n"));
            String contentType = head.lines().filter(line -> line.toLowerCase(Locale.ROOT).startsWith("content-type:"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElse("");
            return new RawReply(Integer.parseInt(head.split(" ")[1]), contentType, reply.substring(head.length() + 4));
        }
    }

    private record RawReply(int status, String contentType, String body) {
    }

    private static void assertProblem(RawReply reply, int status, String path) throws IOException {
        assertProblem(reply.status(), reply.contentType(), reply.body(), status, path);
    }

    private static void assertProblem(HttpResponse<String> reply, int status, String path) throws IOException {
        assertProblem(reply.statusCode(), reply.headers().firstValue("Content-Type").orElse(""), reply.body(), status, path);
    }

    private static void assertProblem(int actualStatus, String contentType, String body, int status, String path)
            throws IOException {
        assertEquals(status, actualStatus, body);
        assertTrue(contentType.startsWith("application/problem+json"), status + ": " + contentType);
        JsonNode problem = JSON.readTree(body);
        assertTrue(problem.get("type").asText().startsWith("https://payroute.dev/problems/"), body);
        assertTrue(problem.get("title").asText().length() > 3 && !problem.get("title").asText().equals("Error"), body);
        assertEquals(status, problem.get("status").asInt(), body);
        assertTrue(problem.get("detail").asText().length() > 5, body);
        assertEquals(path, problem.get("instance").asText(), body);
    }

    /** What the service logged since the given size of its log. */
    private List<String> newLogLines(long from) throws IOException {
        byte[] all = Files.readAllBytes(service.log());
        return new String(all, (int) from, all.length - (int) from, StandardCharsets.UTF_8).lines().toList();
    }
}
