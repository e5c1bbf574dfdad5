package dev.payroute.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.payroute.support.RouteTestSupport;
import dev.payroute.support.ServiceProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The service's own output with PAYROUTE_LOG_FORMAT=json, as an operator reads it: one process, real requests. */
@Tag("integration")
class ServiceLogsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> send(ServiceProcess service, String method, String path, String body, String correlationId)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + RouteTestSupport.PAYMENTS_KEY).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (correlationId != null) {
            request.header("X-Correlation-Id", correlationId);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Webhook events still waiting to be processed, and all of them. */
    private static long[] webhookEvents() {
        try (java.sql.Connection c = dev.payroute.support.TestRun.connect(); java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT count(*) FILTER (WHERE status = 'RECEIVED'), count(*) FROM webhook_events")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void json_lines_carry_correlation_and_route_ids_with_one_access_line_per_request_and_no_needless_warnings() throws Exception {
        String corr = "corr-logs-" + UUID.randomUUID();
        String order = "order-logs-" + UUID.randomUUID();
        List<JsonNode> lines = new ArrayList<>();
        String heldId;
        try (ServiceProcess service = ServiceProcess.start("logs", Map.of("PAYROUTE_LOG_FORMAT", "json"), Map.of())) {
            service.awaitReady(Duration.ofSeconds(90));
            assertEquals(201, send(service, "POST", "/api/v1/payments", "{\"amount\":1500,\"currency\":\"usd\",\"order_id\":\""
                    + order + "\",\"user_id\":\"u\"}", corr).statusCode());
            assertEquals(413, send(service, "POST", "/api/v1/payments", "{\"x\":\"" + "a".repeat(1_100_000) + "\"}",
                    "corr-big-" + corr).statusCode());
            assertEquals(400, send(service, "POST", "/api/v1/payments", "{not json", "corr-bad-" + corr).statusCode());
            long before = webhookEvents()[1];
            HttpResponse<String> held = send(service, "POST", "/api/v1/escrow/" + order + "-e/authorize",
                    "{\"amount\":2098,\"customer_id\":\"c\",\"payment_method\":\"pm_card_visa\"}", "corr-escrow-" + corr);
            assertEquals(200, held.statusCode(), held.body());
            heldId = JSON.readTree(held.body()).get("id").asText();
            // The webhooks the stand-in sends for the hold are processed before the process stops.
            dev.payroute.support.Await.until("the hold's webhooks are processed", Duration.ofSeconds(30),
                    () -> webhookEvents()[0] == 0 && webhookEvents()[1] > before);
            service.close();
            for (String line : Files.readAllLines(service.log())) {
                if (line.startsWith("{")) {
                    lines.add(JSON.readTree(line));
                } else if (!line.isBlank()) {
                    throw new AssertionError("not a JSON line: " + line);
                }
            }
        }
        List<JsonNode> access = lines.stream().filter(l -> l.path("log.logger").asText().equals("dev.payroute.access")).toList();
        JsonNode created = access.stream().filter(l -> l.path("message").asText().startsWith("POST /api/v1/payments 201 "))
                .findFirst().orElseThrow(() -> new AssertionError(access.toString()));
        assertEquals(corr, created.path("correlationId").asText(), created.toString());
        assertEquals("INFO", created.path("log.level").asText());
        assertEquals(1, access.stream().filter(l -> l.path("correlationId").asText().equals(corr)).count(), "one access line");
        assertTrue(access.stream().anyMatch(l -> l.path("message").asText().startsWith("POST /api/v1/payments 413 ")), access.toString());
        assertTrue(access.stream().anyMatch(l -> l.path("message").asText().matches("POST /api/v1/escrow/.*/authorize 200 \\d+ms")));

        // A payment's status change is logged once, with the payment id and the correlation id and route of what
        // caused it (the API's answer or Stripe's webhook, whichever is applied first).
        List<JsonNode> authorised = lines.stream().filter(l -> l.path("message").asText().contains(" PENDING -> AUTHORIZED (")
                && heldId.equals(l.path("paymentId").asText())).toList();
        assertEquals(1, authorised.size(), lines.toString());
        assertTrue(!authorised.get(0).path("correlationId").asText().isEmpty(), authorised.toString());
        assertTrue(!authorised.get(0).path("camel.routeId").asText().isEmpty(), authorised.toString());

        // A line logged while a request runs through the routes carries its correlation id and route id.
        List<JsonNode> inRequests = lines.stream().filter(l -> l.path("camel.routeId").asText().matches("(rest|api)-.*")).toList();
        assertTrue(!inRequests.isEmpty(), lines.toString());
        inRequests.forEach(l -> assertTrue(!l.path("correlationId").asText().isEmpty(), l.toString()));

        for (JsonNode line : lines) {
            String level = line.path("log.level").asText();
            assertTrue(!level.equals("ERROR"), "an ERROR: " + line);
            if (level.equals("WARN")) {
                assertTrue(line.path("error.stack_trace").isMissingNode(), "a WARN with a stack trace: " + line);
                assertTrue(!line.path("message").asText().contains("not recorded yet"), "a normal escrow authorise warned: " + line);
            }
        }
        long clientMistakeWarnings = lines.stream().filter(l -> l.path("log.level").asText().equals("WARN")
                && (l.toString().contains("corr-big-") || l.toString().contains("corr-bad-"))).count();
        assertTrue(clientMistakeWarnings <= 2, "at most one WARN per client mistake: " + lines);
    }

    private static HttpResponse<String> standIn(HttpClient http, int port, String path, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer sk_test_offline").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The lines of one request or exchange but its access line (which is the request's, not the payment's). */
    private static List<JsonNode> linesOf(List<JsonNode> lines, String correlationId) {
        return lines.stream().filter(l -> l.path("correlationId").asText().equals(correlationId)
                && !l.path("log.logger").asText().equals("dev.payroute.access")).toList();
    }

    @Test
    void lines_of_a_confirm_an_escrow_release_and_a_refund_carry_the_payment_id() throws Exception {
        String run = UUID.randomUUID().toString();
        int standInPort = ServiceProcess.freePort();
        List<JsonNode> lines = new ArrayList<>();
        String paid;
        String held;
        try (ServiceProcess service = ServiceProcess.start("logs-payment-id",
                Map.of("PAYROUTE_LOG_FORMAT", "json", "STRIPE_STANDIN_PORT", Integer.toString(standInPort)), Map.of())) {
            service.awaitReady(Duration.ofSeconds(90));
            // Stripe's webhooks are held back: each status change is the request's own (a webhook could apply it first).
            assertEquals(200, standIn(http, standInPort, "/_standin/webhooks/withhold", "type=*").statusCode());
            HttpResponse<String> created = send(service, "POST", "/api/v1/payments",
                    "{\"amount\":2500,\"currency\":\"usd\",\"order_id\":\"logs-pid-" + run + "\"}", "corr-create-" + run);
            assertEquals(201, created.statusCode(), created.body());
            paid = JSON.readTree(created.body()).get("id").asText();
            HttpResponse<String> confirmed = send(service, "POST", "/api/v1/payments/" + paid + "/confirm",
                    "{\"payment_method\":\"pm_card_visa\"}", "corr-confirm-" + run);
            assertEquals(200, confirmed.statusCode(), confirmed.body());

            // Stripe fails the refund: it stays PENDING, and the WARN saying so is logged while the refund route runs.
            assertEquals(200, standIn(http, standInPort, "/_standin/faults",
                    "method=POST&path_prefix=/v1/refunds&kind=HTTP_500&times=20").statusCode());
            HttpResponse<String> refunded = send(service, "POST", "/api/v1/refunds",
                    "{\"payment_id\":\"" + paid + "\",\"amount\":500}", "corr-refund-" + run);
            assertEquals(201, refunded.statusCode(), refunded.body());
            assertEquals("PENDING", JSON.readTree(refunded.body()).get("status").asText(), refunded.body());

            HttpResponse<String> account = standIn(http, standInPort, "/v1/accounts",
                    "type=express&country=US&capabilities[transfers][requested]=true");
            assertEquals(200, account.statusCode(), account.body());
            String accountId = JSON.readTree(account.body()).get("id").asText();
            String order = "logs-escrow-" + run;
            HttpResponse<String> hold = send(service, "POST", "/api/v1/escrow/" + order + "/authorize",
                    "{\"amount\":2098,\"customer_id\":\"c\",\"payment_method\":\"pm_card_visa\"}", "corr-hold-" + run);
            assertEquals(200, hold.statusCode(), hold.body());
            held = JSON.readTree(hold.body()).get("id").asText();
            HttpResponse<String> released = send(service, "POST", "/api/v1/escrow/" + order + "/release",
                    "{\"payee_id\":\"runner-" + run + "\",\"connect_account_id\":\"" + accountId + "\"}", "corr-release-" + run);
            assertEquals(200, released.statusCode(), released.body());
            service.close();
            for (String line : Files.readAllLines(service.log())) {
                if (line.startsWith("{")) {
                    lines.add(JSON.readTree(line));
                }
            }
        }
        List<JsonNode> refundWarning = linesOf(lines, "corr-refund-" + run).stream()
                .filter(l -> l.path("message").asText().contains(" not sent (Stripe unavailable")).toList();
        assertEquals(1, refundWarning.size(), "the refund's WARN that Stripe is unavailable");
        for (String[] exchange : new String[][] {{"corr-confirm-" + run, paid}, {"corr-refund-" + run, paid},
                {"corr-release-" + run, held}}) {
            List<JsonNode> ofExchange = linesOf(lines, exchange[0]);
            assertTrue(!ofExchange.isEmpty(), exchange[0] + " logged nothing but its access line");
            ofExchange.forEach(l -> assertEquals(exchange[1], l.path("paymentId").asText(), l.toString()));
        }
    }
}
