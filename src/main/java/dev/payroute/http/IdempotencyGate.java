package dev.payroute.http;

import dev.payroute.RouteVariables;
import dev.payroute.domain.Refusal;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;

import java.util.UUID;

/**
 * The Idempotency-Key rules of DESIGN §3: {@link #claim} before the operation (replays, refuses or hands
 * out the operation id, route variables operationId, idempotencyKey, idempotentReplay), and
 * {@link #record} of the reply, which HttpReplies and ProblemResponder call when they write it.
 */
public final class IdempotencyGate {

    private static final int MAX_KEY_LENGTH = 255;

    private final IdempotencyStore store;
    private final MeterRegistry meters;

    public IdempotencyGate(IdempotencyStore store, MeterRegistry meters) {
        this.store = store;
        this.meters = meters;
    }

    /** A request refused because of its key's earlier use: counted by reason, then thrown. */
    private Refusal conflict(Refusal refusal) {
        Counter.builder("payroute.idempotency.conflicts").description("Requests refused because of their Idempotency-Key's earlier use")
                .tag("reason", refusal.type()).register(meters).increment();
        return refusal;
    }

    /** Takes Exchange: a replay writes the stored reply onto the message, and the claim sets route variables. */
    public void claim(Exchange exchange) {
        String key = exchange.getMessage().getHeader("Idempotency-Key", String.class);
        if (key == null) {
            exchange.setVariable(RouteVariables.OPERATION_ID, UUID.randomUUID());
            return;
        }
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c > 32 && c < 127)) {
            throw Refusal.badRequest("Idempotency-Key",
                    "Idempotency-Key must be 1 to " + MAX_KEY_LENGTH + " printable ASCII characters");
        }
        String method = exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class);
        String path = exchange.getMessage().getHeader(Exchange.HTTP_PATH, String.class);
        if (path == null || path.isEmpty()) {
            path = exchange.getMessage().getHeader(Exchange.HTTP_URI, String.class);
        }
        String principal = exchange.getVariable(RouteVariables.PRINCIPAL, String.class);
        JsonNode body = exchange.getVariable(RouteVariables.JSON, JsonNode.class);
        IdempotencyStore.Claim claim = store.claim(principal, key, method, path,
                RequestFingerprint.of(method, path, body));
        switch (claim.decision()) {
            case MISMATCH:
                throw conflict(new Refusal(Refusal.Kind.UNPROCESSABLE, "idempotency-key-reused",
                        "this Idempotency-Key was used with a different request", "Idempotency-Key"));
            case IN_FLIGHT:
                throw conflict(new Refusal(Refusal.Kind.CONFLICT, "idempotency-key-in-use",
                        "a request with this Idempotency-Key is still being processed; retry later", "Idempotency-Key"));
            case UNREADABLE:
                throw conflict(new Refusal(Refusal.Kind.CONFLICT, "idempotency-key-unreadable",
                        "this Idempotency-Key completed earlier but its stored response can no longer be read;"
                                + " use a new key after checking the resource", "Idempotency-Key"));
            case REPLAY:
                Counter.builder("payroute.idempotency.replays").description("Requests answered with the stored reply of their Idempotency-Key")
                        .register(meters).increment();
                exchange.setVariable(RouteVariables.IDEMPOTENT_REPLAY, true);
                exchange.getMessage().setHeader("Idempotent-Replayed", "true");
                String type = claim.storedStatus() >= 400 ? "application/problem+json" : "application/json";
                HttpReplies.write(exchange, claim.storedStatus(), type, claim.storedBody());
                return;
            default:
                exchange.setVariable(RouteVariables.IDEMPOTENCY_KEY, key);
                exchange.setVariable(RouteVariables.OPERATION_ID, claim.operationId());
        }
    }

    /**
     * Nothing ran (Stripe's validation refused a value the caller sent, or nothing the request names exists): like
     * Stripe, keep no result, and a corrected request may use the same key. Takes Exchange, as {@link #record}: the
     * key and its owner are route variables of the request.
     */
    public void release(Exchange exchange) {
        String key = exchange.getVariable(RouteVariables.IDEMPOTENCY_KEY, String.class);
        if (key == null) {
            return;
        }
        store.release(exchange.getVariable(RouteVariables.PRINCIPAL, String.class), key,
                exchange.getVariable(RouteVariables.OPERATION_ID, UUID.class));
        exchange.removeVariable(RouteVariables.IDEMPOTENCY_KEY);
    }

    /**
     * Keeps the reply written so far for later replays; a 5xx leaves the key open to a retry. Takes Exchange: it keeps
     * the reply written on the message (status and body) for the key in the route variables.
     */
    public void record(Exchange exchange) {
        String key = exchange.getVariable(RouteVariables.IDEMPOTENCY_KEY, String.class);
        if (key == null) {
            return;
        }
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        store.recordOutcome(exchange.getVariable(RouteVariables.PRINCIPAL, String.class), key,
                exchange.getVariable(RouteVariables.OPERATION_ID, UUID.class),
                status == null ? 200 : status, exchange.getMessage().getBody(String.class));
        exchange.removeVariable(RouteVariables.IDEMPOTENCY_KEY);
    }
}
