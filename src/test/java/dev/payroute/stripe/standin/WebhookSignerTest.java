package dev.payroute.stripe.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.net.Webhook;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {
  private static final String SECRET = "whsec_unit_test";
  private static final String PAYLOAD =
      "{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"payment_intent.succeeded\",\"created\":1700000000,"
          + "\"data\":{\"object\":{\"id\":\"pi_1\",\"object\":\"payment_intent\",\"amount\":100,\"note\":\"caf\u00e9\"}}}";

  @Test
  void stripeJavaAcceptsTheSignature() throws SignatureVerificationException {
    String header = WebhookSigner.header(PAYLOAD, SECRET, Json.nowSeconds());
    Event event = Webhook.constructEvent(PAYLOAD, header, SECRET, 300);
    assertEquals("evt_1", event.getId());
  }

  @Test
  void matchesStripeJavasOwnHeaderForTheSameTimestamp() throws Exception {
    assertEquals(
        Webhook.Signature.generateSignatureHeader(PAYLOAD, SECRET, 1_700_000_000L),
        WebhookSigner.header(PAYLOAD, SECRET, 1_700_000_000L));
  }

  @Test
  void tamperedPayloadWrongSecretAndOldTimestampAreRejected() {
    String header = WebhookSigner.header(PAYLOAD, SECRET, Json.nowSeconds());
    assertThrows(SignatureVerificationException.class, () ->
        Webhook.constructEvent(PAYLOAD.replace("100", "999"), header, SECRET, 300));
    assertThrows(SignatureVerificationException.class, () ->
        Webhook.constructEvent(PAYLOAD, header, "whsec_other", 300));
    String old = WebhookSigner.header(PAYLOAD, SECRET, Json.nowSeconds() - 3_600);
    assertThrows(SignatureVerificationException.class, () -> Webhook.constructEvent(PAYLOAD, old, SECRET, 300));
  }
}
