package dev.payroute.stripe.standin;

/**
 * The API request that caused a state change; events copy it into {@code event.request}. Test hooks
 * have no request, like changes Stripe makes on its own (e.g. a dispute).
 */
record Origin(String requestId, String idempotencyKey) {
  static final Origin NONE = new Origin(null, null);
}
