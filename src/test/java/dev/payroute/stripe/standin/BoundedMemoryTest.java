package dev.payroute.stripe.standin;

import static dev.payroute.stripe.standin.StandInTestSupport.idempotencyKey;
import static dev.payroute.stripe.standin.StandInTestSupport.lineItem;
import static dev.payroute.stripe.standin.StandInTestSupport.rawJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.stripe.StripeClient;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Charge;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.model.checkout.Session;
import com.stripe.param.ChargeListParams;
import com.stripe.param.EventListParams;
import com.stripe.param.PaymentIntentCaptureParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentListParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.checkout.SessionCreateParams;
import com.stripe.param.checkout.SessionLineItemListParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finished objects leave the heap for disk and come back by id; idempotent answers live on disk for 24 hours. */
class BoundedMemoryTest {
  private static final Duration AGE = Duration.ofMinutes(1);

  @TempDir Path storage;
  private final ManualClock clock = new ManualClock();
  private StripeStandIn standIn;
  private StripeClient stripe;

  private void start(StripeStandIn.Options options) {
    standIn = StripeStandIn.start(options.storageDirectory(storage).clock(clock));
    stripe = StandInTestSupport.client(standIn);
  }

  private void start() {
    start(new StripeStandIn.Options().finishedAge(AGE));
  }

  @AfterEach
  void stop() {
    if (standIn != null) {
      standIn.close();
    }
  }

  private PaymentIntent pay(String paymentMethod, boolean manualCapture) throws StripeException {
    return stripe.v1().paymentIntents().create(
        PaymentIntentCreateParams.builder()
            .setAmount(2_000L).setCurrency("usd").addPaymentMethodType("card")
            .setCaptureMethod(manualCapture
                ? PaymentIntentCreateParams.CaptureMethod.MANUAL : PaymentIntentCreateParams.CaptureMethod.AUTOMATIC)
            .setPaymentMethod(paymentMethod).setConfirm(true).build());
  }

  private List<String> listedPaymentIntents() throws StripeException {
    return stripe.v1().paymentIntents().list(PaymentIntentListParams.builder().setLimit(100L).build())
        .getData().stream().map(PaymentIntent::getId).toList();
  }

  private List<String> listedCharges() throws StripeException {
    return stripe.v1().charges().list(ChargeListParams.builder().setLimit(100L).build())
        .getData().stream().map(Charge::getId).toList();
  }

  private List<String> listedEvents() throws StripeException {
    return stripe.v1().events().list(EventListParams.builder().setLimit(100L).build())
        .getData().stream().map(Event::getId).toList();
  }

  private long inMemory() {
    return standIn.storageReport().get("objects").get("in_memory").asLong();
  }

  @Test
  void a_finished_payment_leaves_memory_after_the_age_and_is_still_retrieved_by_id() throws StripeException {
    start();
    PaymentIntent paid = pay("pm_card_visa", false);
    ObjectNode asCreated = rawJson(stripe.v1().paymentIntents().retrieve(paid.getId()));
    String chargeId = paid.getLatestCharge();
    assertTrue(listedPaymentIntents().contains(paid.getId()));
    assertEquals(3, listedEvents().size(), "payment_intent.created, charge.succeeded, payment_intent.succeeded");
    long before = inMemory();

    clock.advance(AGE.minusSeconds(1));
    assertTrue(listedPaymentIntents().contains(paid.getId()), "not yet: younger than the age");

    clock.advance(AGE);
    assertFalse(listedPaymentIntents().contains(paid.getId()), "lists show what is in memory only");
    assertFalse(listedCharges().contains(chargeId), "its charge left with it");
    assertEquals(List.of(), listedEvents(), "and its events");
    ObjectNode report = standIn.storageReport();
    assertEquals(before - 5, report.get("objects").get("in_memory").asLong(), report.toString());
    assertEquals(5, report.get("objects").get("moved_to_disk").asLong());

    PaymentIntent retrieved = stripe.v1().paymentIntents().retrieve(paid.getId());
    assertEquals(asCreated, rawJson(retrieved), "the same object comes back from disk");
    assertEquals(chargeId, stripe.v1().charges().retrieve(chargeId).getId());
    assertTrue(listedPaymentIntents().contains(paid.getId()), "back in memory, so listed again");
  }

