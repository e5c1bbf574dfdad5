package dev.payroute.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payroute.support.RouteTestSupport;
import dev.payroute.support.StripeEvents;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The development bypass, when it is enabled: only requests that ask for it, and each is counted. */
class UnsignedBypassTest extends RouteTestSupport {

    @Nested
    @CamelMainTest(properties = "payroute.webhooks.allow-unsigned=true")
    class WhenEnabled {

        @Test
        void an_unsigned_event_marked_for_development_is_accepted_and_counted() {
            JsonNode payment = createPayment("order-" + UUID.randomUUID(), 800);
            String event = StripeEvents.event("payment_intent.succeeded",
                    StripeEvents.paymentIntent(payment.get("payment_intent_id").asText(), "succeeded", 800));
            Reply unmarked = postWebhook("/api/v1/webhooks/stripe", event, null);
            assertEquals(400, unmarked.status(), "without the header an unsigned event is still refused");
            Reply marked = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/api/v1/webhooks/stripe"))
                    .header("Content-Type", "application/json").header("X-Development-Testing", "true")
                    .POST(HttpRequest.BodyPublishers.ofString(event)));
            assertEquals(200, marked.status(), marked.body());
            assertEquals("PROCESSED", awaitWebhookDone(StripeEvents.idOf(event)));
            assertEquals("SUCCEEDED", paymentStatus(payment.get("id").asText()));
            JsonNode debug = get("/api/v1/webhooks/debug", ADMIN_KEY).json();
            assertEquals(true, debug.get("unsigned_development_bypass").asBoolean());
            assertEquals(1, debug.at("/counters/unsigned_accepted").asInt());
        }
    }
}
