package dev.payroute.stripe.standin;

import static dev.payroute.stripe.standin.StandInTestSupport.rawJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Charge;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.net.RequestOptions;
import com.stripe.param.ChargeListParams;
import com.stripe.param.ChargeRetrieveParams;
import com.stripe.param.EventListParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentRetrieveParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.RefundListParams;
import com.stripe.param.RefundUpdateParams;
import java.util.List;
import org.junit.jupiter.api.Test;

class RefundTest extends StandInTestCase {
  private PaymentIntent paid(long amount) throws StripeException {
    return stripe.v1().paymentIntents().create(
        PaymentIntentCreateParams.builder()
            .setAmount(amount).setCurrency("eur").addPaymentMethodType("card")
            .setPaymentMethod("pm_card_visa").setConfirm(true).build());
  }

  @Test
  void fullRefundByPaymentIntentMarksTheChargeRefunded() throws StripeException {
    PaymentIntent pi = paid(2_500);
    Refund refund = stripe.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(pi.getId()).build());

    assertEquals("succeeded", refund.getStatus());
    assertEquals(2_500L, refund.getAmount());
    assertEquals("eur", refund.getCurrency());
    assertEquals(pi.getLatestCharge(), refund.getCharge());
    assertEquals(pi.getId(), refund.getPaymentIntent());

    Charge charge = stripe.v1().charges().retrieve(pi.getLatestCharge());
    assertTrue(charge.getRefunded());
    assertEquals(2_500L, charge.getAmountRefunded());

