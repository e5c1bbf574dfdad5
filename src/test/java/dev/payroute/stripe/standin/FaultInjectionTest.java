package dev.payroute.stripe.standin;

import static dev.payroute.stripe.standin.StandInTestSupport.client;
import static dev.payroute.stripe.standin.StandInTestSupport.eventually;
import static dev.payroute.stripe.standin.StandInTestSupport.idempotencyKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.ApiException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.PaymentIntent;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentListParams;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FaultInjectionTest extends StandInTestCase {
  private static final String CREATE_PATH = "/v1/payment_intents";

  private static PaymentIntentCreateParams payment() {
    return PaymentIntentCreateParams.builder()
        .setAmount(4_200L).setCurrency("usd").addPaymentMethodType("card")
        .setPaymentMethod("pm_card_visa").setConfirm(true).build();
  }

  private int paymentIntentsStored() throws StripeException {
    return stripe.v1().paymentIntents().list(PaymentIntentListParams.builder().setLimit(100L).build()).getData().size();
  }

  @Test
  void http500FailsWithoutExecutingOrSavingTheKey() throws StripeException {
    standIn.faults().failNext("POST", CREATE_PATH, FaultKind.HTTP_500, 1);

    ApiException failed =
        assertThrows(ApiException.class, () -> stripe.v1().paymentIntents().create(payment(), idempotencyKey("k-500")));
    assertEquals(500, failed.getStatusCode());
    assertEquals(0, paymentIntentsStored());
    assertEquals(0, standIn.executedCount("POST", CREATE_PATH));

    PaymentIntent retried = stripe.v1().paymentIntents().create(payment(), idempotencyKey("k-500"));
    assertEquals("succeeded", retried.getStatus());
    assertEquals(1, paymentIntentsStored());
  }

  @Test
  void http429IsARateLimitError() throws StripeException {
    standIn.faults().failNext("*", "/v1/customers", FaultKind.HTTP_429, 2);
    assertEquals(429, assertThrows(RateLimitException.class, () ->
        stripe.v1().customers().create(CustomerCreateParams.builder().build())).getStatusCode());
    assertThrows(RateLimitException.class, () -> stripe.v1().customers().create(CustomerCreateParams.builder().build()));
    Customer third = stripe.v1().customers().create(CustomerCreateParams.builder().build());
    assertEquals("customer", third.getObject());
  }

  @Test
  void delayedAnswerTimesTheClientOutButTheChargeHappenedOnce() throws StripeException {
    standIn.faults().delayNext("POST", CREATE_PATH, Duration.ofMillis(1_500), 1);
    StripeClient impatient = client(standIn, Duration.ofMillis(300));

    assertThrows(ApiConnectionException.class, () ->
        impatient.v1().paymentIntents().create(payment(), idempotencyKey("k-delay")));
    assertEquals(1, paymentIntentsStored(), "the effect happened although the client gave up");

    // While the first request is still answering, the key is in flight (409); then it replays.
    PaymentIntent replayed =
        eventually(() -> stripe.v1().paymentIntents().create(payment(), idempotencyKey("k-delay")));
    assertEquals("true", replayed.getLastResponse().headers().firstValue("Idempotent-Replayed").orElse(null));
    assertEquals(1, paymentIntentsStored());
    assertEquals(1, standIn.executedCount("POST", CREATE_PATH));
  }

  @Test
  void droppedResponseThenRetryWithTheSameKeyReturnsTheSamePaymentIntent() throws StripeException {
    standIn.faults().failNext("POST", CREATE_PATH, FaultKind.DROP_RESPONSE, 1);

    ApiConnectionException lost =
        assertThrows(ApiConnectionException.class, () -> stripe.v1().paymentIntents().create(payment(), idempotencyKey("k-drop")));
    assertInstanceOf(java.io.IOException.class, lost.getCause(), "the connection broke mid-response");

    PaymentIntent retried = stripe.v1().paymentIntents().create(payment(), idempotencyKey("k-drop"));
    assertEquals("succeeded", retried.getStatus());
    assertEquals("true", retried.getLastResponse().headers().firstValue("Idempotent-Replayed").orElse(null));
    assertEquals(1, paymentIntentsStored(), "charged exactly once");
    assertEquals(1, standIn.executedCount("POST", CREATE_PATH));
    assertEquals(2, standIn.requestCount("POST", CREATE_PATH));
  }

  @Test
  void faultsCanBeSetAndClearedOverHttp() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> added = http.send(
        HttpRequest.newBuilder(URI.create(standIn.baseUrl() + "/_standin/faults"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(
                "{\"method\":\"POST\",\"path_prefix\":\"/v1/customers\",\"kind\":\"HTTP_500\",\"times\":3}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, added.statusCode());
    assertEquals(500, assertThrows(ApiException.class, () ->
        stripe.v1().customers().create(CustomerCreateParams.builder().build())).getStatusCode());

    HttpResponse<String> cleared = http.send(
        HttpRequest.newBuilder(URI.create(standIn.baseUrl() + "/_standin/faults")).DELETE().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, cleared.statusCode());
    assertEquals("customer", stripe.v1().customers().create(CustomerCreateParams.builder().build()).getObject());

    HttpResponse<String> health = http.send(
        HttpRequest.newBuilder(URI.create(standIn.baseUrl() + "/_standin/health")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, health.statusCode());
  }
}
