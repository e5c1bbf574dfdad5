package dev.payroute.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Stripe events for tests: built from Stripe's published example objects
 * (src/test/resources/stripe-fixtures), with the fields a test needs set, and signed the way
 * Stripe signs them (t=<unix seconds>,v1=hex HMAC-SHA256 of "t.payload" with the endpoint secret).
 */
public final class StripeEvents {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode FIXTURES = load();

    private StripeEvents() {
    }

    private static JsonNode load() {
        try (InputStream in = StripeEvents.class.getResourceAsStream("/stripe-fixtures/stripe-example-objects.json")) {
            return JSON.readTree(in).get("resources");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of Stripe's example object for a resource (payment_intent, charge, refund, dispute, checkout.session, ...). */
    public static ObjectNode fixture(String resource) {
        return FIXTURES.get(resource).deepCopy();
    }

    public static ObjectNode paymentIntent(String id, String status, long amount) {
        ObjectNode pi = fixture("payment_intent");
        pi.put("id", id);
        pi.put("status", status);
        pi.put("amount", amount);
        pi.put("amount_received", status.equals("succeeded") ? amount : 0);
        pi.put("amount_capturable", status.equals("requires_capture") ? amount : 0);
        pi.put("currency", "usd");
        // The example object fills every field with placeholders; a fresh intent has neither.
        pi.putNull("last_payment_error");
        pi.putNull("next_action");
        return pi;
    }

    public static ObjectNode charge(String paymentIntentId, long amount, boolean captured) {
        ObjectNode charge = fixture("charge");
        charge.put("id", "ch_" + random());
        charge.put("payment_intent", paymentIntentId);
        charge.put("amount", amount);
        charge.put("amount_captured", captured ? amount : 0);
        charge.put("captured", captured);
        charge.put("currency", "usd");
        ObjectNode card = charge.with("payment_method_details").put("type", "card").with("card");
        card.put("brand", "visa");
        card.put("last4", "4242");
        return charge;
    }

    public static String event(String type, JsonNode object) {
        return event("evt_" + random(), type, object, com.stripe.Stripe.API_VERSION);
    }

    public static String event(String id, String type, JsonNode object, String apiVersion) {
        ObjectNode event = fixture("event");
        event.put("id", id);
        event.put("type", type);
        event.put("api_version", apiVersion);
        event.put("created", System.currentTimeMillis() / 1000);
        event.put("livemode", false);
        ObjectNode data = event.putObject("data");
        data.set("object", object);
        return event.toString();
    }

    public static String idOf(String eventJson) {
        try {
            return JSON.readTree(eventJson).get("id").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String sign(String payload, String secret) {
        return sign(payload, secret, System.currentTimeMillis() / 1000);
    }

    public static String sign(String payload, String secret, long timestamp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((timestamp + "." + payload).getBytes(StandardCharsets.UTF_8));
            return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String random() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }
}
