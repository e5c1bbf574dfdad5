package dev.payroute.stripe.standin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.Set;

/**
 * Which stored objects are done changing on their own, so that {@link ObjectStore} may move them to
 * disk. A PaymentIntent is the root of its charges and refunds: they leave and stay together. Objects
 * that something may still happen to stay on the heap: PaymentIntents not yet succeeded with nothing
 * left to capture, or with a refund still pending; open Checkout Sessions; customers, accounts,
 * disputes, PaymentMethods attached to a customer, Stripe's {@code pm_card_*} test ones.
 */
final class Finished {
  private static final Set<String> ALWAYS = Set.of("event", "transfer");
  private static final Set<String> MEMBERS = Set.of("charge", "refund");

  private Finished() {}

  /** The PaymentIntent a charge or refund belongs to, or null for objects that stand alone. */
  static String rootOf(ObjectNode object) {
    if (MEMBERS.contains(type(object)) && object.path("payment_intent").isTextual()) {
      return object.get("payment_intent").asText();
    }
    return null;
  }

  /**
   * Whether an object that is not a member of a PaymentIntent in memory is finished; for a
   * PaymentIntent, {@code members} are its charges and refunds in memory.
   */
  static boolean finished(ObjectNode object, Collection<ObjectNode> members) {
    String type = type(object);
    if (ALWAYS.contains(type) || MEMBERS.contains(type)) {
      return true;
    }
    String status = object.path("status").asText();
    return switch (type) {
      case "payment_intent" -> "canceled".equals(status)
          || ("succeeded".equals(status) && object.path("amount_capturable").asLong() == 0
              && members.stream().noneMatch(m -> "refund".equals(type(m)) && "pending".equals(m.path("status").asText())));
      case "checkout.session" -> "complete".equals(status) || "expired".equals(status);
      case "payment_method" -> object.path("customer").isNull() && !isTestToken(object.path("id").asText());
      default -> false;
    };
  }

  private static boolean isTestToken(String id) {
    return TestCard.ALL.stream().anyMatch(card -> id.equals(card.token()));
  }

  private static String type(ObjectNode object) {
    return object.path("object").asText();
  }
}
