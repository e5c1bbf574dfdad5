package dev.payroute.http;

import dev.payroute.domain.ApiProblem;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;

import java.util.UUID;

/**
 * The Idempotency-Key rules of DESIGN §3 as two route steps: {@link #claim} before the
 * operation (replays, refuses or hands out the operation id) and {@link #record} after it.
 */
public final class IdempotencyGate {

    private static final int MAX_KEY_LENGTH = 255;

    private final IdempotencyStore store;

    public IdempotencyGate(IdempotencyStore store) {
        this.store = store;
    }

    public void claim(Exchange exchange) {
        String key = exchange.getMessage().getHeader("Idempotency-Key", String.class);
        if (key == null) {
            exchange.setProperty(ExchangeKeys.OPERATION_ID, UUID.randomUUID());
            return;
        }
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c > 32 && c < 127)) {
            throw ApiProblem.badRequest("Idempotency-Key",
                    "Idempotency-Key must be 1 to " + MAX_KEY_LENGTH + " printable ASCII characters");
        }
        String method = exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class);
        String path = exchange.getMessage().getHeader(Exchange.HTTP_PATH, String.class);
        if (path == null || path.isEmpty()) {
            path = exchange.getMessage().getHeader(Exchange.HTTP_URI, String.class);
        }
        String principal = exchange.getProperty(ExchangeKeys.PRINCIPAL, String.class);
        JsonNode body = exchange.getProperty(ExchangeKeys.REQUEST_JSON, JsonNode.class);
        IdempotencyStore.Claim claim = store.claim(principal, key, method, path,
                RequestFingerprint.of(method, path, body));
        switch (claim.decision()) {
            case MISMATCH:
                throw new ApiProblem(422, "idempotency-key-reused",
                        "this Idempotency-Key was used with a different request", "Idempotency-Key");
            case IN_FLIGHT:
                throw new ApiProblem(409, "idempotency-key-in-use",
                        "a request with this Idempotency-Key is still being processed; retry later", "Idempotency-Key");
            case UNREADABLE:
                throw new ApiProblem(409, "idempotency-key-unreadable",
                        "this Idempotency-Key completed earlier but its stored response can no longer be read;"
                                + " use a new key after checking the resource", "Idempotency-Key");
            case REPLAY:
                exchange.setProperty(ExchangeKeys.IDEMPOTENT_REPLAY, true);
                exchange.getMessage().setHeader("Idempotent-Replayed", "true");
                String type = claim.storedStatus() >= 400 ? "application/problem+json" : "application/json";
                HttpReplies.write(exchange, claim.storedStatus(), type, claim.storedBody());
                return;
            default:
                exchange.setProperty(ExchangeKeys.IDEMPOTENCY_KEY, key);
                exchange.setProperty(ExchangeKeys.OPERATION_ID, claim.operationId());
        }
    }

    /**
     * Stripe's validation refused a value the caller sent, so nothing ran: like Stripe, keep no result,
     * and a corrected request may use the same key.
     */
    public void release(Exchange exchange) {
        String key = exchange.getProperty(ExchangeKeys.IDEMPOTENCY_KEY, String.class);
        if (key == null) {
            return;
        }
        store.release(exchange.getProperty(ExchangeKeys.PRINCIPAL, String.class), key,
                exchange.getProperty(ExchangeKeys.OPERATION_ID, UUID.class));
        exchange.removeProperty(ExchangeKeys.IDEMPOTENCY_KEY);
    }

    /** Keeps the reply written so far for later replays; a 5xx leaves the key open to a retry. */
    public void record(Exchange exchange) {
        String key = exchange.getProperty(ExchangeKeys.IDEMPOTENCY_KEY, String.class);
        if (key == null) {
            return;
        }
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        store.recordOutcome(exchange.getProperty(ExchangeKeys.PRINCIPAL, String.class), key,
                exchange.getProperty(ExchangeKeys.OPERATION_ID, UUID.class),
                status == null ? 200 : status, exchange.getMessage().getBody(String.class));
        exchange.removeProperty(ExchangeKeys.IDEMPOTENCY_KEY);
    }
}
