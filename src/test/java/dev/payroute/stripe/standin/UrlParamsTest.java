package dev.payroute.stripe.standin;

import static dev.payroute.stripe.standin.StandInTestSupport.lineItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.param.PaymentIntentConfirmParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.checkout.SessionCreateParams;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A URL parameter that is not a URL is Stripe's url_invalid on that parameter, and changes nothing. */
class UrlParamsTest extends StandInTestCase {
  private static final List<String> NOT_URLS = List.of("http://", "http:///x", "https://a b.com/", "http://exa mple",
      "http://x.com/%zz", "http://-a.com", "http://x.com:70000/", "/relative/path", "shop.example/done");

  private static void assertUrlInvalid(String param, InvalidRequestException e) {
    assertEquals(400, e.getStatusCode());
    assertEquals("invalid_request_error", e.getStripeError().getType());
    assertEquals("url_invalid", e.getCode());
    assertEquals(param, e.getStripeError().getParam());
    assertEquals("Not a valid URL", e.getStripeError().getMessage());
  }

  private static SessionCreateParams.Builder session() {
    return SessionCreateParams.builder().setMode(SessionCreateParams.Mode.PAYMENT).addLineItem(lineItem("Book", 1_000, 1))
        .setSuccessUrl("https://shop.example/ok").setCancelUrl("https://shop.example/no");
  }

  @Test
  void aCheckoutSessionsSuccessOrCancelUrlThatIsNoUrlIsUrlInvalidAndNoSessionIsMade() throws StripeException {
    for (String url : NOT_URLS) {
      assertUrlInvalid("success_url", assertThrows(InvalidRequestException.class,
          () -> stripe.v1().checkout().sessions().create(session().setSuccessUrl(url).build()), url));
      assertUrlInvalid("cancel_url", assertThrows(InvalidRequestException.class,
          () -> stripe.v1().checkout().sessions().create(session().setCancelUrl(url).build()), url));
    }
    assertTrue(stripe.v1().checkout().sessions().list().getData().isEmpty(), "nothing may be created");
    assertEquals("HTTP://X.COM/done?s={CHECKOUT_SESSION_ID}", stripe.v1().checkout().sessions().create(
        session().setSuccessUrl("HTTP://X.COM/done?s={CHECKOUT_SESSION_ID}").setCancelUrl("http://[::1]:5173/c").build())
        .getSuccessUrl());
  }

  @Test
  void aConfirmsReturnUrlThatIsNoUrlIsUrlInvalidAndTheIntentStaysUnconfirmed() throws StripeException {
    PaymentIntent pi = stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder().setAmount(2_000L)
        .setCurrency("usd").addPaymentMethodType("card").build());
    for (String url : NOT_URLS) {
      assertUrlInvalid("return_url", assertThrows(InvalidRequestException.class, () -> stripe.v1().paymentIntents()
          .confirm(pi.getId(), PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_visa").setReturnUrl(url).build()),
          url));
    }
    assertEquals("requires_payment_method", stripe.v1().paymentIntents().retrieve(pi.getId()).getStatus());
    assertEquals("succeeded", stripe.v1().paymentIntents().confirm(pi.getId(), PaymentIntentConfirmParams.builder()
        .setPaymentMethod("pm_card_visa").setReturnUrl("myapp://stripe-redirect").build()).getStatus(),
        "a mobile app's own scheme is a return_url Stripe takes");
  }

  @Test
  void theCheckIsStripesShapeOfAUrl() {
    assertTrue(ParamCheck.usableUrl("https://shop.example/ok"));
    assertTrue(ParamCheck.usableUrl("http://localhost:5173/checkout/success"));
    assertTrue(ParamCheck.usableUrl("http://127.0.0.1/x"));
    assertFalse(ParamCheck.usableUrl("http://999.1.1.1/"));
    assertFalse(ParamCheck.usableUrl("http://example.123/"));
    assertFalse(ParamCheck.usableUrl("https://shop.example/" + "a".repeat(5_000)));
  }
}
