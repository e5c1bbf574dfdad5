package dev.payroute.stripe.standin;

import static dev.payroute.stripe.standin.StandInTestSupport.API_KEY;
import static dev.payroute.stripe.standin.StandInTestSupport.eventually;
import static dev.payroute.stripe.standin.StandInTestSupport.idempotencyKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.stripe.StripeClient;
import com.stripe.exception.ApiException;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentListParams;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class IdempotencyTest extends StandInTestCase {
  private static final String CREATE_PATH = "/v1/payment_intents";

  private static PaymentIntentCreateParams charge(long amount, String paymentMethod) {
    return PaymentIntentCreateParams.builder()
        .setAmount(amount).setCurrency("usd").addPaymentMethodType("card")
        .setPaymentMethod(paymentMethod).setConfirm(true).build();
  }

  private int paymentIntentsStored() throws StripeException {
    return stripe.v1().paymentIntents().list(PaymentIntentListParams.builder().setLimit(100L).build()).getData().size();
  }

  @Test
  void sameKeyAndParametersReplayWithoutChargingTwice() throws StripeException {
    PaymentIntent first = stripe.v1().paymentIntents().create(charge(1_200, "pm_card_visa"), idempotencyKey("order-1"));
    PaymentIntent second = stripe.v1().paymentIntents().create(charge(1_200, "pm_card_visa"), idempotencyKey("order-1"));

    assertEquals(first.getId(), second.getId());
    assertEquals(first.getLatestCharge(), second.getLatestCharge());
    assertEquals("true", second.getLastResponse().headers().firstValue("Idempotent-Replayed").orElse(null));
    assertTrue(first.getLastResponse().headers().firstValue("Idempotent-Replayed").isEmpty());
    assertEquals(2, standIn.requestCount("POST", CREATE_PATH));
    assertEquals(1, standIn.executedCount("POST", CREATE_PATH));
    assertEquals(1, paymentIntentsStored());
  }

  @Test
  void sameKeyWithDifferentParametersOrPathIsAnIdempotencyError() throws StripeException {
    stripe.v1().paymentIntents().create(charge(1_200, "pm_card_visa"), idempotencyKey("order-2"));

    IdempotencyException otherAmount =
        assertThrows(IdempotencyException.class, () ->
            stripe.v1().paymentIntents().create(charge(1_300, "pm_card_visa"), idempotencyKey("order-2")));
    assertEquals(400, otherAmount.getStatusCode());
    assertEquals("idempotency_error", otherAmount.getStripeError().getType());
    assertTrue(otherAmount.getMessage().contains("same parameters"));

    assertThrows(IdempotencyException.class, () ->
        stripe.v1().customers().create(CustomerCreateParams.builder().build(), idempotencyKey("order-2")));
    assertEquals(1, paymentIntentsStored());
  }

  @Test
  void concurrentRequestWithTheSameKeyGets409WhileTheFirstIsInFlight() throws Exception {
    standIn.faults().delayNext("POST", CREATE_PATH, Duration.ofSeconds(2), 1);
    CompletableFuture<PaymentIntent> first = CompletableFuture.supplyAsync(() -> {
      try {
        return stripe.v1().paymentIntents().create(charge(900, "pm_card_visa"), idempotencyKey("order-3"));
      } catch (StripeException e) {
        throw new IllegalStateException(e);
      }
    });
    // Once the first request executed it holds the key until its delayed answer goes out.
    eventually(() -> assertEquals(1, standIn.executedCount("POST", CREATE_PATH)));

    ApiException conflict =
        assertThrows(ApiException.class, () ->
            stripe.v1().paymentIntents().create(charge(900, "pm_card_visa"), idempotencyKey("order-3")));
    assertEquals(409, conflict.getStatusCode());
    assertEquals("idempotency_error", conflict.getStripeError().getType());

    PaymentIntent created = first.get();
    PaymentIntent replayed = stripe.v1().paymentIntents().create(charge(900, "pm_card_visa"), idempotencyKey("order-3"));
    assertEquals(created.getId(), replayed.getId());
    assertEquals(1, standIn.executedCount("POST", CREATE_PATH));
  }

  @Test
  void cardErrorsAreSavedAndReplayed() {
    CardException first = assertThrows(CardException.class, () ->
        stripe.v1().paymentIntents().create(charge(500, "pm_card_chargeDeclined"), idempotencyKey("order-4")));
    CardException replayed = assertThrows(CardException.class, () ->
        stripe.v1().paymentIntents().create(charge(500, "pm_card_chargeDeclined"), idempotencyKey("order-4")));
    assertEquals(first.getCharge(), replayed.getCharge());
    assertEquals(1, standIn.executedCount("POST", CREATE_PATH));
  }

  @Test
  void validationErrorsAreNotSavedSoACorrectedRetryMayReuseTheKey() throws StripeException {
    assertThrows(InvalidRequestException.class, () -> stripe.v1().paymentIntents().create(
        PaymentIntentCreateParams.builder().setCurrency("usd").build(), idempotencyKey("order-5")));
    PaymentIntent corrected = stripe.v1().paymentIntents().create(charge(700, "pm_card_visa"), idempotencyKey("order-5"));
    assertEquals("succeeded", corrected.getStatus());
  }

  @Test
  void keysAreScopedToTheApiKey() throws StripeException {
    StripeClient otherAccount = StripeClient.builder()
        .setApiKey(API_KEY + "_other").setApiBase(standIn.baseUrl()).setMaxNetworkRetries(0).build();
    PaymentIntent mine = stripe.v1().paymentIntents().create(charge(800, "pm_card_visa"), idempotencyKey("order-6"));
    PaymentIntent theirs = otherAccount.v1().paymentIntents().create(charge(800, "pm_card_visa"), idempotencyKey("order-6"));
    assertNotEquals(mine.getId(), theirs.getId());
  }
}
