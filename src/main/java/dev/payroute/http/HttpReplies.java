package dev.payroute.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Writes an HTTP reply. Request headers are dropped first: platform-http copies the message's
 * headers into the response, and the caller's Authorization header must never echo back.
 */
public final class HttpReplies {

    public static final ObjectMapper JSON = new ObjectMapper()
            .findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // Decimal dollars at the compatibility edge are written as 20.98, never 2.098E+1.
            .enable(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private static final String[] KEPT_HEADERS = {
            "Idempotent-Replayed", "WWW-Authenticate", "Location", "Retry-After", "X-Correlation-Id", "Cache-Control"};

    public void ok(Exchange exchange) {
        write(exchange, 200, "application/json", exchange.getMessage().getBody());
    }

    public void created(Exchange exchange) {
        write(exchange, 201, "application/json", exchange.getMessage().getBody());
    }

    public static void write(Exchange exchange, int status, String contentType, Object body) {
        Message message = exchange.getMessage();
        message.removeHeaders("*", KEPT_HEADERS);
        String correlationId = exchange.getProperty(ExchangeKeys.CORRELATION_ID, String.class);
        if (correlationId != null) {
            message.setHeader("X-Correlation-Id", correlationId);
        }
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, contentType);
        message.setBody(body instanceof String ? body : toJson(body));
    }

    public static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write response", e);
        }
    }
}
