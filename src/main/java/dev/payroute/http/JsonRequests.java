package dev.payroute.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.payroute.domain.Refusal;
import dev.payroute.domain.StorableText;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

/**
 * Reads the request body as strict JSON (routes put it in the route variable json): malformed JSON is a
 * 400, a body that is not JSON a 415, and a NUL or lone surrogate anywhere in it a 400 naming where. A
 * name given twice in one object is malformed JSON too, and its 400 names it by its path (metadata.k).
 */
public final class JsonRequests {

    static final ObjectMapper STRICT = dev.payroute.json.Json.STRICT;

    public JsonNode read(@Header(Exchange.CONTENT_TYPE) String contentType, @Body String body) {
        requireJsonContentType(contentType);
        return parse(body);
    }

    /** For endpoints whose body is optional: an empty body reads as {}. */
    public JsonNode readOptional(@Header(Exchange.CONTENT_TYPE) String contentType, @Body String body) {
        if (body == null || body.isBlank()) {
            return STRICT.createObjectNode();
        }
        requireJsonContentType(contentType);
        return parse(body);
    }

    private static void requireJsonContentType(String type) {
        String mediaType = type == null ? "" : type.split(";")[0].trim().toLowerCase(java.util.Locale.ROOT);
        if (!mediaType.equals("application/json") && !mediaType.endsWith("+json")) {
            throw new Refusal(Refusal.Kind.UNSUPPORTED_FORMAT, "unsupported-media-type",
                    "send the body as JSON with Content-Type: application/json", "Content-Type");
        }
    }

    static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw Refusal.badRequest(null, "a JSON request body is required");
        }
        JsonNode json;
        try {
            json = STRICT.readTree(body);
        } catch (JsonProcessingException e) {
            throw Refusal.badRequest(duplicatedName(e), "malformed JSON: " + e.getOriginalMessage());
        }
        StorableText.requireStorable(json);
        return json;
    }

    /**
     * The path of a name given twice (items[0].amount), or null for any other error: where the parser stopped
     * in a syntax error can be a neighbour of the mistake, a duplicate's name is the mistake. Jackson reports a
     * duplicate after taking the name as its object's current one, so the parser's context is the duplicate's.
     */
    static String duplicatedName(JsonProcessingException e) {
        if (!(e.getProcessor() instanceof JsonParser parser)
                || e.getOriginalMessage() == null || !e.getOriginalMessage().startsWith("Duplicate field ")) {
            return null;
        }
        java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
        for (JsonStreamContext at = parser.getParsingContext(); at != null && !at.inRoot(); at = at.getParent()) {
            if (at.inArray()) {
                parts.addFirst("[" + at.getCurrentIndex() + "]");
            } else if (at.getCurrentName() != null) {
                parts.addFirst("." + StorableText.printable(at.getCurrentName()));
            }
        }
        String path = String.join("", parts);
        return path.startsWith(".") ? path.substring(1) : path.isEmpty() ? null : path;
    }
}