  @Test
  void an_archived_payment_can_still_be_refunded() throws StripeException {
    start();
    PaymentIntent paid = pay("pm_card_visa", false);
    clock.advance(AGE.multipliedBy(2));
    assertFalse(listedPaymentIntents().contains(paid.getId()));

    Refund refund = stripe.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(paid.getId()).build());

    assertEquals("succeeded", refund.getStatus());
    Charge charge = stripe.v1().charges().retrieve(paid.getLatestCharge());
    assertTrue(charge.getRefunded());
    assertEquals(2_000L, charge.getAmountRefunded());
  }

  @Test
  void unfinished_payments_stay_in_memory_whatever_their_age() throws StripeException {
    start();
    PaymentIntent authorised = pay("pm_card_visa", true);
    PaymentIntent waiting = stripe.v1().paymentIntents().create(
        PaymentIntentCreateParams.builder().setAmount(700L).setCurrency("usd").addPaymentMethodType("card").build());
    PaymentIntent finished = pay("pm_card_visa", false);

    clock.advance(Duration.ofHours(2));
    List<String> listed = listedPaymentIntents();

    assertTrue(listed.contains(authorised.getId()), "requires_capture stays");
    assertTrue(listed.contains(waiting.getId()), "requires_payment_method stays");
    assertFalse(listed.contains(finished.getId()));
    assertTrue(listedCharges().contains(authorised.getLatestCharge()), "with its charge");
    PaymentIntent captured = stripe.v1().paymentIntents().capture(authorised.getId(), PaymentIntentCaptureParams.builder().build());
    assertEquals("succeeded", captured.getStatus());
  }

  @Test
  void over_the_memory_limit_finished_objects_leave_before_their_age() throws StripeException {
    start(new StripeStandIn.Options().finishedAge(Duration.ofDays(1)).maxObjectsInMemory(40));
    PaymentIntent authorised = pay("pm_card_visa", true);
    for (int i = 0; i < 20; i++) {
      pay("pm_card_visa", false);
    }
    PaymentIntent last = pay("pm_card_visa", false);

    long inMemory = inMemory();
    assertTrue(inMemory <= 40 + 5, "about the limit (plus the last unit of work): " + inMemory);
    List<String> listed = listedPaymentIntents();
    assertTrue(listed.contains(authorised.getId()), "unfinished ones stay");
    assertTrue(listed.contains(last.getId()), "the most recently used stay");
    assertTrue(listed.size() < 22, listed.size() + " listed");
    assertEquals(2_000L, stripe.v1().paymentIntents().retrieve(listed.get(listed.size() - 1)).getAmount());
  }

  @Test
  void archived_objects_are_forgotten_after_the_archive_retention() throws StripeException {
    start(new StripeStandIn.Options().finishedAge(AGE).archiveRetention(Duration.ofHours(1)));
    PaymentIntent paid = pay("pm_card_visa", false);
    clock.advance(AGE.multipliedBy(2));
    assertFalse(listedPaymentIntents().contains(paid.getId()), "on disk");

    clock.advance(Duration.ofHours(1).plusMinutes(1));
    InvalidRequestException gone =
        assertThrows(InvalidRequestException.class, () -> stripe.v1().paymentIntents().retrieve(paid.getId()));
    assertEquals(404, gone.getStatusCode());
    assertEquals("resource_missing", gone.getCode());
  }

  @Test
  void an_archived_checkout_session_keeps_its_line_items() throws StripeException {
    start();
    Session session = stripe.v1().checkout().sessions().create(
        SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl("https://shop.example/success")
            .addLineItem(lineItem("T-shirt", 1_500, 2))
            .build());
    standIn.completeCheckoutSession(session.getId());
    clock.advance(AGE.multipliedBy(2));
    assertEquals(List.of(), stripe.v1().checkout().sessions().list(
        com.stripe.param.checkout.SessionListParams.builder().build()).getData(), "complete sessions leave memory");

    var items = stripe.v1().checkout().sessions().lineItems().list(
        session.getId(), SessionLineItemListParams.builder().build());

    assertEquals(1, items.getData().size());
    assertEquals("T-shirt", items.getData().get(0).getDescription());
    assertEquals("complete", stripe.v1().checkout().sessions().retrieve(session.getId()).getStatus());
  }

  @Test
  void a_retry_replays_the_saved_answer_after_its_payment_left_memory() throws StripeException {
    start();
    PaymentIntentCreateParams params = PaymentIntentCreateParams.builder()
        .setAmount(1_500L).setCurrency("usd").addPaymentMethodType("card")
        .setPaymentMethod("pm_card_visa").setConfirm(true).build();
    PaymentIntent first = stripe.v1().paymentIntents().create(params, idempotencyKey("order-9"));
    clock.advance(Duration.ofHours(23));
    assertFalse(listedPaymentIntents().contains(first.getId()));
    JsonNode report = standIn.storageReport().get("idempotency");
    assertEquals(0, report.get("running").asLong());
    assertEquals(1, report.get("on_disk").get("records").asLong(), "the answer is on disk, not on the heap");

    PaymentIntent retry = stripe.v1().paymentIntents().create(params, idempotencyKey("order-9"));

    assertEquals(first.getId(), retry.getId());
    assertEquals(rawJson(first), rawJson(retry), "the same bytes as the first answer");
    assertEquals("true", retry.getLastResponse().headers().firstValue("Idempotent-Replayed").orElse(null));
    assertEquals(1, standIn.executedCount("POST", "/v1/payment_intents"));
  }

  @Test
  void a_different_request_with_a_key_on_disk_is_an_idempotency_error() throws StripeException {
    start();
    stripe.v1().paymentIntents().create(
        PaymentIntentCreateParams.builder().setAmount(1_500L).setCurrency("usd").addPaymentMethodType("card").build(),
        idempotencyKey("order-10"));
    clock.advance(Duration.ofHours(3));

    IdempotencyException mismatch = assertThrows(IdempotencyException.class, () ->
        stripe.v1().paymentIntents().create(
            PaymentIntentCreateParams.builder().setAmount(1_600L).setCurrency("usd").addPaymentMethodType("card").build(),
            idempotencyKey("order-10")));

    assertEquals(400, mismatch.getStatusCode());
    assertEquals("idempotency_error", mismatch.getStripeError().getType());
  }

  @Test
  void a_key_older_than_24_hours_is_forgotten() throws StripeException {
    start();
    PaymentIntentCreateParams params = PaymentIntentCreateParams.builder()
        .setAmount(1_500L).setCurrency("usd").addPaymentMethodType("card").build();
    PaymentIntent first = stripe.v1().paymentIntents().create(params, idempotencyKey("order-11"));
    clock.advance(Duration.ofHours(24).minusSeconds(1));
    assertEquals(first.getId(), stripe.v1().paymentIntents().create(params, idempotencyKey("order-11")).getId(),
        "still replayed just before 24 hours");

    clock.advance(Duration.ofSeconds(2));
    PaymentIntent again = stripe.v1().paymentIntents().create(params, idempotencyKey("order-11"));
    PaymentIntent other = stripe.v1().paymentIntents().create(
        PaymentIntentCreateParams.builder().setAmount(9_900L).setCurrency("usd").addPaymentMethodType("card").build(),
        idempotencyKey("order-12"));

    assertNotEquals(first.getId(), again.getId(), "a new request, run again");
    assertTrue(again.getLastResponse().headers().firstValue("Idempotent-Replayed").isEmpty());
    assertEquals(9_900L, other.getAmount());
    assertEquals(3, standIn.executedCount("POST", "/v1/payment_intents"));
  }

  @Test
  void closing_deletes_the_files_on_disk() throws Exception {
    start();
    pay("pm_card_visa", false);
    stripe.v1().paymentIntents().create(
        PaymentIntentCreateParams.builder().setAmount(1_500L).setCurrency("usd").addPaymentMethodType("card").build(),
        idempotencyKey("order-13"));
    clock.advance(AGE.multipliedBy(2));
    listedPaymentIntents();
    Path folder = Path.of(standIn.storageReport().get("directory").asText());
    assertEquals(storage, folder.getParent());
    try (Stream<Path> files = Files.list(folder)) {
      assertEquals(4, files.count(), "a segment (data and index) of objects and one of idempotent answers");
    }

    standIn.close();

    assertFalse(Files.exists(folder));
    try (Stream<Path> left = Files.list(storage)) {
      assertEquals(0, left.count());
    }
  }
}
