package dev.payroute.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.payroute.domain.ApiProblem;
import dev.payroute.domain.StorableText;
import org.apache.camel.Exchange;

/**
 * Reads the request body as strict JSON into the REQUEST_JSON property; malformed JSON is a 400, and so is a
 * NUL or a lone surrogate in any name or string of it (StorableText), whatever the route does next.
 */
public final class JsonRequests {

    static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    public void read(Exchange exchange) {
        requireJsonContentType(exchange);
        String body = exchange.getMessage().getBody(String.class);
        exchange.setProperty(ExchangeKeys.REQUEST_JSON, parse(body));
    }

    /** For endpoints whose body is optional: an empty body reads as {}. */
    public void readOptional(Exchange exchange) {
        String body = exchange.getMessage().getBody(String.class);
        if (body != null && !body.isBlank()) {
            requireJsonContentType(exchange);
        }
        exchange.setProperty(ExchangeKeys.REQUEST_JSON,
                body == null || body.isBlank() ? STRICT.createObjectNode() : parse(body));
    }

    private static void requireJsonContentType(Exchange exchange) {
        String type = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        String mediaType = type == null ? "" : type.split(";")[0].trim().toLowerCase(java.util.Locale.ROOT);
        if (!mediaType.equals("application/json") && !mediaType.endsWith("+json")) {
            throw new ApiProblem(415, "unsupported-media-type", "send the body as JSON with Content-Type: application/json",
                    "Content-Type");
        }
    }

    static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw ApiProblem.badRequest(null, "a JSON request body is required");
        }
        JsonNode json;
        try {
            json = STRICT.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiProblem.badRequest(null, "malformed JSON: " + e.getOriginalMessage());
        }
        StorableText.requireStorable(json);
        return json;
    }
}
