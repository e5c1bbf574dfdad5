package dev.payroute.stripe.standin;

import static dev.payroute.stripe.standin.StandInTestSupport.idempotencyKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Event;
import com.stripe.model.Transfer;
import com.stripe.model.TransferReversal;
import com.stripe.param.EventListParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.TransferCreateParams;
import com.stripe.param.TransferReversalCreateParams;
import com.stripe.param.TransferReversalListParams;
import com.stripe.param.TransferReversalUpdateParams;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reversing a transfer, partly and then fully, never beyond its amount, with the balance and events Stripe shows. */
class TransferReversalTest extends StandInTestCase {
  private String charge;

  private Transfer transfer(long amount) throws StripeException {
    charge = stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder()
        .setAmount(10_000L).setCurrency("usd").addPaymentMethodType("card")
        .setPaymentMethod("pm_card_visa").setConfirm(true).build()).getLatestCharge();
    return stripe.v1().transfers().create(TransferCreateParams.builder()
        .setAmount(amount).setCurrency("usd").setDestination("acct_test_shop").setSourceTransaction(charge).build());
  }

  private long balance() throws StripeException {
    return stripe.v1().balance().retrieve().getAvailable().get(0).getAmount();
  }

  private TransferReversal reverse(String transfer, Long amount) throws StripeException {
    TransferReversalCreateParams.Builder params = TransferReversalCreateParams.builder();
    if (amount != null) {
      params.setAmount(amount);
    }
    return stripe.v1().transfers().reversals().create(transfer, params.build());
  }

  @Test
  void aPartialThenAFullReversalUpdateTheTransferAndTheBalance() throws StripeException {
    Transfer transfer = transfer(6_000);
    assertEquals(4_000L, balance());

    TransferReversal partial = reverse(transfer.getId(), 2_500L);
    assertTrue(partial.getId().startsWith("trr_"), partial.getId());
    assertEquals(2_500L, partial.getAmount());
    assertEquals("usd", partial.getCurrency());
    assertEquals(transfer.getId(), partial.getTransfer());
    assertEquals(6_500L, balance());
    Transfer afterPartial = stripe.v1().transfers().retrieve(transfer.getId());
    assertEquals(2_500L, afterPartial.getAmountReversed());
    assertFalse(afterPartial.getReversed());
    assertEquals(List.of(partial.getId()), afterPartial.getReversals().getData().stream().map(TransferReversal::getId).toList());

    TransferReversal rest = reverse(transfer.getId(), null);
    assertEquals(3_500L, rest.getAmount(), "without an amount, what is left");
    Transfer reversed = stripe.v1().transfers().retrieve(transfer.getId());
    assertEquals(6_000L, reversed.getAmountReversed());
    assertTrue(reversed.getReversed());
    assertEquals(10_000L, balance());

    List<Event> events = stripe.v1().events().list(EventListParams.builder().setType("transfer.reversed").build()).getData();
    assertEquals(2, events.size());
    Transfer inEvent = (Transfer) events.get(0).getDataObjectDeserializer().getObject().orElseThrow();
    assertTrue(inEvent.getReversed());
  }

  @Test
  void neverMoreThanTheTransferAmount() throws StripeException {
    Transfer transfer = transfer(1_000);
    InvalidRequestException tooMuch = assertThrows(InvalidRequestException.class, () -> reverse(transfer.getId(), 1_001L));
    assertEquals(400, tooMuch.getStatusCode());
    assertEquals("amount", tooMuch.getStripeError().getParam());
    reverse(transfer.getId(), 1_000L);
    InvalidRequestException nothingLeft = assertThrows(InvalidRequestException.class, () -> reverse(transfer.getId(), 1L));
    assertTrue(nothingLeft.getStripeError().getMessage().contains("fully reversed"), nothingLeft.getStripeError().getMessage());
    assertEquals(1_000L, stripe.v1().transfers().retrieve(transfer.getId()).getAmountReversed());
  }

  @Test
  void aReversedAmountCanBeTransferredFromTheChargeAgain() throws StripeException {
    Transfer transfer = transfer(10_000);
    reverse(transfer.getId(), 4_000L);
    Transfer again = stripe.v1().transfers().create(TransferCreateParams.builder()
        .setAmount(4_000L).setCurrency("usd").setDestination("acct_test_other").setSourceTransaction(charge).build());
    assertEquals(4_000L, again.getAmount());
  }

  @Test
  void listRetrieveAndUpdateUnderTheTransfer() throws StripeException {
    Transfer transfer = transfer(3_000);
    String first = reverse(transfer.getId(), 1_000L).getId();
    String second = reverse(transfer.getId(), 1_000L).getId();

    var page = stripe.v1().transfers().reversals().list(transfer.getId(), TransferReversalListParams.builder().setLimit(1L).build());
    assertEquals(List.of(second), page.getData().stream().map(TransferReversal::getId).toList());
    assertTrue(page.getHasMore());
    assertEquals("/v1/transfers/" + transfer.getId() + "/reversals", page.getUrl());

    assertEquals(first, stripe.v1().transfers().reversals().retrieve(transfer.getId(), first).getId());
    TransferReversal updated = stripe.v1().transfers().reversals().update(
        transfer.getId(), first, TransferReversalUpdateParams.builder().putMetadata("reason", "refund").build());
    assertEquals("refund", updated.getMetadata().get("reason"));

    Transfer other = stripe.v1().transfers().create(TransferCreateParams.builder()
        .setAmount(100L).setCurrency("usd").setDestination("acct_test_shop").build());
    InvalidRequestException elsewhere = assertThrows(InvalidRequestException.class,
        () -> stripe.v1().transfers().reversals().retrieve(other.getId(), first));
    assertEquals(404, elsewhere.getStatusCode());
  }

  @Test
  void aRetriedReversalWithTheSameKeyReversesOnce() throws StripeException {
    Transfer transfer = transfer(2_000);
    TransferReversalCreateParams params = TransferReversalCreateParams.builder().setAmount(500L).build();
    TransferReversal first = stripe.v1().transfers().reversals().create(transfer.getId(), params, idempotencyKey("rev-1"));
    TransferReversal replay = stripe.v1().transfers().reversals().create(transfer.getId(), params, idempotencyKey("rev-1"));
    assertEquals(first.getId(), replay.getId());
    assertEquals(500L, stripe.v1().transfers().retrieve(transfer.getId()).getAmountReversed());
  }
}