    InvalidRequestException again =
        assertThrows(InvalidRequestException.class, () -> stripe.v1().refunds().create(
            RefundCreateParams.builder().setPaymentIntent(pi.getId()).build()));
    assertEquals("charge_already_refunded", again.getCode());
  }

  @Test
  void partialRefundsUpToTheCapturedAmountThenRefuseMore() throws StripeException {
    PaymentIntent pi = paid(1_000);
    Refund first = stripe.v1().refunds().create(
        RefundCreateParams.builder().setCharge(pi.getLatestCharge()).setAmount(300L)
            .setReason(RefundCreateParams.Reason.REQUESTED_BY_CUSTOMER).putMetadata("ticket", "T-1").build());
    assertEquals(300L, first.getAmount());
    assertEquals("requested_by_customer", first.getReason());
    assertFalse(stripe.v1().charges().retrieve(pi.getLatestCharge()).getRefunded());

    InvalidRequestException over =
        assertThrows(InvalidRequestException.class, () -> stripe.v1().refunds().create(
            RefundCreateParams.builder().setPaymentIntent(pi.getId()).setAmount(800L).build()));
    assertEquals(400, over.getStatusCode());
    assertEquals("amount_too_large", over.getCode());
    assertEquals("amount", over.getStripeError().getParam());

    Refund rest = stripe.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(pi.getId()).build());
    assertEquals(700L, rest.getAmount());
    Charge charge = stripe.v1().charges().retrieve(pi.getLatestCharge());
    assertTrue(charge.getRefunded());
    assertEquals(1_000L, charge.getAmountRefunded());

    assertEquals(2, stripe.v1().refunds().list(
        RefundListParams.builder().setPaymentIntent(pi.getId()).build()).getData().size());
  }

  @Test
  void aChargeCarriesItsRefundsOnlyWhenExpanded() throws StripeException {
    PaymentIntent pi = paid(1_000);
    Refund first = stripe.v1().refunds().create(
        RefundCreateParams.builder().setPaymentIntent(pi.getId()).setAmount(300L).build());
    Refund second = stripe.v1().refunds().create(
        RefundCreateParams.builder().setPaymentIntent(pi.getId()).setAmount(200L).build());
    String chargeId = pi.getLatestCharge();

    assertFalse(rawJson(stripe.v1().charges().retrieve(chargeId)).has("refunds"));
    assertFalse(rawJson(stripe.v1().charges().list(ChargeListParams.builder().build())).at("/data/0").has("refunds"));
    assertFalse(rawJson(stripe.v1().paymentIntents().retrieve(pi.getId(),
        PaymentIntentRetrieveParams.builder().addExpand("latest_charge").build(), RequestOptions.getDefault()))
        .get("latest_charge").has("refunds"));
    Event refunded = stripe.v1().events().list(EventListParams.builder().setType("charge.refunded").build()).getData().get(0);
    assertFalse(rawJson(stripe.v1().events().retrieve(refunded.getId())).at("/data/object").has("refunds"),
        "an event's charge has no refunds either");

    Charge expanded = stripe.v1().charges().retrieve(
        chargeId, ChargeRetrieveParams.builder().addExpand("refunds").build(), RequestOptions.getDefault());
    assertEquals(List.of(second.getId(), first.getId()),
        expanded.getRefunds().getData().stream().map(Refund::getId).toList(), "newest first");
    assertEquals("/v1/charges/" + chargeId + "/refunds", expanded.getRefunds().getUrl());
    assertFalse(rawJson(expanded).get("refunds").has("total_count"));
    PaymentIntent withCharge = stripe.v1().paymentIntents().retrieve(pi.getId(),
        PaymentIntentRetrieveParams.builder().addExpand("latest_charge.refunds").build(), RequestOptions.getDefault());
    assertEquals(2, withCharge.getLatestChargeObject().getRefunds().getData().size());
    assertEquals(2, stripe.v1().charges().list(ChargeListParams.builder().addExpand("data.refunds").build())
        .getData().get(0).getRefunds().getData().size());
  }

  @Test
  void uncapturedPaymentCannotBeRefunded() throws StripeException {
    PaymentIntent pi = stripe.v1().paymentIntents().create(
        PaymentIntentCreateParams.builder()
            .setAmount(1_000L).setCurrency("usd").addPaymentMethodType("card")
            .setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.MANUAL)
            .setPaymentMethod("pm_card_visa").setConfirm(true).build());
    InvalidRequestException refused =
        assertThrows(InvalidRequestException.class, () -> stripe.v1().refunds().create(
            RefundCreateParams.builder().setPaymentIntent(pi.getId()).build()));
    assertEquals("payment_intent_unexpected_state", refused.getCode());
  }

  @Test
  void pendingRefundSettlesThroughTheHook() throws StripeException {
    PaymentIntent pi = paid(1_000);
    Refund pending = stripe.v1().refunds().create(
        RefundCreateParams.builder().setPaymentIntent(pi.getId()).putMetadata("standin_pending", "true").build());
    assertEquals("pending", pending.getStatus());

    standIn.settleRefund(pending.getId(), true);
    assertEquals("succeeded", stripe.v1().refunds().retrieve(pending.getId()).getStatus());
  }

  @Test
  void failedPendingRefundGivesTheAmountBack() throws StripeException {
    PaymentIntent pi = paid(1_000);
    Refund pending = stripe.v1().refunds().create(
        RefundCreateParams.builder().setPaymentIntent(pi.getId()).putMetadata("standin_pending", "true").build());
    standIn.settleRefund(pending.getId(), false);

    assertEquals("failed", stripe.v1().refunds().retrieve(pending.getId()).getStatus());
    Charge charge = stripe.v1().charges().retrieve(pi.getLatestCharge());
    assertEquals(0L, charge.getAmountRefunded());
    assertFalse(charge.getRefunded());
  }

  @Test
  void updateRefundMetadata() throws StripeException {
    PaymentIntent pi = paid(1_000);
    Refund refund = stripe.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(pi.getId()).build());
    Refund updated = stripe.v1().refunds().update(
        refund.getId(), RefundUpdateParams.builder().putMetadata("reason_detail", "damaged").build());
    assertEquals("damaged", updated.getMetadata().get("reason_detail"));
  }

  @Test
  void refundNeedsAPaymentIntentOrCharge() {
    InvalidRequestException missing =
        assertThrows(InvalidRequestException.class, () -> stripe.v1().refunds().create(RefundCreateParams.builder().build()));
    assertEquals(400, missing.getStatusCode());
  }
}
