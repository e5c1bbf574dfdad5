package dev.payroute.stripe.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every answer has a Request-Id; every error body names the request's log as Stripe's do (request_log_url). */
class RequestLogUrlTest extends StandInTestCase {

  private static final ObjectMapper JSON = new ObjectMapper();

  private HttpResponse<String> post(String path, String form, String idempotencyKey) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(standIn.baseUrl() + path))
        .header("Authorization", "Bearer sk_test_request_log")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form));
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String logUrl(HttpResponse<String> response) throws Exception {
    JsonNode error = JSON.readTree(response.body()).path("error");
    return error.path("request_log_url").asText("");
  }

  @Test
  void errorBodiesNameTheLogOfTheirRequest() throws Exception {
    HttpResponse<String> missing = post("/v1/payment_intents", "currency=usd", null);
    assertEquals(400, missing.statusCode(), missing.body());
    String requestId = missing.headers().firstValue("Request-Id").orElseThrow();
    assertTrue(requestId.startsWith("req_"), requestId);
    assertTrue(logUrl(missing).startsWith("https://dashboard.stripe.com/test/logs/" + requestId + "?t="), missing.body());

    HttpResponse<String> unknown = post("/v1/nothing_here", "", null);
    assertEquals(404, unknown.statusCode());
    assertTrue(logUrl(unknown).contains(unknown.headers().firstValue("Request-Id").orElseThrow()), unknown.body());
  }

  @Test
  void aReplayedCardErrorShowsTheLogOfTheRequestThatRan() throws Exception {
    String form = "amount=1000&currency=usd&payment_method_types[]=card&payment_method=pm_card_chargeDeclined&confirm=true";
    HttpResponse<String> declined = post("/v1/payment_intents", form, "log-url-decline");
    assertEquals(402, declined.statusCode(), declined.body());
    HttpResponse<String> replayed = post("/v1/payment_intents", form, "log-url-decline");
    assertEquals(402, replayed.statusCode());
    assertEquals("true", replayed.headers().firstValue("Idempotent-Replayed").orElse(""));
    assertFalse(logUrl(declined).isEmpty(), declined.body());
    assertEquals(logUrl(declined), logUrl(replayed));
    assertTrue(logUrl(replayed).contains(declined.headers().firstValue("Request-Id").orElseThrow()));
  }

  @Test
  void successesHaveARequestIdAndNoLogUrl() throws Exception {
    HttpResponse<String> created = post("/v1/customers", "email=a%40example.com", null);
    assertEquals(200, created.statusCode(), created.body());
    assertTrue(created.headers().firstValue("Request-Id").orElseThrow().startsWith("req_"));
    assertFalse(created.body().contains("request_log_url"));
  }
}
