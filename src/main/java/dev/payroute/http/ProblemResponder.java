package dev.payroute.http;

import dev.payroute.RouteVariables;
import dev.payroute.domain.Refusal;
import dev.payroute.sql.DatabaseFailures;
import dev.payroute.stripe.GatewayException;
import org.apache.camel.Exchange;
import org.springframework.core.NestedExceptionUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns the exception that ended an HTTP route into an RFC 9457 problem reply, and records it
 * against the request's Idempotency-Key so a replay answers the same way (except a value Stripe's
 * validation refused: nothing ran, and the key is left free for the corrected request).
 */
public final class ProblemResponder {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemResponder.class);
    /** Seconds a client is asked to wait after a 503: about what the pool needs to reconnect. */
    private static final int RETRY_AFTER_SECONDS = 5;

    private final IdempotencyGate idempotency;

    public ProblemResponder(IdempotencyGate idempotency) {
        this.idempotency = idempotency;
    }

    /** Takes Exchange: the failure is what the error handler caught, and the reply is written on the message. */
    public void respond(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Refusal problem = toProblem(failure);
        int status = status(problem.kind());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://payroute.dev/problems/" + problem.type());
        body.put("title", title(status));
        body.put("status", status);
        body.put("detail", problem.getMessage());
        if (problem.field() != null) {
            body.put("field", problem.field());
        }
        if (Boolean.TRUE.equals(exchange.getVariable(RouteVariables.LEGACY_ERRORS, Boolean.class))) {
            // Compatibility routes of services whose clients read {"success": false, "error": ...}.
            body.put("success", false);
            body.put("error", problem.getMessage());
        }
        // Extensions never replace the standard members.
        problem.extensions().forEach(body::putIfAbsent);
        String path = exchange.getMessage().getHeader(Exchange.HTTP_PATH, String.class);
        if (path != null) {
            body.put("instance", path);
        }
        if (status == 401) {
            exchange.getMessage().setHeader("WWW-Authenticate", "Bearer");
        }
        if (status == 503) {
            exchange.getMessage().setHeader("Retry-After", RETRY_AFTER_SECONDS);
        }
        Object page = exchange.getVariable(ProblemPage.VARIABLE);
        if (page instanceof ProblemPage html && ProblemPage.wanted(exchange)) {
            // A browser on the admin page: the login page for 401/403, an error page otherwise.
            HttpReplies.write(exchange, status, "text/html; charset=utf-8", html.render(status, problem.getMessage()));
            HttpReplies.securePage(exchange);
        } else {
            HttpReplies.write(exchange, status, "application/problem+json", body);
        }
        if (DatabaseFailures.unavailable(failure)) {
            // Without a database the outcome cannot be recorded: the key stays claimed until its lease ends.
            return;
        }
        if (failure instanceof GatewayException.Rejected rejected && rejected.field() != null
                || problem.kind() == Refusal.Kind.NOT_FOUND) {
            // Nothing ran: Stripe refused a value the caller sent, or nothing the request names exists (yet: an
            // order's release sent before its authorisation). No result is kept; the same key may run it later.
            idempotency.release(exchange);
        } else {
            idempotency.record(exchange);
        }
    }

    private static Refusal toProblem(Throwable failure) {
        if (failure instanceof Refusal problem) {
            return problem;
        }
        if (DatabaseFailures.unavailable(failure)) {
            LOG.warn("database unavailable: {}", NestedExceptionUtils.getMostSpecificCause(failure).toString());
            return new Refusal(Refusal.Kind.UNAVAILABLE, "database-unavailable", "the database is not answering; retry shortly", null);
        }
        if (failure instanceof GatewayException.Transient transientFailure) {
            LOG.warn("payment provider unavailable after retries: {}", transientFailure.getMessage());
            return new Refusal(Refusal.Kind.UNAVAILABLE, "provider-unavailable",
                    "the payment provider could not be reached; retry with the same Idempotency-Key", null);
        }
        if (failure instanceof GatewayException.Rejected rejected && rejected.field() != null) {
            // The caller's mistake that only Stripe could see (StripeRejections named the field).
            return Refusal.unprocessable(rejected.field(), rejected.getMessage())
                    .with("reason", rejected.reason())
                    .with("provider_code", rejected.code());
        }
        if (failure instanceof GatewayException.Rejected rejected) {
            LOG.warn("payment provider rejected a request: {}", rejected.getMessage());
            return new Refusal(Refusal.Kind.PROVIDER_REFUSED, "provider-rejected",
                    "the payment provider refused the request (" + rejected.code() + ")", null);
        }
        LOG.error("unexpected failure", failure);
        return new Refusal(Refusal.Kind.INTERNAL, "internal-error", "an unexpected error occurred", null);
    }

    /** The HTTP status of each kind of refusal: the only place where domain refusals meet HTTP. */
    static int status(Refusal.Kind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case UNAUTHENTICATED -> 401;
            case DECLINED -> 402;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case UNSUPPORTED_FORMAT -> 415;
            case UNPROCESSABLE -> 422;
            case INTERNAL -> 500;
            case PROVIDER_REFUSED -> 502;
            case UNAVAILABLE -> 503;
        };
    }

    static String title(int status) {
        switch (status) {
            case 400: return "Bad Request";
            case 401: return "Unauthorized";
            case 402: return "Payment Required";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 406: return "Not Acceptable";
            case 409: return "Conflict";
            case 413: return "Content Too Large";
            case 415: return "Unsupported Media Type";
            case 422: return "Unprocessable Content";
            case 502: return "Bad Gateway";
            case 503: return "Service Unavailable";
            default: return status >= 500 ? "Internal Server Error" : "Error";
        }
    }
}
