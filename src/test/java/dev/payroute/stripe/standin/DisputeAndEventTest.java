package dev.payroute.stripe.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.stripe.exception.StripeException;
import com.stripe.model.Dispute;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.model.StripeCollection;
import com.stripe.param.EventListParams;
import com.stripe.param.PaymentIntentCreateParams;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class DisputeAndEventTest extends StandInTestCase {
  private PaymentIntent pay() throws StripeException {
    return stripe.v1().paymentIntents().create(
        PaymentIntentCreateParams.builder()
            .setAmount(3_000L).setCurrency("usd").addPaymentMethodType("card")
            .setPaymentMethod("pm_card_visa").setConfirm(true).build());
  }

  @Test
  void disputeHookMarksTheChargeAndEmitsChargeDisputeCreated() throws Exception {
    PaymentIntent pi = pay();
    HttpResponse<String> hook = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(standIn.baseUrl() + "/_standin/charges/" + pi.getLatestCharge() + "/dispute"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("reason=product_not_received"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, hook.statusCode());

    assertTrue(stripe.v1().charges().retrieve(pi.getLatestCharge()).getDisputed());
    Event event = stripe.v1().events().list(EventListParams.builder().setType("charge.dispute.created").build())
        .getData().get(0);
    Dispute dispute = (Dispute) event.getDataObjectDeserializer().getObject().orElseThrow();
    assertEquals(pi.getLatestCharge(), dispute.getCharge());
    assertEquals("product_not_received", dispute.getReason());
    Dispute retrieved = stripe.v1().disputes().retrieve(dispute.getId());
    assertEquals("needs_response", retrieved.getStatus());
    assertEquals("visa", retrieved.getPaymentMethodDetails().getCard().getNetwork(), "the network the charge went through");
  }

  @Test
  void eventsListNewestFirstFilteredByTypeOrWildcard() throws StripeException {
    PaymentIntent pi = pay();
    StripeCollection<Event> piEvents =
        stripe.v1().events().list(EventListParams.builder().setType("payment_intent.*").build());
    List<String> types = piEvents.getData().stream().map(Event::getType).toList();
    assertEquals(List.of("payment_intent.succeeded", "payment_intent.created"), types);
    assertEquals(1, stripe.v1().events().list(
        EventListParams.builder().addType("charge.succeeded").build()).getData().size());
    Event retrieved = stripe.v1().events().retrieve(piEvents.getData().get(0).getId());
    assertEquals(pi.getId(), ((PaymentIntent) retrieved.getDataObjectDeserializer().getObject().orElseThrow()).getId());
    assertEquals(retrieved.getId(), standIn.object(retrieved.getId()).orElseThrow().get("id").asText());
  }

  @Test
  void balanceReflectsCapturesRefundsAndDisputes() throws StripeException {
    PaymentIntent pi = pay();
    assertEquals(3_000L, stripe.v1().balance().retrieve().getAvailable().get(0).getAmount());
    standIn.createDispute(pi.getLatestCharge());
    assertEquals(0L, stripe.v1().balance().retrieve().getAvailable().get(0).getAmount());
  }
}
