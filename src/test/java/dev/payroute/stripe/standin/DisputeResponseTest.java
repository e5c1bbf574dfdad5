package dev.payroute.stripe.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Dispute;
import com.stripe.model.Event;
import com.stripe.param.DisputeUpdateParams;
import com.stripe.param.EventListParams;
import com.stripe.param.PaymentIntentCreateParams;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The platform's answer to a dispute: staging and submitting evidence, metadata, accepting (closing) it. */
class DisputeResponseTest extends StandInTestCase {
  private String openDispute() throws StripeException {
    String charge = stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder()
        .setAmount(3_000L).setCurrency("usd").addPaymentMethodType("card")
        .setPaymentMethod("pm_card_visa").setConfirm(true).build()).getLatestCharge();
    return standIn.createDispute(charge).get("id").asText();
  }

  private static DisputeUpdateParams.Evidence.Builder evidence() {
    return DisputeUpdateParams.Evidence.builder()
        .setCustomerName("Ada Lovelace")
        .setProductDescription("A book, shipped and delivered.");
  }

  private List<Event> events(String type) throws StripeException {
    return stripe.v1().events().list(EventListParams.builder().setType(type).build()).getData();
  }

  @Test
  void stagedEvidenceStaysEditableUntilItIsSubmitted() throws StripeException {
    String id = openDispute();
    Dispute staged = stripe.v1().disputes().update(id, DisputeUpdateParams.builder()
        .setEvidence(evidence().build()).setSubmit(false).putMetadata("case", "c-1").build());

    assertEquals("needs_response", staged.getStatus());
    assertEquals("Ada Lovelace", staged.getEvidence().getCustomerName());
    assertTrue(staged.getEvidenceDetails().getHasEvidence());
    assertEquals(0L, staged.getEvidenceDetails().getSubmissionCount());
    assertEquals("c-1", staged.getMetadata().get("case"));

    Dispute submitted = stripe.v1().disputes().update(id, DisputeUpdateParams.builder()
        .setEvidence(DisputeUpdateParams.Evidence.builder().setCustomerName("Ada King").build()).build());
    assertEquals("under_review", submitted.getStatus());
    assertEquals("Ada King", submitted.getEvidence().getCustomerName());
    assertEquals("A book, shipped and delivered.", submitted.getEvidence().getProductDescription(), "merged, not replaced");
    assertEquals(1L, submitted.getEvidenceDetails().getSubmissionCount());

    List<Event> updates = events("charge.dispute.updated");
    assertEquals(2, updates.size());
    Dispute inEvent = (Dispute) updates.get(0).getDataObjectDeserializer().getObject().orElseThrow();
    assertEquals("under_review", inEvent.getStatus());
  }

  @Test
  void submittedEvidenceCannotChangeButMetadataCan() throws StripeException {
    String id = openDispute();
    stripe.v1().disputes().update(id, DisputeUpdateParams.builder().setEvidence(evidence().build()).build());

    InvalidRequestException again = assertThrows(InvalidRequestException.class, () -> stripe.v1().disputes().update(
        id, DisputeUpdateParams.builder().setEvidence(evidence().setCustomerName("Someone else").build()).build()));
    assertEquals(400, again.getStatusCode());
    assertTrue(again.getStripeError().getMessage().contains("under_review"), again.getStripeError().getMessage());
    assertEquals("Ada Lovelace", stripe.v1().disputes().retrieve(id).getEvidence().getCustomerName());

    assertEquals("x", stripe.v1().disputes().update(
        id, DisputeUpdateParams.builder().putMetadata("note", "x").build()).getMetadata().get("note"));
  }

  @Test
  void closingAcceptsTheDisputeAsLostForGood() throws StripeException {
    String id = openDispute();
    Dispute closed = stripe.v1().disputes().close(id);
    assertEquals("lost", closed.getStatus());

    Event event = events("charge.dispute.closed").get(0);
    assertEquals("lost", ((Dispute) event.getDataObjectDeserializer().getObject().orElseThrow()).getStatus());
    assertEquals(0L, stripe.v1().balance().retrieve().getAvailable().get(0).getAmount(), "the disputed funds stay gone");

    InvalidRequestException closeAgain =
        assertThrows(InvalidRequestException.class, () -> stripe.v1().disputes().close(id));
    assertTrue(closeAgain.getStripeError().getMessage().contains("lost"), closeAgain.getStripeError().getMessage());
    InvalidRequestException evidenceAfter = assertThrows(InvalidRequestException.class,
        () -> stripe.v1().disputes().update(id, DisputeUpdateParams.builder().setEvidence(evidence().build()).build()));
    assertEquals(400, evidenceAfter.getStatusCode());
    assertNull(stripe.v1().disputes().retrieve(id).getEvidence().getCustomerName());
    assertEquals(1, events("charge.dispute.closed").size());
  }

  @Test
  void aMetadataOnlyUpdateSubmitsNothing() throws StripeException {
    String id = openDispute();
    Dispute updated = stripe.v1().disputes().update(id, DisputeUpdateParams.builder().putMetadata("k", "v").build());
    assertEquals("needs_response", updated.getStatus());
    assertFalse(updated.getEvidenceDetails().getHasEvidence());
  }

  @Test
  void evidenceAsAFileIsNotModelledAndRefusedByName() throws StripeException {
    String id = openDispute();
    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> stripe.v1().disputes().update(
        id, DisputeUpdateParams.builder().setEvidence(DisputeUpdateParams.Evidence.builder().setReceipt("file_1").build())
            .build()));
    assertEquals("parameter_unsupported_by_standin", e.getCode());
    assertEquals("evidence[receipt]", e.getStripeError().getParam());
  }

  @Test
  void anUnknownDisputeIsNotFound() {
    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> stripe.v1().disputes().close("dp_none"));
    assertEquals(404, e.getStatusCode());
  }
}
