package dev.payroute.stripe.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.PaymentIntentCaptureParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentListParams;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Requests are checked as Stripe checks them, before anything runs; a refused request changes nothing. */
class RequestCheckTest extends StandInTestCase {
  private final HttpClient http = HttpClient.newHttpClient();

  private PaymentIntent held(long amount) throws StripeException {
    return stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder()
        .setAmount(amount).setCurrency("usd").addPaymentMethodType("card")
        .setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.MANUAL)
        .setPaymentMethod("pm_card_visa").setConfirm(true).build());
  }

  /** The mistake that once captured the full amount: capture takes amount_to_capture, not amount. */
  @Test
  void amountSentToCaptureIsUnknownAndNothingIsCaptured() throws StripeException {
    PaymentIntent pi = held(5_000);
    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> stripe.v1().paymentIntents()
        .capture(pi.getId(), PaymentIntentCaptureParams.builder().putExtraParam("amount", 1_000).build()));
    assertEquals(400, e.getStatusCode());
    assertEquals("parameter_unknown", e.getCode());
    assertEquals("amount", e.getStripeError().getParam());
    assertEquals("Received unknown parameter: amount", e.getStripeError().getMessage());
    PaymentIntent after = stripe.v1().paymentIntents().retrieve(pi.getId());
    assertEquals("requires_capture", after.getStatus());
    assertEquals(5_000L, after.getAmountCapturable());
    assertEquals(0L, standIn.executedCount("POST", "/v1/payment_intents/" + pi.getId() + "/capture"));
  }

  @Test
  void aParameterStripeKnowsButTheStandInDoesNotModelIsRefusedNotDropped() {
    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> stripe.v1().customers().create(
        CustomerCreateParams.builder().setEmail("a@example.com")
            .setAddress(CustomerCreateParams.Address.builder().setCity("Berlin").build()).build()));
    assertEquals("parameter_unsupported_by_standin", e.getCode());
    assertEquals("address", e.getStripeError().getParam());
    assertTrue(e.getStripeError().getMessage().contains("does not model"), e.getMessage());
    assertEquals(null, e.getStripeError().getDocUrl(), "the stand-in's own codes have no page at Stripe");
  }

  @Test
  void anUnknownKeyInsideAHashIsNamedInFull() {
    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> stripe.v1().paymentIntents().create(
        PaymentIntentCreateParams.builder().setAmount(1_000L).setCurrency("usd")
            .setAutomaticPaymentMethods(PaymentIntentCreateParams.AutomaticPaymentMethods.builder()
                .setEnabled(true).putExtraParam("allow_redirect", "never").build())
            .build()));
    assertEquals("parameter_unknown", e.getCode());
    assertEquals("automatic_payment_methods[allow_redirect]", e.getStripeError().getParam());
  }

  @Test
  void wrongTypesAndValuesAreRefusedNamingTheParameter() throws IOException, InterruptedException {
    JsonNode integer = post("/v1/payment_intents", "amount=ten&currency=usd");
    assertEquals("parameter_invalid_integer", integer.path("code").asText());
    assertEquals("https://stripe.com/docs/error-codes/parameter-invalid-integer", integer.path("doc_url").asText());
    assertEquals("amount", integer.path("param").asText());

    JsonNode choice = post("/v1/payment_intents", "amount=1000&currency=usd&capture_method=later");
    assertEquals("capture_method", choice.path("param").asText());
    assertEquals("Invalid capture_method: must be one of automatic, automatic_async, or manual",
        choice.path("message").asText());

    JsonNode bool = post("/v1/payment_intents", "amount=1000&currency=usd&confirm=yes");
    assertEquals("confirm", bool.path("param").asText());

    JsonNode hash = post("/v1/payment_intents", "amount=1000&currency=usd&metadata=order-1");
    assertEquals("metadata", hash.path("param").asText());

    JsonNode notModelled = post("/v1/payment_methods", "type=sepa_debit");
    assertEquals("parameter_unsupported_by_standin", notModelled.path("code").asText());
    assertEquals("type", notModelled.path("param").asText());
  }

  @Test
  void emailAddressesAreChecked() throws IOException, InterruptedException {
    for (String bad : new String[] {"otameshi@com", "no-at-sign", "two@@example.com", "a b@example.com"}) {
      JsonNode error = post("/v1/customers", "email=" + java.net.URLEncoder.encode(bad, java.nio.charset.StandardCharsets.UTF_8));
      assertEquals("email_invalid", error.path("code").asText(), bad);
      assertEquals("email", error.path("param").asText());
      assertEquals("Invalid email address: " + bad, error.path("message").asText());
    }
    JsonNode checkout = post("/v1/checkout/sessions", "mode=payment&customer_email=nobody");
    assertEquals("customer_email", checkout.path("param").asText());
    assertEquals("email_invalid", checkout.path("code").asText());
  }

  @Test
  void createdFiltersSelectByTimestamp() throws StripeException {
    PaymentIntent pi = held(1_000);
    long created = pi.getCreated();
    assertEquals(1, stripe.v1().paymentIntents().list(PaymentIntentListParams.builder()
        .setCreated(PaymentIntentListParams.Created.builder().setGte(created).setLte(created).build()).build())
        .getData().size());
    assertEquals(0, stripe.v1().paymentIntents().list(PaymentIntentListParams.builder()
        .setCreated(PaymentIntentListParams.Created.builder().setGt(created).build()).build()).getData().size());
    assertEquals(1, stripe.v1().paymentIntents().list(PaymentIntentListParams.builder().setCreated(created).build())
        .getData().size());
  }

  @Test
  void stripeVersionMustBeTheOneTheStandInAnswersAs() throws IOException, InterruptedException {
    HttpResponse<String> pinned = get("/v1/balance", ApiVersions.PINNED);
    assertEquals(200, pinned.statusCode());
    assertEquals(ApiVersions.PINNED, pinned.headers().firstValue("Stripe-Version").orElseThrow());

    HttpResponse<String> invalid = get("/v1/balance", "2099-13-45");
    assertEquals(400, invalid.statusCode());
    JsonNode error = new ObjectMapper().readTree(invalid.body()).path("error");
    assertEquals("invalid_request_error", error.path("type").asText());
    assertEquals("Invalid Stripe API version: 2099-13-45", error.path("message").asText());
    assertTrue(invalid.headers().firstValue("Request-Id").orElseThrow().startsWith("req_"));

    HttpResponse<String> older = get("/v1/balance", "2024-06-20");
    assertEquals(400, older.statusCode());
    assertEquals("api_version_unsupported_by_standin",
        new ObjectMapper().readTree(older.body()).path("error").path("code").asText());

    assertEquals(200, get("/v1/balance", null).statusCode(), "no header: the pinned version");
  }

  private JsonNode post(String path, String form) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(standIn.baseUrl() + path))
            .header("Authorization", "Bearer " + StandInTestSupport.API_KEY)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(400, response.statusCode(), response.body());
    JsonNode error = new ObjectMapper().readTree(response.body()).path("error");
    assertEquals("invalid_request_error", error.path("type").asText());
    assertTrue(error.path("request_log_url").asText().contains("req_"), "request_log_url");
    return error;
  }

  private HttpResponse<String> get(String path, String version) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(standIn.baseUrl() + path))
        .header("Authorization", "Bearer " + StandInTestSupport.API_KEY).GET();
    if (version != null) {
      request.header("Stripe-Version", version);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
