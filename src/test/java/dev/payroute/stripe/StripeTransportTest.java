package dev.payroute.stripe;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.CardException;
import com.stripe.model.PaymentIntent;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentCreateParams;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * payroute's transport for stripe-java against a real HTTP server on loopback: the same request as stripe-java's
 * own transport sends (method, path, form body, every header, the two client headers with the same values), and
 * Stripe's answers, errors and unreachable hosts turned into the same exceptions.
 */
class StripeTransportTest {

    private HttpServer server;
    private final List<Map<String, List<String>>> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<String> bodies = Collections.synchronizedList(new ArrayList<>());
    private final AtomicReference<String> answer = new AtomicReference<>();
    private final AtomicReference<Integer> status = new AtomicReference<>(200);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.add(Map.copyOf(exchange.getRequestHeaders()));
            bodies.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = answer.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("Request-Id", "req_transport_test");
            exchange.sendResponseHeaders(status.get(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private StripeClient client(com.stripe.net.HttpClient transport, String base) {
        StripeClient.StripeClientBuilder builder = StripeClient.builder().setApiKey("sk_test_transport").setApiBase(base)
                .setMaxNetworkRetries(0).setConnectTimeout(2000).setReadTimeout(2000);
        return (transport == null ? builder : builder.setHttpClient(transport)).build();
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private PaymentIntent create(StripeClient client) throws Exception {
        return client.v1().paymentIntents().create(PaymentIntentCreateParams.builder().setAmount(1234L).setCurrency("usd")
                .putMetadata("order_id", "ord 1").build(), RequestOptions.builder().setIdempotencyKey("idem-1").build());
    }

    @Test
    void sends_what_stripe_javas_own_transport_sends_and_reads_the_answer() throws Exception {
        answer.set("{\"id\":\"pi_123\",\"object\":\"payment_intent\",\"amount\":1234,\"currency\":\"usd\",\"status\":\"requires_payment_method\"}");
        PaymentIntent ours = create(client(new StripeTransport(), base()));
        PaymentIntent theirs = create(client(null, base()));

        assertEquals("pi_123", ours.getId());
        assertEquals(1234L, ours.getAmount());
        assertEquals("req_transport_test", ours.getLastResponse().requestId());
        assertEquals(bodies.get(1), bodies.get(0), "same method, path and form body");
        assertTrue(bodies.get(0).startsWith("POST /v1/payment_intents "), bodies.get(0));
        assertTrue(bodies.get(0).contains("metadata[order_id]=ord+1") || bodies.get(0).contains("metadata%5Border_id%5D=ord+1"), bodies.get(0));
        Map<String, List<String>> sent = requests.get(0);
        Map<String, List<String>> expected = requests.get(1);
        // (The server writes header names as Xxxx-xxxx.)
        for (String header : expected.keySet()) {
            // Telemetry reports the request before (stripe-java keeps it for the process): checked below.
            if (!header.equals("X-stripe-client-telemetry")) {
                assertEquals(expected.get(header), sent.get(header), header);
            }
        }
        java.util.Set<String> ourNames = new java.util.TreeSet<>(sent.keySet());
        java.util.Set<String> theirNames = new java.util.TreeSet<>(expected.keySet());
        ourNames.remove("X-stripe-client-telemetry");
        theirNames.remove("X-stripe-client-telemetry");
        assertEquals(theirNames, ourNames, "no header more or less than stripe-java sends");
        for (String header : List.of("User-agent", "X-stripe-client-user-agent", "Authorization", "Stripe-version")) {
            assertTrue(sent.containsKey(header), header + " is sent: " + sent.keySet());
        }
        assertEquals(List.of("idem-1"), sent.get("Idempotency-key"));
        // Built once, the same on the next request.
        create(client(new StripeTransport(), base()));
        assertEquals(sent.get("X-stripe-client-user-agent"), requests.get(2).get("X-stripe-client-user-agent"));
        assertTrue(String.valueOf(requests.get(2).get("X-stripe-client-telemetry")).contains("req_transport_test"),
                "stripe-java's telemetry still reports the request before: " + requests.get(2));
    }

    @Test
    void an_error_answer_becomes_stripe_javas_exception_with_its_code() {
        status.set(402);
        answer.set("{\"error\":{\"type\":\"card_error\",\"code\":\"card_declined\",\"decline_code\":\"generic_decline\","
                + "\"message\":\"Your card was declined.\"}}");
        CardException declined = assertThrows(CardException.class, () -> create(client(new StripeTransport(), base())));
        assertEquals("card_declined", declined.getCode());
        assertEquals(402, declined.getStatusCode());
        assertEquals("req_transport_test", declined.getRequestId());
    }

    @Test
    void a_host_that_refuses_connections_is_an_api_connection_error_naming_the_host_only() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        ApiConnectionException e = assertThrows(ApiConnectionException.class,
                () -> create(client(new StripeTransport(), "http://127.0.0.1:" + closed)));
        assertTrue(e.getMessage().contains("http://127.0.0.1:" + closed), e.getMessage());
        assertTrue(!e.getMessage().contains("sk_test_transport"), e.getMessage());
    }
}
