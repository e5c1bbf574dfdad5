package dev.payroute.stripe.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentUpdateParams;
import com.stripe.param.checkout.SessionCreateParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Stripe's minimum charge per currency (its "Minimum and maximum charge amounts" table), wherever Stripe checks it. */
class MinimumChargeAmountTest extends StandInTestCase {
  private PaymentIntentCreateParams intent(long amount, String currency) {
    return PaymentIntentCreateParams.builder().setAmount(amount).setCurrency(currency).addPaymentMethodType("card").build();
  }

  private SessionCreateParams session(long unitAmount, String currency) {
    return SessionCreateParams.builder()
        .setMode(SessionCreateParams.Mode.PAYMENT)
        .setSuccessUrl("https://shop.example/success")
        .addLineItem(SessionCreateParams.LineItem.builder()
            .setQuantity(2L)
            .setPriceData(SessionCreateParams.LineItem.PriceData.builder()
                .setCurrency(currency)
                .setUnitAmount(unitAmount)
                .setProductData(SessionCreateParams.LineItem.PriceData.ProductData.builder().setName("Pen").build())
                .build())
            .build())
        .build();
  }

  @ParameterizedTest(name = "{1}: {0} minor units, shown as {2}")
  @CsvSource({
    "30, gbp, 0.30 gbp",
    "200, aed, 2.00 aed",
    "17500, huf, 175.00 huf",
    "1000, thb, 10.00 thb",
    "50, krw, 50 krw",
    "1000, mxn, 10.00 mxn",
    "200, myr, 2.00 myr",
    "50, zar, 0.50 zar"
  })
  void oneMinorUnitBelowTheMinimumIsRefusedAndTheMinimumIsTaken(long minimum, String currency, String shown)
      throws StripeException {
    InvalidRequestException below = assertThrows(
        InvalidRequestException.class, () -> stripe.v1().paymentIntents().create(intent(minimum - 1, currency)));
    assertEquals("amount_too_small", below.getCode());
    assertEquals("amount", below.getStripeError().getParam());
    assertEquals("Amount must be at least " + shown, below.getStripeError().getMessage());
    assertEquals(minimum, stripe.v1().paymentIntents().create(intent(minimum, currency)).getAmount());
  }

  @Test
  void aCurrencyStripeListsNoMinimumForIsNotChecked() throws StripeException {
    assertEquals(1L, stripe.v1().paymentIntents().create(intent(1, "kes")).getAmount());
  }

  @Test
  void anUpdateBelowTheMinimumIsRefused() throws StripeException {
    String id = stripe.v1().paymentIntents().create(intent(5_000, "eur")).getId();
    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> stripe.v1().paymentIntents().update(
        id, PaymentIntentUpdateParams.builder().setAmount(49L).build()));
    assertEquals("amount_too_small", e.getCode());
    assertEquals(5_000L, stripe.v1().paymentIntents().retrieve(id).getAmount());
  }

  @Test
  void aCheckoutSessionWhoseTotalIsBelowTheMinimumIsRefused() throws StripeException {
    InvalidRequestException e =
        assertThrows(InvalidRequestException.class, () -> stripe.v1().checkout().sessions().create(session(24, "usd")));
    assertEquals(400, e.getStatusCode());
    assertEquals("amount_too_small", e.getCode());
    assertEquals("The Checkout Session's total amount due must add up to at least $0.50 usd", e.getStripeError().getMessage());
    assertTrue(stripe.v1().checkout().sessions().list().getData().isEmpty(), "nothing created");

    assertEquals(50L, stripe.v1().checkout().sessions().create(session(25, "usd")).getAmountTotal(),
        "two items of 25 make the minimum");
  }
}
