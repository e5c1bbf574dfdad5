package dev.payroute.stripe.standin;

import static dev.payroute.stripe.standin.StandInTestSupport.client;
import static dev.payroute.stripe.standin.StandInTestSupport.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.StripeClient;
import com.stripe.exception.ApiException;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.model.checkout.Session;
import com.stripe.net.Webhook;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.checkout.SessionCreateParams;
import dev.payroute.support.StandInJarProcess;
import dev.payroute.support.TestRun;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/**
 * target/payroute-standin.jar as a product of its own: started with {@code java -jar} in its own JVM
 * (failsafe runs this after {@code package}), reached by the real stripe-java client over HTTP.
 */
class StandInJarIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "whsec_standin_jar_it";
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void started_with_options_it_answers_stripe_java_and_posts_signed_webhooks() throws Exception {
    int port = TestRun.freePort();
    try (WebhookReceiver receiver = new WebhookReceiver();
         StandInJarProcess standIn = StandInJarProcess.start("options",
             // The secret from the environment: a command line is readable by every user of the machine (ps).
             List.of("--port", Integer.toString(port), "--webhook-url", receiver.url()),
             Map.of("STRIPE_WEBHOOK_SECRET", SECRET))) {
      String base = standIn.awaitListening();
      assertEquals("http://127.0.0.1:" + port, base);
      StripeClient stripe = client(base, Duration.ofSeconds(10));

      PaymentIntent paid = stripe.v1().paymentIntents().create(card(2_098, "pm_card_visa").build());
      assertEquals("succeeded", paid.getStatus());
      assertEquals(2_098L, paid.getAmountReceived());
      String event = eventually(() -> signedEvent(receiver, "payment_intent.succeeded", paid.getId(), SECRET));
      assertEquals(paid.getId(), JSON.readTree(event).path("data").path("object").path("id").asText());
      assertThrows(SignatureVerificationException.class,
          () -> signedEvent(receiver, "payment_intent.succeeded", paid.getId(), "whsec_someone_else"));

      // The test hooks answer at their documented paths.
      PaymentIntent challenged = stripe.v1().paymentIntents().create(
          card(4_000, "pm_card_threeDSecure2Required").setReturnUrl("https://shop.example/return").build());
      assertEquals("requires_action", challenged.getStatus());
      assertEquals(200, post(base + "/_standin/payment_intents/" + challenged.getId() + "/authenticate").statusCode());
      assertEquals("succeeded", stripe.v1().paymentIntents().retrieve(challenged.getId()).getStatus());

      Session session = stripe.v1().checkout().sessions().create(SessionCreateParams.builder()
          .setMode(SessionCreateParams.Mode.PAYMENT)
          .setSuccessUrl("https://shop.example/success")
          .addLineItem(StandInTestSupport.lineItem("T-shirt", 1_500L, 1L))
          .build());
      assertEquals(200, post(base + "/_standin/checkout/sessions/" + session.getId() + "/complete").statusCode());
      assertEquals("complete", stripe.v1().checkout().sessions().retrieve(session.getId()).getStatus());

      HttpResponse<String> fault = http.send(HttpRequest.newBuilder(URI.create(base + "/_standin/faults"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"path_prefix\":\"/v1/customers\",\"kind\":\"HTTP_500\"}"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, fault.statusCode(), fault.body());
      ApiException failed = assertThrows(ApiException.class,
          () -> stripe.v1().customers().create(CustomerCreateParams.builder().setEmail("a@example.com").build()));
      assertEquals(500, failed.getStatusCode());
      assertTrue(stripe.v1().customers().create(CustomerCreateParams.builder().setEmail("a@example.com").build())
          .getId().startsWith("cus_"), "one fault, then normal answers");
    }
  }

  @Test
  void started_with_the_environment_alone_it_signs_with_the_first_webhook_secret() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver();
         StandInJarProcess standIn = StandInJarProcess.start("environment", List.of(), Map.of(
             "STRIPE_STANDIN_PORT", "0",
             "STRIPE_STANDIN_WEBHOOK_URL", receiver.url(),
             "STRIPE_WEBHOOK_SECRET", "whsec_first,whsec_second"))) {
      String base = standIn.awaitListening();
      assertTrue(base.startsWith("http://127.0.0.1:"), base);
      PaymentIntent paid = client(base, Duration.ofSeconds(10)).v1().paymentIntents()
          .create(card(1_000, "pm_card_visa").build());
      String event = eventually(() -> signedEvent(receiver, "payment_intent.succeeded", paid.getId(), "whsec_first"));
      assertEquals(paid.getId(), JSON.readTree(event).path("data").path("object").path("id").asText());
    }
  }

  @Test
  void a_wrong_option_ends_it_with_the_usage_and_status_2() throws Exception {
    try (StandInJarProcess standIn = StandInJarProcess.start("wrong-option", List.of("--prot", "12111"), Map.of())) {
      assertEquals(2, standIn.awaitExit(Duration.ofSeconds(30)));
      String output = standIn.output();
      assertTrue(output.contains("unknown option --prot"), output);
      assertTrue(output.contains("usage: java -jar payroute-standin.jar"), output);
      assertFalse(standIn.isAlive());
    }
  }

  @Test
  void the_jar_holds_the_stand_in_and_jackson_and_nothing_of_the_service() throws Exception {
    try (JarFile jar = new JarFile(StandInJarProcess.JAR.toFile())) {
      Manifest manifest = jar.getManifest();
      assertEquals(StandInServer.class.getName(), manifest.getMainAttributes().getValue("Main-Class"));
      List<String> foreign = jar.stream().map(entry -> entry.getName())
          .filter(name -> !name.startsWith("META-INF/") && !name.startsWith("dev/payroute/stripe/standin/")
              && !name.startsWith("com/fasterxml/jackson/")
              && !List.of("dev/", "dev/payroute/", "dev/payroute/stripe/", "com/", "com/fasterxml/").contains(name))
          .toList();
      assertEquals(List.of(), foreign);
      assertTrue(jar.getEntry(StandInServer.class.getName().replace('.', '/') + ".class") != null);
    }
  }

  private static PaymentIntentCreateParams.Builder card(long amount, String paymentMethod) {
    return PaymentIntentCreateParams.builder().setAmount(amount).setCurrency("usd").addPaymentMethodType("card")
        .setPaymentMethod(paymentMethod).setConfirm(true);
  }

  /** The payload of the delivered event of this type about this object, checked with stripe-java's own verifier. */
  private static String signedEvent(WebhookReceiver receiver, String type, String objectId, String secret)
      throws SignatureVerificationException {
    for (WebhookReceiver.Received delivery : receiver.received()) {
      if (delivery.payload().contains("\"" + type + "\"") && delivery.payload().contains(objectId)) {
        Event event = Webhook.constructEvent(delivery.payload(), delivery.signature(), secret);
        assertEquals(type, event.getType());
        return delivery.payload();
      }
    }
    throw new AssertionError("no " + type + " event for " + objectId + " yet");
  }

  private HttpResponse<String> post(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
