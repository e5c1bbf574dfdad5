package dev.payroute.stripe.standin;

/** What an injected fault does to a matching API request. */
public enum FaultKind {
  /** Answer 500 {@code api_error} without executing the request or saving an idempotent result. */
  HTTP_500,
  /** Answer 429 {@code rate_limit_error} without executing the request. */
  HTTP_429,
  /** Execute the request, then wait before answering; the idempotency key stays in flight meanwhile. */
  DELAY,
  /**
   * Execute the request and save its idempotent result, then break the connection mid-response: the
   * client sees an I/O error although the effect happened.
   */
  DROP_RESPONSE
}
