package dev.payroute.stripe.standin;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Computes the {@code Stripe-Signature} header: {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "t.payload" keyed with the endpoint secret>}, which is what Stripe's libraries verify.
 */
final class WebhookSigner {
  private WebhookSigner() {}

  static String header(String payload, String secret, long timestampSeconds) {
    return "t=" + timestampSeconds + ",v1=" + hmacSha256Hex(secret, timestampSeconds + "." + payload);
  }

  static String hmacSha256Hex(String secret, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest = mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder(digest.length * 2);
      for (byte b : digest) {
        hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
      }
      return hex.toString();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
