package dev.payroute.http;

import dev.payroute.RouteVariables;
import dev.payroute.json.Json;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Writes an HTTP reply: the last step of an HTTP route. Request headers are dropped first
 * (platform-http copies the message's headers into the response, and the caller's Authorization header
 * must never echo back); a reply to a request under an Idempotency-Key is kept for its replays.
 */
public final class HttpReplies {

    /** The headers a reply keeps from the request's way through the routes, lower case (header names are case-insensitive). */
    private static final java.util.Set<String> KEPT_HEADERS = java.util.Set.of(
            "idempotent-replayed", "www-authenticate", "location", "retry-after", "x-correlation-id", "cache-control");

    /**
     * The admin page's policy: scripts, styles and fetches only from payroute itself (no inline script, so an
     * escaped value that slipped through still cannot run), no framing, no form posts elsewhere, no referrer.
     */
    static final String PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private final IdempotencyGate idempotency;

    public HttpReplies(IdempotencyGate idempotency) {
        this.idempotency = idempotency;
    }

    /** Takes Exchange: a reply rewrites the message (status, headers, body) and is recorded for the key. */
    public void ok(Exchange exchange) {
        reply(exchange, 200, "application/json", exchange.getMessage().getBody());
    }

    /** Takes Exchange, as {@link #ok}. */
    public void created(Exchange exchange) {
        reply(exchange, 201, "application/json", exchange.getMessage().getBody());
    }

    /** Takes Exchange, as {@link #ok}: an HTML page in the body. */
    public void html(Exchange exchange) {
        reply(exchange, 200, "text/html; charset=utf-8", exchange.getMessage().getBody());
    }

    /** Takes Exchange: an admin page in the body, with {@link #securePage} headers (GatedPlatformHttpServer adds Cache-Control: no-store to /admin). */
    public void page(Exchange exchange) {
        reply(exchange, 200, "text/html; charset=utf-8", exchange.getMessage().getBody());
        securePage(exchange);
    }

    /** The headers of every admin page, its login page and its error pages (after {@link #write}). */
    public static void securePage(Exchange exchange) {
        Message message = exchange.getMessage();
        message.setHeader("Content-Security-Policy", PAGE_POLICY);
        message.setHeader("X-Content-Type-Options", "nosniff");
        message.setHeader("Referrer-Policy", "no-referrer");
        message.setHeader("X-Frame-Options", "DENY");
    }

    /** Writes the reply and keeps it for the request's Idempotency-Key, if it has one. */
    public void reply(Exchange exchange, int status, String contentType, Object body) {
        write(exchange, status, contentType, body);
        idempotency.record(exchange);
    }

    public static void write(Exchange exchange, int status, String contentType, Object body) {
        Message message = exchange.getMessage();
        // Read before the route's headers go: the caller's X-Correlation-Id or the one assigned to the request.
        String correlationId = message.getHeader(RouteVariables.CORRELATION_ID, String.class);
        // Not removeHeaders("*", kept...): Camel compiles each kept name as a regular expression for every header.
        message.getHeaders().keySet().removeIf(name -> !KEPT_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT)));
        if (correlationId != null) {
            message.setHeader("X-Correlation-Id", correlationId);
        }
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, contentType);
        message.setBody(body instanceof String ? body : Json.write(body));
    }
}
