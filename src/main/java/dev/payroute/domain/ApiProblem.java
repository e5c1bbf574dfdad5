package dev.payroute.domain;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A failure the caller must see as an RFC 9457 problem. It carries the HTTP status,
 * a short machine-readable type, and the field that is wrong when there is one.
 */
public class ApiProblem extends RuntimeException {

    private final int status;
    private final String type;
    private final String field;
    private final Map<String, Object> extensions = new LinkedHashMap<>();

    public ApiProblem(int status, String type, String detail, String field) {
        super(detail);
        this.status = status;
        this.type = type;
        this.field = field;
    }

    public static ApiProblem badRequest(String field, String detail) {
        return new ApiProblem(400, "invalid-request", detail, field);
    }

    public static ApiProblem missing(String field, String detail) {
        return new ApiProblem(400, "missing-field", detail, field);
    }

    public static ApiProblem unprocessable(String field, String detail) {
        return new ApiProblem(422, "invalid-field", detail, field);
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(404, "not-found", detail, null);
    }

    public static ApiProblem conflict(String type, String detail) {
        return new ApiProblem(409, type, detail, null);
    }

    public ApiProblem with(String key, Object value) {
        extensions.put(key, value);
        return this;
    }

    /** The type as a machine-readable reason for events (snake_case: payee-account-unusable → payee_account_unusable). */
    public String reason() {
        return type.replace('-', '_');
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String field() {
        return field;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }
}
