package dev.payroute.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.payroute.domain.Refusal;
import dev.payroute.domain.StorableText;

/**
 * A Stripe event read from its raw JSON, whatever its api_version: version-matched
 * deserialisation in stripe-java drops objects of other versions, so payroute never relies on it.
 */
public record StripeEvent(String id, String type, String apiVersion, boolean livemode, JsonNode object) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static StripeEvent parse(String payload) {
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (JsonProcessingException e) {
            throw Refusal.badRequest(null, "the webhook body is not JSON");
        }
        if (root == null || !root.isObject() || !"event".equals(root.path("object").asText())) {
            throw Refusal.badRequest("object", "the webhook body is not a Stripe event");
        }
        String id = root.path("id").asText("");
        if (!id.startsWith("evt_") || id.length() > 100) {
            throw Refusal.badRequest("id", "a Stripe event id (evt_...) is required");
        }
        String type = root.path("type").asText("");
        if (type.isEmpty() || type.length() > 100) {
            throw Refusal.badRequest("type", "the event type is required");
        }
        JsonNode object = root.path("data").path("object");
        if (!object.isObject()) {
            throw Refusal.badRequest("data.object", "the event carries no data.object");
        }
        String apiVersion = root.path("api_version").asText(null);
        // Kept in plain columns of webhook_events: refused here rather than failing the insert.
        StorableText.requireStorable("id", id);
        StorableText.requireStorable("type", type);
        StorableText.requireStorable("api_version", apiVersion);
        StorableText.requireStorable("data.object.id", object.path("id").asText(null));
        return new StripeEvent(id, type, apiVersion, root.path("livemode").asBoolean(false), object);
    }

    public String objectId() {
        return object.path("id").asText(null);
    }
}
