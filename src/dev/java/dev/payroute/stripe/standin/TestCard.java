package dev.payroute.stripe.standin;

import java.util.List;
import java.util.Optional;

/**
 * Stripe's documented test cards and what confirming a payment with each one does. {@code token}
 * is the matching {@code pm_card_*} test PaymentMethod id, if Stripe has one.
 */
record TestCard(String number, String brand, Outcome outcome, String declineCode, String token) {

  enum Outcome {
    SUCCEED,
    DECLINE,
    /** Needs 3-D Secure: on-session it goes to requires_action, off-session it is declined. */
    AUTHENTICATE
  }

  static final List<TestCard> ALL =
      List.of(
          new TestCard("4242424242424242", "visa", Outcome.SUCCEED, null, "pm_card_visa"),
          new TestCard("5555555555554444", "mastercard", Outcome.SUCCEED, null, "pm_card_mastercard"),
          new TestCard("378282246310005", "amex", Outcome.SUCCEED, null, "pm_card_amex"),
          new TestCard("4000000000000002", "visa", Outcome.DECLINE, "generic_decline", "pm_card_chargeDeclined"),
          new TestCard(
              "4000000000009995", "visa", Outcome.DECLINE, "insufficient_funds",
              "pm_card_chargeDeclinedInsufficientFunds"),
          new TestCard(
              "4000000000003220", "visa", Outcome.AUTHENTICATE, null, "pm_card_threeDSecure2Required"),
          new TestCard(
              "4000002760003184", "visa", Outcome.AUTHENTICATE, null, "pm_card_authenticationRequired"),
          new TestCard(
              "4000002500003155", "visa", Outcome.AUTHENTICATE, null,
              "pm_card_authenticationRequiredOnSetup"));

  static Optional<TestCard> byNumber(String number) {
    return ALL.stream().filter(c -> c.number.equals(number)).findFirst();
  }

  /** A valid number that is not a test card: Stripe declines real cards in test mode. */
  static TestCard unknown(String number) {
    return new TestCard(number, brandOf(number), Outcome.DECLINE, "test_mode_live_card", null);
  }

  String last4() {
    return number.substring(number.length() - 4);
  }

  static String brandOf(String number) {
    if (number.startsWith("4")) {
      return "visa";
    }
    if (number.matches("5[1-5].*|2[2-7].*")) {
      return "mastercard";
    }
    if (number.matches("3[47].*")) {
      return "amex";
    }
    return "unknown";
  }

  static boolean passesLuhn(String number) {
    int sum = 0;
    boolean doubleIt = false;
    for (int i = number.length() - 1; i >= 0; i--) {
      int digit = number.charAt(i) - '0';
      if (doubleIt) {
        digit *= 2;
        if (digit > 9) {
          digit -= 9;
        }
      }
      sum += digit;
      doubleIt = !doubleIt;
    }
    return sum % 10 == 0;
  }
}
