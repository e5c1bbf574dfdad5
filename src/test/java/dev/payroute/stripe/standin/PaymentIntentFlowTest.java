package dev.payroute.stripe.standin;

import static dev.payroute.stripe.standin.StandInTestSupport.keys;
import static dev.payroute.stripe.standin.StandInTestSupport.rawJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.stripe.StripeClient;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.CardException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Charge;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.model.StripeCollection;
import com.stripe.param.ChargeListParams;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.EventListParams;
import com.stripe.param.PaymentIntentCancelParams;
import com.stripe.param.PaymentIntentCaptureParams;
import com.stripe.param.PaymentIntentConfirmParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentListParams;
import com.stripe.param.PaymentIntentRetrieveParams;
import com.stripe.param.PaymentIntentUpdateParams;
import com.stripe.param.PaymentMethodCreateParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.RefundListParams;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PaymentIntentFlowTest extends StandInTestCase {
  private static PaymentIntentCreateParams.Builder cardIntent(long amount) {
    return PaymentIntentCreateParams.builder().setAmount(amount).setCurrency("usd").addPaymentMethodType("card");
  }

  @Test
  void createAndConfirmWithVisaSucceedsWithACapturedCharge() throws StripeException {
    PaymentIntent pi =
        stripe.v1().paymentIntents().create(
            cardIntent(2_000).setPaymentMethod("pm_card_visa").setConfirm(true).putMetadata("order_id", "ord_1").build());

    assertEquals("succeeded", pi.getStatus());
    assertTrue(pi.getLastResponse().requestId().startsWith("req_"));
    assertEquals(2_000L, pi.getAmountReceived());
    assertTrue(pi.getClientSecret().startsWith(pi.getId() + "_secret_"));
    assertEquals("ord_1", pi.getMetadata().get("order_id"));
    assertTrue(pi.getLatestCharge().startsWith("ch_"));

    Charge charge = stripe.v1().charges().retrieve(pi.getLatestCharge());
    assertEquals("4242", charge.getPaymentMethodDetails().getCard().getLast4());
    assertEquals("visa", charge.getPaymentMethodDetails().getCard().getBrand());
    assertTrue(charge.getCaptured());
    assertEquals(2_000L, charge.getAmountCaptured());
    assertTrue(charge.getBalanceTransaction().startsWith("txn_"));
    assertEquals(pi.getId(), charge.getPaymentIntent());
    assertNotNull(rawJson(charge).get("created"));
    assertFalse(rawJson(charge).get("livemode").asBoolean());
  }

  @Test
  void createThenConfirmSeparatelyWithMastercard() throws StripeException {
    PaymentIntent created = stripe.v1().paymentIntents().create(cardIntent(1_500).build());
    assertEquals("requires_payment_method", created.getStatus());

    PaymentIntent confirmed =
        stripe.v1().paymentIntents().confirm(
            created.getId(), PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_mastercard").build());
    assertEquals("succeeded", confirmed.getStatus());
    Charge charge = stripe.v1().charges().retrieve(confirmed.getLatestCharge());
    assertEquals("mastercard", charge.getPaymentMethodDetails().getCard().getBrand());
    assertEquals("4444", charge.getPaymentMethodDetails().getCard().getLast4());
  }

  @Test
  void expandLatestChargeReturnsTheChargeObject() throws StripeException {
    PaymentIntent pi =
        stripe.v1().paymentIntents().create(cardIntent(700).setPaymentMethod("pm_card_visa").setConfirm(true).build());
    PaymentIntent expanded =
        stripe.v1().paymentIntents().retrieve(
            pi.getId(), PaymentIntentRetrieveParams.builder().addExpand("latest_charge").build());
    assertNotNull(expanded.getLatestChargeObject());
    assertEquals("4242", expanded.getLatestChargeObject().getPaymentMethodDetails().getCard().getLast4());
  }

  @Test
  void manualCaptureInFull() throws StripeException {
    PaymentIntent pi =
        stripe.v1().paymentIntents().create(
            cardIntent(5_000)
                .setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.MANUAL)
                .setPaymentMethod("pm_card_visa")
                .setConfirm(true)
                .build());
    assertEquals("requires_capture", pi.getStatus());
    assertEquals(5_000L, pi.getAmountCapturable());
    assertFalse(stripe.v1().charges().retrieve(pi.getLatestCharge()).getCaptured());

    PaymentIntent captured = stripe.v1().paymentIntents().capture(pi.getId());
    assertEquals("succeeded", captured.getStatus());
    assertEquals(5_000L, captured.getAmountReceived());
    assertEquals(0L, captured.getAmountCapturable());
    Charge charge = stripe.v1().charges().retrieve(pi.getLatestCharge());
    assertTrue(charge.getCaptured());
    assertEquals(5_000L, charge.getAmountCaptured());
  }

  @Test
  void manualCapturePartiallyAndNotMoreThanCapturable() throws StripeException {
    PaymentIntent pi =
        stripe.v1().paymentIntents().create(
            cardIntent(5_000)
                .setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.MANUAL)
                .setPaymentMethod("pm_card_visa")
                .setConfirm(true)
                .build());

    InvalidRequestException tooMuch =
        assertThrows(InvalidRequestException.class, () -> stripe.v1().paymentIntents().capture(
            pi.getId(), PaymentIntentCaptureParams.builder().setAmountToCapture(6_000L).build()));
    assertEquals("amount_to_capture", tooMuch.getStripeError().getParam());

    PaymentIntent captured =
        stripe.v1().paymentIntents().capture(
            pi.getId(), PaymentIntentCaptureParams.builder().setAmountToCapture(3_000L).build());
    assertEquals("succeeded", captured.getStatus());
    assertEquals(3_000L, captured.getAmountReceived());
    assertEquals(0L, captured.getAmountCapturable(), "the uncaptured 2000 is released");
    Charge charge = stripe.v1().charges().retrieve(pi.getLatestCharge());
    assertEquals(5_000L, charge.getAmount());
    assertEquals(3_000L, charge.getAmountCaptured());
    assertEquals(0L, charge.getAmountRefunded(), "the released rest is no refund (since 2025-03-31.basil)");
    assertFalse(charge.getRefunded());
    assertTrue(stripe.v1().refunds().list(RefundListParams.builder().setCharge(charge.getId()).build()).getData().isEmpty());
    assertTrue(eventTypes().contains("charge.captured"));
    assertFalse(eventTypes().contains("charge.refunded"));
    assertEquals(3_000L, stripe.v1().balance().retrieve().getAvailable().get(0).getAmount(), "only what was captured");

    InvalidRequestException overRefund = assertThrows(InvalidRequestException.class, () -> stripe.v1().refunds().create(
        RefundCreateParams.builder().setPaymentIntent(pi.getId()).setAmount(3_001L).build()));
    assertEquals("amount_too_large", overRefund.getCode());
    stripe.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(pi.getId()).build());
    Charge refunded = stripe.v1().charges().retrieve(pi.getLatestCharge());
    assertEquals(3_000L, refunded.getAmountRefunded());
    assertTrue(refunded.getRefunded(), "all that was captured is refunded");

    InvalidRequestException again =
        assertThrows(InvalidRequestException.class, () -> stripe.v1().paymentIntents().capture(pi.getId()));
    assertEquals("payment_intent_unexpected_state", again.getCode());
  }

  @Test
  void declinedCardThrowsCardExceptionAndLeavesLastPaymentError() throws StripeException {
    CardException declined =
        assertThrows(CardException.class, () -> stripe.v1().paymentIntents().create(
            cardIntent(1_000).setPaymentMethod("pm_card_chargeDeclinedInsufficientFunds").setConfirm(true).build()));
    assertEquals(402, declined.getStatusCode());
    assertEquals("card_declined", declined.getCode());
    assertEquals("insufficient_funds", declined.getDeclineCode());
    assertTrue(declined.getCharge().startsWith("ch_"));
    PaymentIntent fromError = declined.getStripeError().getPaymentIntent();
    assertEquals("requires_payment_method", fromError.getStatus());

    PaymentIntent pi = stripe.v1().paymentIntents().retrieve(fromError.getId());
    assertEquals("requires_payment_method", pi.getStatus());
    assertEquals("card_declined", pi.getLastPaymentError().getCode());
    assertEquals("insufficient_funds", pi.getLastPaymentError().getDeclineCode());
    assertNull(pi.getPaymentMethod());
    Charge failed = stripe.v1().charges().retrieve(declined.getCharge());
    assertEquals("failed", failed.getStatus());

    PaymentIntent retried =
        stripe.v1().paymentIntents().confirm(
            pi.getId(), PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_visa").build());
    assertEquals("succeeded", retried.getStatus());
    assertNull(retried.getLastPaymentError());
  }

  private String cardFromNumber(String number) throws StripeException {
    return stripe.v1().paymentMethods().create(
        PaymentMethodCreateParams.builder()
            .setType(PaymentMethodCreateParams.Type.CARD)
            .setCard(PaymentMethodCreateParams.CardDetails.builder().setNumber(number).setExpMonth(12L).setExpYear(2040L).build())
            .build()).getId();
  }

  @Test
  void genericDeclineFromRawCardNumber() throws StripeException {
    String card = cardFromNumber("4000000000000002");
    CardException declined =
        assertThrows(CardException.class, () -> stripe.v1().paymentIntents().create(
            cardIntent(1_000).setConfirm(true).setPaymentMethod(card).build()));
    assertEquals("generic_decline", declined.getDeclineCode());
  }

  @Test
  void rawVisaNumberSucceeds() throws StripeException {
    PaymentIntent pi =
        stripe.v1().paymentIntents().create(
            cardIntent(1_000).setConfirm(true).setPaymentMethod(cardFromNumber("4242424242424242")).build());
    assertEquals("succeeded", pi.getStatus());
    assertTrue(pi.getPaymentMethod().startsWith("pm_"));
    assertEquals("4242", stripe.v1().paymentMethods().retrieve(pi.getPaymentMethod()).getCard().getLast4());
  }

  /** Stripe's payment_method_data takes no raw card; the stand-in models nothing else there, so it says so. */
  @Test
  void paymentMethodDataIsRefusedByName() throws StripeException {
    InvalidRequestException refused =
        assertThrows(InvalidRequestException.class, () -> stripe.v1().paymentIntents().create(
            cardIntent(1_000)
                .setConfirm(true)
                .putExtraParam("payment_method_data", Map.of("type", "card", "card", Map.of("number", "4242424242424242")))
                .build()));
    assertEquals("parameter_unsupported_by_standin", refused.getCode());
    assertEquals("payment_method_data", refused.getStripeError().getParam());
    assertTrue(stripe.v1().paymentIntents().list().getData().isEmpty(), "nothing created");
  }

  @Test
  void threeDSecureNeedsActionThenSucceedsThroughTheJavaHook() throws StripeException {
    PaymentIntent pi =
        stripe.v1().paymentIntents().create(
            cardIntent(4_000)
                .setPaymentMethod("pm_card_threeDSecure2Required")
                .setConfirm(true)
                .setReturnUrl("https://shop.example/return")
                .build());
    assertEquals("requires_action", pi.getStatus());
    assertEquals("redirect_to_url", pi.getNextAction().getType());
    assertEquals("https://shop.example/return", pi.getNextAction().getRedirectToUrl().getReturnUrl());
    assertTrue(pi.getNextAction().getRedirectToUrl().getUrl().startsWith(standIn.baseUrl()));

    standIn.authenticate(pi.getId(), true);

    PaymentIntent after = stripe.v1().paymentIntents().retrieve(pi.getId());
    assertEquals("succeeded", after.getStatus());
    assertNull(after.getNextAction());
    Charge charge = stripe.v1().charges().retrieve(after.getLatestCharge());
    assertEquals("authenticated", charge.getPaymentMethodDetails().getCard().getThreeDSecure().getResult());
  }

  @Test
  void threeDSecureWithoutAReturnUrlIsLeftToStripeJsAndTheHookStillAuthenticates() throws StripeException {
    PaymentIntent pi =
        stripe.v1().paymentIntents().create(
            cardIntent(4_000).setPaymentMethod("pm_card_threeDSecure2Required").setConfirm(true).build());
    assertEquals("requires_action", pi.getStatus());
    assertEquals("use_stripe_sdk", pi.getNextAction().getType());
    assertNull(pi.getNextAction().getRedirectToUrl(), "no redirect without a return_url");
    assertNotNull(pi.getNextAction().getUseStripeSdk());
    assertEquals(Set.of("type", "use_stripe_sdk"), keys(rawJson(pi).get("next_action")));

    standIn.authenticate(pi.getId(), true);
    assertEquals("succeeded", stripe.v1().paymentIntents().retrieve(pi.getId()).getStatus());
  }

  @Test
  void aRedirectNextActionHasExactlyItsTypeAndRedirect() throws StripeException {
    PaymentIntent pi =
        stripe.v1().paymentIntents().create(
            cardIntent(4_000).setPaymentMethod("pm_card_threeDSecure2Required").setConfirm(true)
                .setReturnUrl("https://shop.example/return").build());
    JsonNode next = rawJson(pi).get("next_action");
    assertEquals(Set.of("type", "redirect_to_url"), keys(next));
    assertEquals(Set.of("return_url", "url"), keys(next.get("redirect_to_url")));
  }

  private List<String> eventTypes() throws StripeException {
    return stripe.v1().events().list(EventListParams.builder().setLimit(100L).build())
        .getData().stream().map(Event::getType).toList();
  }

  @Test
  void failedThreeDSecureOverHttpHookGoesBackToRequiresPaymentMethod() throws Exception {
    PaymentIntent pi =
        stripe.v1().paymentIntents().create(
            cardIntent(4_000).setPaymentMethod("pm_card_authenticationRequired").setConfirm(true).build());
    assertEquals("requires_action", pi.getStatus());

    var response = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(standIn.baseUrl() + "/_standin/payment_intents/" + pi.getId() + "/authenticate"))
            .header("Content-Type", "application/json")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"outcome\":\"fail\"}"))
            .build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());

    PaymentIntent after = stripe.v1().paymentIntents().retrieve(pi.getId());
    assertEquals("requires_payment_method", after.getStatus());
    assertEquals("payment_intent_authentication_failure", after.getLastPaymentError().getCode());
  }

  @Test
  void offSessionConfirmWithAThreeDSecureCardIsDeclinedAsAuthenticationRequired() {
    CardException declined =
        assertThrows(CardException.class, () -> stripe.v1().paymentIntents().create(
            cardIntent(900)
                .setPaymentMethod("pm_card_authenticationRequired")
                .setConfirm(true)
                .setOffSession(true)
                .build()));
    assertEquals("authentication_required", declined.getCode());
  }

  @Test
  void automaticPaymentMethodsNeedAReturnUrlToConfirm() throws StripeException {
    InvalidRequestException missing =
        assertThrows(InvalidRequestException.class, () -> stripe.v1().paymentIntents().create(
            PaymentIntentCreateParams.builder()
                .setAmount(1_000L).setCurrency("usd").setPaymentMethod("pm_card_visa").setConfirm(true).build()));
    assertEquals("return_url", missing.getStripeError().getParam());

    PaymentIntent withReturnUrl =
        stripe.v1().paymentIntents().create(
            PaymentIntentCreateParams.builder()
                .setAmount(1_000L).setCurrency("usd").setPaymentMethod("pm_card_visa").setConfirm(true)
                .setReturnUrl("https://shop.example/done").build());
    assertEquals("succeeded", withReturnUrl.getStatus());
    assertTrue(withReturnUrl.getAutomaticPaymentMethods().getEnabled());

    PaymentIntent noRedirects =
        stripe.v1().paymentIntents().create(
            PaymentIntentCreateParams.builder()
                .setAmount(1_000L).setCurrency("usd").setPaymentMethod("pm_card_visa").setConfirm(true)
                .setAutomaticPaymentMethods(PaymentIntentCreateParams.AutomaticPaymentMethods.builder()
                    .setEnabled(true)
                    .setAllowRedirects(PaymentIntentCreateParams.AutomaticPaymentMethods.AllowRedirects.NEVER)
                    .build())
                .build());
    assertEquals("succeeded", noRedirects.getStatus());
  }

  @Test
  void cancelFromRequiresCaptureButNotAfterSuccess() throws StripeException {
    PaymentIntent authorised =
        stripe.v1().paymentIntents().create(
            cardIntent(3_000)
                .setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.MANUAL)
                .setPaymentMethod("pm_card_visa")
                .setConfirm(true)
                .build());
    PaymentIntent canceled =
        stripe.v1().paymentIntents().cancel(
            authorised.getId(),
            PaymentIntentCancelParams.builder()
                .setCancellationReason(PaymentIntentCancelParams.CancellationReason.REQUESTED_BY_CUSTOMER)
                .build());
    assertEquals("canceled", canceled.getStatus());
    assertEquals("requested_by_customer", canceled.getCancellationReason());
    assertNotNull(canceled.getCanceledAt());
    assertEquals(0L, canceled.getAmountCapturable());
    Charge released = stripe.v1().charges().retrieve(authorised.getLatestCharge());
    assertEquals(0L, released.getAmountCaptured());
    assertEquals(0L, released.getAmountRefunded(), "releasing a hold is no refund (since 2025-03-31.basil)");
    assertFalse(released.getRefunded());
    assertTrue(eventTypes().contains("payment_intent.canceled"));
    assertFalse(eventTypes().contains("charge.refunded"));

    PaymentIntent paid =
        stripe.v1().paymentIntents().create(cardIntent(3_000).setPaymentMethod("pm_card_visa").setConfirm(true).build());
    InvalidRequestException refused =
        assertThrows(InvalidRequestException.class, () -> stripe.v1().paymentIntents().cancel(paid.getId()));
    assertEquals(400, refused.getStatusCode());
    assertEquals("payment_intent_unexpected_state", refused.getCode());
  }

  @Test
  void updateAndListByCustomer() throws StripeException {
    String customer = stripe.v1().customers().create(
        CustomerCreateParams.builder().setEmail("ada@example.com").build()).getId();
    PaymentIntent first = stripe.v1().paymentIntents().create(cardIntent(100).setCustomer(customer).build());
    PaymentIntent second = stripe.v1().paymentIntents().create(cardIntent(200).setCustomer(customer).build());
    stripe.v1().paymentIntents().create(cardIntent(300).build());

    PaymentIntent updated =
        stripe.v1().paymentIntents().update(
            first.getId(),
            PaymentIntentUpdateParams.builder().putMetadata("note", "gift").setDescription("Order 42").build());
    assertEquals("gift", updated.getMetadata().get("note"));
    assertEquals("Order 42", updated.getDescription());

    StripeCollection<PaymentIntent> page =
        stripe.v1().paymentIntents().list(PaymentIntentListParams.builder().setCustomer(customer).setLimit(1L).build());
    assertEquals(1, page.getData().size());
    assertEquals(second.getId(), page.getData().get(0).getId());
    assertTrue(page.getHasMore());

    int all = 0;
    for (PaymentIntent ignored : stripe.v1().paymentIntents()
        .list(PaymentIntentListParams.builder().setCustomer(customer).setLimit(1L).build())
        .autoPagingIterable()) {
      all++;
    }
    assertEquals(2, all);
  }

  @Test
  void chargesListByPaymentIntent() throws StripeException {
    PaymentIntent pi = stripe.v1().paymentIntents().create(cardIntent(1_000).build());
    assertThrows(CardException.class, () -> stripe.v1().paymentIntents().confirm(
        pi.getId(), PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_chargeDeclined").build()));
    stripe.v1().paymentIntents().confirm(
        pi.getId(), PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_visa").build());

    StripeCollection<Charge> charges =
        stripe.v1().charges().list(ChargeListParams.builder().setPaymentIntent(pi.getId()).build());
    assertEquals(2, charges.getData().size());
    assertEquals("succeeded", charges.getData().get(0).getStatus());
    assertEquals("failed", charges.getData().get(1).getStatus());
  }

  @Test
  void unknownPaymentIntentIs404ResourceMissing() {
    InvalidRequestException missing =
        assertThrows(InvalidRequestException.class, () -> stripe.v1().paymentIntents().retrieve("pi_nope"));
    assertEquals(404, missing.getStatusCode());
    assertEquals("resource_missing", missing.getCode());
  }

  @Test
  void missingAmountIs400WithParam() {
    InvalidRequestException missing =
        assertThrows(InvalidRequestException.class, () -> stripe.v1().paymentIntents().create(
            PaymentIntentCreateParams.builder().setCurrency("usd").build()));
    assertEquals(400, missing.getStatusCode());
    assertEquals("amount", missing.getStripeError().getParam());
    assertEquals("parameter_missing", missing.getCode());
  }

  @Test
  void liveOrMissingKeysAreRejected() {
    StripeClient live =
        StripeClient.builder().setApiKey("sk_live_nope").setApiBase(standIn.baseUrl()).setMaxNetworkRetries(0).build();
    AuthenticationException e =
        assertThrows(AuthenticationException.class, () -> live.v1().paymentIntents().retrieve("pi_x"));
    assertEquals(401, e.getStatusCode());
    assertFalse(e.getMessage().contains("sk_live_nope"), "the key must not be echoed");
  }

  @Test
  void objectAccessorReturnsAStoredCopy() throws StripeException {
    PaymentIntent pi = stripe.v1().paymentIntents().create(cardIntent(1_000).build());
    ObjectNode stored = standIn.object(pi.getId()).orElseThrow();
    assertEquals("requires_payment_method", stored.get("status").asText());
    stored.put("status", "tampered");
    assertEquals("requires_payment_method", standIn.object(pi.getId()).orElseThrow().get("status").asText());
  }
}
