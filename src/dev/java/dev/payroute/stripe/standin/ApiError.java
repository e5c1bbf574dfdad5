package dev.payroute.stripe.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A Stripe error answer ({@code {"error":{...}}}) raised from anywhere inside request handling.
 * Thrown after state was changed (a declined confirmation) it does not undo the change: Stripe keeps
 * the failed charge and the PaymentIntent's new status too.
 */
final class ApiError extends RuntimeException {
  private final int status;
  private final ObjectNode error;

  private ApiError(int status, String type, String code, String message, String param) {
    super(message, null, false, false);
    this.status = status;
    this.error = Json.object();
    if (code != null) {
      error.put("code", code);
      if (!code.endsWith("_by_standin")) {
        // The stand-in's own codes (what it does not model) have no page in Stripe's docs.
        error.put("doc_url", "https://stripe.com/docs/error-codes/" + code.replace('_', '-'));
      }
    }
    error.put("message", message);
    if (param != null) {
      error.put("param", param);
    }
    error.put("type", type);
  }

  static ApiError invalidRequest(String message, String param) {
    return new ApiError(400, "invalid_request_error", null, message, param);
  }

  static ApiError invalidRequest(String code, String message, String param) {
    return new ApiError(400, "invalid_request_error", code, message, param);
  }

  static ApiError missingParam(String param) {
    return new ApiError(
        400, "invalid_request_error", "parameter_missing", "Missing required param: " + param + ".", param);
  }

  /** An id in the URL that names nothing: 404. */
  static ApiError resourceMissing(String kind, String id, String param) {
    return new ApiError(
        404, "invalid_request_error", "resource_missing", "No such " + kind + ": '" + id + "'", param);
  }

  /** An id passed as a parameter that names nothing: 400, the request itself is at fault. */
  static ApiError missingReference(String kind, String id, String param) {
    return new ApiError(
        400, "invalid_request_error", "resource_missing", "No such " + kind + ": '" + id + "'", param);
  }

  static ApiError authentication(String message) {
    return new ApiError(401, "invalid_request_error", null, message, null);
  }

  static ApiError notFound(String message) {
    return new ApiError(404, "invalid_request_error", null, message, null);
  }

  static ApiError idempotencyMismatch(String message) {
    return new ApiError(400, "idempotency_error", null, message, null);
  }

  static ApiError idempotencyInFlight(String message) {
    return new ApiError(409, "idempotency_error", null, message, null);
  }

  static ApiError server(String message) {
    return new ApiError(500, "api_error", null, message, null);
  }

  static ApiError rateLimited() {
    return new ApiError(
        429,
        "rate_limit_error",
        "rate_limit",
        "Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.",
        null);
  }

  /** A card error (HTTP 402): Stripe then also names the charge and embeds the PaymentIntent. */
  static ApiError card(String code, String declineCode, String message, String param) {
    ApiError e = new ApiError(402, "card_error", code, message, param);
    if (declineCode != null) {
      e.error.put("decline_code", declineCode);
    }
    return e;
  }

  ApiError with(String field, JsonNode value) {
    error.set(field, value);
    return this;
  }

  ApiError with(String field, String value) {
    error.put(field, value);
    return this;
  }

  int status() {
    return status;
  }

  ObjectNode body() {
    ObjectNode body = Json.object();
    body.set("error", error.deepCopy());
    return body;
  }

  Reply toReply() {
    return Reply.json(status, body());
  }
}
