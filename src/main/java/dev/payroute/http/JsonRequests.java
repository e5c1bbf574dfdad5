package dev.payroute.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.payroute.domain.Refusal;
import dev.payroute.domain.StorableText;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

/**
 * Reads the request body as strict JSON (routes put it in the route variable json): malformed JSON is a
 * 400, a body that is not JSON a 415, and a NUL or lone surrogate anywhere in it a 400 naming where.
 */
public final class JsonRequests {

    static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

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
            throw Refusal.badRequest(null, "malformed JSON: " + e.getOriginalMessage());
        }
        StorableText.requireStorable(json);
        return json;
    }
}
