package dev.payroute.stripe.standin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * What happens outside the API in real life (the cardholder authenticating, a bank settling a
 * refund, a customer on the hosted checkout page, a dispute) as operations shared by the Java API
 * and the {@code /_standin/} endpoints. Each runs under the state lock and throws {@link ApiError}.
 */
final class TestHooks {
  private final StandInState state;
  private final PaymentIntentResource paymentIntents;
  private final RefundResource refunds;
  private final CheckoutSessionResource checkoutSessions;
  private final DisputeResource disputes;
  private final WebhookDispatcher dispatcher;

  TestHooks(
      StandInState state,
      PaymentIntentResource paymentIntents,
      RefundResource refunds,
      CheckoutSessionResource checkoutSessions,
      DisputeResource disputes,
      WebhookDispatcher dispatcher) {
    this.state = state;
    this.paymentIntents = paymentIntents;
    this.refunds = refunds;
    this.checkoutSessions = checkoutSessions;
    this.disputes = disputes;
    this.dispatcher = dispatcher;
  }

  ObjectNode authenticate(String paymentIntentId, boolean succeed) {
    return state.atomically(() -> paymentIntents.authenticate(paymentIntentId, succeed, Origin.NONE).deepCopy());
  }

  ObjectNode settleRefund(String refundId, boolean succeed) {
    return state.atomically(() -> refunds.settle(refundId, succeed, Origin.NONE).deepCopy());
  }

  ObjectNode completeCheckoutSession(String sessionId) {
    return state.atomically(() -> checkoutSessions.complete(sessionId, Origin.NONE).deepCopy());
  }

  ObjectNode expireCheckoutSession(String sessionId) {
    return state.atomically(() -> checkoutSessions.expire(sessionId, Origin.NONE).deepCopy());
  }

  ObjectNode checkoutSession(String sessionId) {
    return state.atomically(() -> checkoutSessions.snapshot(sessionId));
  }

  ObjectNode openDispute(String chargeId, Params params) {
    return state.atomically(() -> disputes.open(chargeId, params, Origin.NONE).deepCopy());
  }

  Optional<ObjectNode> object(String id) {
    return state.atomically(() -> state.store.find(id).map(ObjectNode::deepCopy));
  }

  void withholdWebhooks(String eventType, boolean withhold) {
    dispatcher.withhold(eventType, withhold);
  }

  /** Sends a stored event again, withheld or not, as Stripe's "Resend" does. */
  void redeliver(String eventId) {
    ObjectNode event = state.atomically(() -> state.store.require(eventId, "event", "id").deepCopy());
    if (!dispatcher.hasTarget()) {
      throw ApiError.invalidRequest("No webhook target is set, so there is nowhere to redeliver to.", null);
    }
    dispatcher.submit(event, true);
  }
}
