package dev.payroute.domain;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request refused for a reason its sender can act on: what kind of refusal it is, a short
 * machine-readable code, the field that is wrong when there is one, and facts worth reporting
 * (extensions). It says nothing of transports: the HTTP edge turns it into problem+json with a status
 * (http.ProblemResponder), the Kafka edge into a payment.failed event with {@link #reason()}.
 */
public class Refusal extends RuntimeException {

    /** What kind of refusal: each edge decides how to answer it (HTTP picks a status per kind). */
    public enum Kind {
        /** Malformed or missing input. */
        INVALID,
        /** Well-formed input with a value that is wrong. */
        UNPROCESSABLE,
        /** No credentials, or unknown ones. */
        UNAUTHENTICATED,
        /** Known credentials without the right. */
        FORBIDDEN,
        NOT_FOUND,
        /** The state of what is addressed does not allow it (now, or any more). */
        CONFLICT,
        /** The card was declined: the customer may try another. */
        DECLINED,
        /** The body is not in a format we read. */
        UNSUPPORTED_FORMAT,
        /** A dependency (database, payment provider, broker) cannot be reached now; retry later. */
        UNAVAILABLE,
        /** The payment provider refused for a reason that is not the caller's. */
        PROVIDER_REFUSED,
        /** Our own fault. */
        INTERNAL
    }

    private final Kind kind;
    private final String type;
    private final String field;
    private final Map<String, Object> extensions = new LinkedHashMap<>();

    public Refusal(Kind kind, String type, String detail, String field) {
        super(detail);
        this.kind = kind;
        this.type = type;
        this.field = field;
    }

    public static Refusal badRequest(String field, String detail) {
        return new Refusal(Kind.INVALID, "invalid-request", detail, field);
    }

    public static Refusal missing(String field, String detail) {
        return new Refusal(Kind.INVALID, "missing-field", detail, field);
    }

    public static Refusal unprocessable(String field, String detail) {
        return new Refusal(Kind.UNPROCESSABLE, "invalid-field", detail, field);
    }

    public static Refusal notFound(String detail) {
        return new Refusal(Kind.NOT_FOUND, "not-found", detail, null);
    }

    /** Nothing has the id the request's field names (a payment_id in the body, not the path). */
    public static Refusal notFound(String field, String detail) {
        return new Refusal(Kind.NOT_FOUND, "not-found", detail, field);
    }

    public static Refusal conflict(String type, String detail) {
        return new Refusal(Kind.CONFLICT, type, detail, null);
    }

    public Refusal with(String key, Object value) {
        extensions.put(key, value);
        return this;
    }

    public Kind kind() {
        return kind;
    }

    /** The code, kebab-case (payee-account-unusable); HTTP problem types are built from it. */
    public String type() {
        return type;
    }

    /** The code as a machine-readable reason for events (snake_case: payee-account-unusable → payee_account_unusable). */
    public String reason() {
        return type.replace('-', '_');
    }

    public String field() {
        return field;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }
}
