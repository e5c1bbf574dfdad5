package dev.payroute.stripe.standin;

import java.security.SecureRandom;

/** Stripe-shaped identifiers: a resource prefix, an underscore and 24 base-62 characters. */
final class Ids {
  private static final char[] ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  static String next(String prefix) {
    return prefix + "_" + random(24);
  }

  static String requestId() {
    return "req_" + random(14);
  }

  static String random(int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
    }
    return sb.toString();
  }
}
