package dev.payroute.stripe.standin;

import static dev.payroute.stripe.standin.StandInTestSupport.client;
import static dev.payroute.stripe.standin.StandInTestSupport.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.stripe.Stripe;
import com.stripe.StripeClient;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.exception.StripeException;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.net.Webhook;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.CustomerUpdateParams;
import com.stripe.param.EventListParams;
import com.stripe.param.PaymentIntentCreateParams;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookDeliveryTest {
  private static final String SECRET = "whsec_test_standin";

  private WebhookReceiver receiver;
  private StripeStandIn standIn;
  private StripeClient stripe;

  @BeforeEach
  void start() {
    receiver = new WebhookReceiver();
    standIn = StripeStandIn.start(new StripeStandIn.Options()
        .webhookTarget(receiver.url(), SECRET)
        .webhookRetryDelays(List.of(Duration.ofMillis(20), Duration.ofMillis(40))));
    stripe = client(standIn);
  }

  @AfterEach
  void stop() {
    standIn.close();
    receiver.close();
  }

  private PaymentIntent pay() throws StripeException {
    return stripe.v1().paymentIntents().create(
        PaymentIntentCreateParams.builder()
            .setAmount(1_999L).setCurrency("usd").addPaymentMethodType("card")
            .setPaymentMethod("pm_card_visa").setConfirm(true).build());
  }

  private static Event verify(WebhookReceiver.Received delivery) throws SignatureVerificationException {
    return Webhook.constructEvent(delivery.payload(), delivery.signature(), SECRET, 300);
  }

  private Event deliveredEvent(String type) {
    return eventually(() -> {
      for (WebhookReceiver.Received delivery : receiver.received()) {
        Event event = verify(delivery);
        if (type.equals(event.getType()) && delivery.answeredStatus() == 200) {
          return event;
        }
      }
      throw new AssertionError("no " + type + " delivered yet");
    });
  }

  private long deliveriesOf(String eventId) throws SignatureVerificationException {
    long count = 0;
    for (WebhookReceiver.Received delivery : receiver.received()) {
      if (verify(delivery).getId().equals(eventId)) {
        count++;
      }
    }
    return count;
  }

  @Test
  void eventsAboutDifferentObjectsArePostedSeveralAtOnce() throws Exception {
    // A slow endpoint: each post is held until eight posts have arrived, or for five seconds (under the stand-in's
    // own ten-second timeout). Posting four at a time, as the stand-in once did, fails both checks below: no more
    // than four posts are ever open at once, and the first four wait out the five seconds.
    int together = 8;
    int customers = 64;
    java.util.concurrent.CountDownLatch open = new java.util.concurrent.CountDownLatch(together);
    java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger mostInFlight = new java.util.concurrent.atomic.AtomicInteger();
    java.util.Set<String> answered = java.util.concurrent.ConcurrentHashMap.newKeySet();
    com.sun.net.httpserver.HttpServer slow =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(32);
    slow.setExecutor(threads);
    slow.createContext("/webhooks", exchange -> {
      String payload = new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      open.countDown();
      try {
        open.await(5, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      inFlight.decrementAndGet();
      answered.add(com.stripe.net.ApiResource.GSON.fromJson(payload, Event.class).getId());
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    slow.start();
    try {
      standIn.setWebhookTarget("http://127.0.0.1:" + slow.getAddress().getPort() + "/webhooks", SECRET);
      long started = System.nanoTime();
      for (int i = 0; i < customers; i++) {
        stripe.v1().customers().create(CustomerCreateParams.builder().setEmail("c" + i + "@example.com").build());
      }
      eventually(() -> assertEquals(customers, answered.size(), "customer.created events answered"));
      assertTrue(mostInFlight.get() >= together,
          "posts open at once: " + mostInFlight.get() + " (the stand-in has " + WebhookDispatcher.LANES + " lanes)");
      assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(5)) < 0,
          "no post waited out the endpoint's five seconds");
    } finally {
      slow.stop(0);
      threads.shutdownNow();
    }
  }

  @Test
  void eventsArriveSignedAndParseWithStripeJava() throws Exception {
    PaymentIntent pi = pay();

    Event succeeded = deliveredEvent("payment_intent.succeeded");
    assertEquals(Stripe.API_VERSION, succeeded.getApiVersion());
    PaymentIntent fromEvent = (PaymentIntent) succeeded.getDataObjectDeserializer().getObject().orElseThrow();
    assertEquals(pi.getId(), fromEvent.getId());
    assertEquals("succeeded", fromEvent.getStatus());
    assertNotNull(succeeded.getRequest().getId());
    assertNotNull(succeeded.getRequest().getIdempotencyKey(), "stripe-java sends a key with every POST");
    deliveredEvent("charge.succeeded");
    deliveredEvent("payment_intent.created");

    WebhookReceiver.Received any = receiver.received().get(0);
    assertEquals("application/json; charset=utf-8", any.contentType());
    assertEquals("Stripe/1.0 (+https://stripe.com/docs/webhooks)", any.userAgent());
    eventually(() -> assertTrue(standIn.deliveredEventIds().contains(succeeded.getId())));
    assertEquals(succeeded.getId(), stripe.v1().events().retrieve(succeeded.getId()).getId());
  }

  @Test
  void failedDeliveryIsRetried() throws Exception {
    receiver.respondNext(500);
    String customer = stripe.v1().customers().create(CustomerCreateParams.builder().setEmail("a@example.com").build()).getId();

    Event created = deliveredEvent("customer.created");
    assertEquals(customer, ((com.stripe.model.Customer) created.getDataObjectDeserializer().getObject().orElseThrow()).getId());
    assertEquals(2, deliveriesOf(created.getId()), "one 500, then one 200");
    assertEquals(500, receiver.received().get(0).answeredStatus());
    eventually(() -> assertEquals(1, standIn.deliveredEventIds().stream().filter(created.getId()::equals).count()));
  }

  @Test
  void eventsAboutOneObjectStayInOrderAcrossRetries() throws Exception {
    receiver.respondNext(500, 500);
    PaymentIntent pi = pay();
    deliveredEvent("payment_intent.succeeded");

    List<String> acceptedForPi = receiver.received().stream()
        .filter(d -> d.answeredStatus() == 200)
        .map(d -> {
          try {
            return verify(d);
          } catch (SignatureVerificationException e) {
            throw new AssertionError(e);
          }
        })
        .filter(e -> e.getType().startsWith("payment_intent."))
        .map(Event::getType)
        .toList();
    assertEquals(List.of("payment_intent.created", "payment_intent.succeeded"), acceptedForPi, pi.getId());
  }

  @Test
  void givingUpOnAnEventDoesNotBlockTheNextOneForTheSameObject() throws Exception {
    receiver.respondNext(500, 500, 500);
    String customer = stripe.v1().customers().create(CustomerCreateParams.builder().build()).getId();
    stripe.v1().customers().update(customer, CustomerUpdateParams.builder().setName("Ada").build());

    Event updated = deliveredEvent("customer.updated");
    String createdId = stripe.v1().events().list(EventListParams.builder().setType("customer.created").build())
        .getData().get(0).getId();
    assertEquals(3, deliveriesOf(createdId), "three attempts with two retry delays");
    assertFalse(standIn.deliveredEventIds().contains(createdId));
    assertTrue(standIn.deliveredEventIds().contains(updated.getId()));
  }

  @Test
  void withheldEventsAreStoredButNotSentUntilRedelivered() throws Exception {
    standIn.withholdWebhooks("payment_intent.succeeded", true);
    pay();
    deliveredEvent("charge.succeeded");
    deliveredEvent("payment_intent.created");

    Event withheld = stripe.v1().events().list(EventListParams.builder().setType("payment_intent.succeeded").build())
        .getData().get(0);
    assertEquals(0L, withheld.getPendingWebhooks());
    assertFalse(standIn.deliveredEventIds().contains(withheld.getId()));

    standIn.redeliver(withheld.getId());
    eventually(() -> assertTrue(standIn.deliveredEventIds().contains(withheld.getId())));
    standIn.redeliver(withheld.getId());
    eventually(() -> assertEquals(2, deliveriesOf(withheld.getId()), "a duplicate delivery of the same event"));
  }

  @Test
  void withholdingEverythingAndReleasing() throws Exception {
    standIn.withholdWebhooks("*", true);
    String quiet = stripe.v1().customers().create(CustomerCreateParams.builder().build()).getId();
    standIn.withholdWebhooks("*", false);
    String loud = stripe.v1().customers().create(CustomerCreateParams.builder().build()).getId();

    Event delivered = deliveredEvent("customer.created");
    assertEquals(loud, ((com.stripe.model.Customer) delivered.getDataObjectDeserializer().getObject().orElseThrow()).getId());
    assertEquals(1, receiver.received().size(), "nothing about " + quiet);
  }

  @Test
  void withoutATargetEventsAreOnlyStored() throws Exception {
    standIn.setWebhookTarget(null, null);
    pay();
    assertFalse(stripe.v1().events().list(EventListParams.builder().setType("payment_intent.*").build()).getData().isEmpty());

    standIn.setWebhookTarget(receiver.url(), SECRET);
    stripe.v1().customers().create(CustomerCreateParams.builder().build());
    deliveredEvent("customer.created");
    assertTrue(receiver.received().stream().allMatch(d -> d.payload().contains("customer.created")));
  }
}
