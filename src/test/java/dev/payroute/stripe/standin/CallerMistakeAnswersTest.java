package dev.payroute.stripe.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.param.PaymentIntentConfirmParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentListParams;
import org.junit.jupiter.api.Test;

/**
 * The answers Stripe gives to a caller's mistake that only Stripe can see: an invalid_request_error
 * naming the parameter, and nothing created.
 */
class CallerMistakeAnswersTest extends StandInTestCase {
  private static PaymentIntentCreateParams.Builder hold(long amount, String currency) {
    return PaymentIntentCreateParams.builder()
        .setAmount(amount)
        .setCurrency(currency)
        .addPaymentMethodType("card")
        .setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.MANUAL)
        .setPaymentMethod("pm_card_visa")
        .setConfirm(true);
  }

  private InvalidRequestException refused(PaymentIntentCreateParams params) throws StripeException {
    InvalidRequestException e =
        assertThrows(InvalidRequestException.class, () -> stripe.v1().paymentIntents().create(params));
    assertEquals("invalid_request_error", e.getStripeError().getType());
    assertTrue(stripe.v1().paymentIntents().list().getData().isEmpty(), "nothing may be created");
    return e;
  }

  @Test
  void anUnknownPaymentMethodIsResourceMissingOnPaymentMethod() throws StripeException {
    InvalidRequestException e = refused(hold(2_000, "usd").setPaymentMethod("pm_nobody_knows").build());
    assertEquals(400, e.getStatusCode());
    assertEquals("resource_missing", e.getCode());
    assertEquals("payment_method", e.getStripeError().getParam());
  }

  @Test
  void anUnknownCustomerIsResourceMissingOnCustomer() throws StripeException {
    InvalidRequestException e = refused(hold(2_000, "usd").setCustomer("cus_nobody").build());
    assertEquals(400, e.getStatusCode());
    assertEquals("resource_missing", e.getCode());
    assertEquals("customer", e.getStripeError().getParam());
  }

  @Test
  void aCurrencyStripeDoesNotSupportIsRefusedOnCurrency() throws StripeException {
    InvalidRequestException e = refused(hold(2_000, "bov").build());
    assertEquals(400, e.getStatusCode());
    assertEquals("currency", e.getStripeError().getParam());
    assertEquals("Invalid currency: bov.", e.getStripeError().getMessage().substring(0, 22));
  }

  @Test
  void anAmountBelowTheCurrencysMinimumIsAmountTooSmall() throws StripeException {
    InvalidRequestException usd = refused(hold(49, "usd").build());
    assertEquals(400, usd.getStatusCode());
    assertEquals("amount_too_small", usd.getCode());
    assertEquals("amount", usd.getStripeError().getParam());
    assertEquals("Amount must be at least $0.50 usd", usd.getStripeError().getMessage());
    InvalidRequestException jpy = refused(hold(49, "jpy").build());
    assertEquals("amount_too_small", jpy.getCode());

    PaymentIntent atTheMinimum = stripe.v1().paymentIntents().create(hold(50, "usd").build());
    assertEquals("requires_capture", atTheMinimum.getStatus());
    assertNull(atTheMinimum.getLastPaymentError());
  }

  @Test
  void confirmingWithAnUnknownPaymentMethodChangesNothing() throws StripeException {
    PaymentIntent pi = stripe.v1().paymentIntents().create(
        PaymentIntentCreateParams.builder().setAmount(2_000L).setCurrency("usd").addPaymentMethodType("card").build());
    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> stripe.v1().paymentIntents().confirm(
        pi.getId(), PaymentIntentConfirmParams.builder().setPaymentMethod("pm_nobody_knows").build()));
    assertEquals("payment_method", e.getStripeError().getParam());
    assertEquals("resource_missing", e.getCode());
    assertEquals("requires_payment_method", stripe.v1().paymentIntents().retrieve(pi.getId()).getStatus());
  }

  @Test
  void listsHaveNoTotalCountAndRefuseToInclude() throws StripeException {
    stripe.v1().paymentIntents().create(hold(2_000, "usd").build());
    var list = stripe.v1().paymentIntents().list();
    assertFalse(StandInTestSupport.rawJson(list).has("total_count"));
    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> stripe.v1().paymentIntents().list(
        PaymentIntentListParams.builder().putExtraParam("include", java.util.List.of("total_count")).build()));
    assertEquals(400, e.getStatusCode());
    assertEquals("include", e.getStripeError().getParam());
  }
}
