package dev.payroute.stripe.standin;

import static dev.payroute.stripe.standin.StandInTestSupport.lineItem;
import static dev.payroute.stripe.standin.StandInTestSupport.keys;
import static dev.payroute.stripe.standin.StandInTestSupport.rawJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.LineItem;
import com.stripe.model.Price;
import com.stripe.model.StripeCollection;
import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;
import com.stripe.param.checkout.SessionLineItemListParams;
import com.stripe.param.checkout.SessionListParams;
import com.stripe.param.checkout.SessionRetrieveParams;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CheckoutSessionTest extends StandInTestCase {
  private Session createSession() throws StripeException {
    return stripe.v1().checkout().sessions().create(
        SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl("https://shop.example/success")
            .setCancelUrl("https://shop.example/cancel")
            .setCustomerEmail("buyer@example.com")
            .setClientReferenceId("order-77")
            .putMetadata("order_id", "77")
            .setPaymentIntentData(SessionCreateParams.PaymentIntentData.builder().putMetadata("order_id", "77").build())
            .addLineItem(lineItem("T-shirt", 1_500, 2))
            .addLineItem(lineItem("Socks", 500, 1))
            .build());
  }

  @Test
  void createdSessionIsOpenAndUnpaidWithTotals() throws StripeException {
    Session session = createSession();
    assertTrue(session.getId().startsWith("cs_test_"));
    assertEquals("open", session.getStatus());
    assertEquals("unpaid", session.getPaymentStatus());
    assertEquals(3_500L, session.getAmountTotal());
    assertEquals(3_500L, session.getAmountSubtotal());
    assertEquals("usd", session.getCurrency());
    assertEquals(standIn.baseUrl() + "/_standin/checkout/" + session.getId(), session.getUrl());
    assertEquals("order-77", session.getClientReferenceId());
    assertNull(session.getPaymentIntent());

    StripeCollection<LineItem> items = stripe.v1().checkout().sessions().lineItems().list(
        session.getId(), SessionLineItemListParams.builder().build());
    assertEquals(2, items.getData().size());
    assertEquals("T-shirt", items.getData().get(0).getDescription());
    assertEquals(3_000L, items.getData().get(0).getAmountTotal());
  }

  @Test
  void completingOverHttpCreatesASucceededPaymentIntent() throws Exception {
    Session session = createSession();
    HttpResponse<String> hook = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(standIn.baseUrl() + "/_standin/checkout/sessions/" + session.getId() + "/complete"))
            .POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, hook.statusCode());

    Session completed = stripe.v1().checkout().sessions().retrieve(
        session.getId(), SessionRetrieveParams.builder().addExpand("payment_intent").build());
    assertEquals("complete", completed.getStatus());
    assertEquals("paid", completed.getPaymentStatus());
    assertNotNull(completed.getPaymentIntentObject());
    assertEquals("succeeded", completed.getPaymentIntentObject().getStatus());
    assertEquals(3_500L, completed.getPaymentIntentObject().getAmountReceived());
    assertEquals("77", completed.getPaymentIntentObject().getMetadata().get("order_id"));
    assertEquals("buyer@example.com", completed.getCustomerDetails().getEmail());

    assertEquals(1, stripe.v1().checkout().sessions().list(
        SessionListParams.builder().setPaymentIntent(completed.getPaymentIntent()).build()).getData().size());
  }

  @Test
  void expireThroughTheApiAndNoCompletionAfterwards() throws StripeException {
    Session session = createSession();
    Session expired = stripe.v1().checkout().sessions().expire(session.getId());
    assertEquals("expired", expired.getStatus());
    assertThrows(IllegalStateException.class, () -> standIn.completeCheckoutSession(session.getId()));
    InvalidRequestException again =
        assertThrows(InvalidRequestException.class, () -> stripe.v1().checkout().sessions().expire(session.getId()));
    assertEquals(400, again.getStatusCode());
  }

  @Test
  void javaHooksCompleteAndExpire() throws StripeException {
    Session toPay = createSession();
    Session toDrop = createSession();
    standIn.completeCheckoutSession(toPay.getId());
    standIn.expireCheckoutSession(toDrop.getId());
    assertEquals("complete", stripe.v1().checkout().sessions().retrieve(toPay.getId()).getStatus());
    assertEquals("expired", stripe.v1().checkout().sessions().retrieve(toDrop.getId()).getStatus());
  }

  @Test
  void hostedPageIsServed() throws Exception {
    Session session = createSession();
    HttpResponse<String> page = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(session.getUrl())).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains(session.getId()));
  }

  @Test
  void lineItemsAreRequired() {
    InvalidRequestException missing =
        assertThrows(InvalidRequestException.class, () -> stripe.v1().checkout().sessions().create(
            SessionCreateParams.builder().setMode(SessionCreateParams.Mode.PAYMENT)
                .setSuccessUrl("https://shop.example/success").build()));
    assertEquals("line_items", missing.getStripeError().getParam());
  }

  private static SessionCreateParams.Builder book() {
    return SessionCreateParams.builder().setMode(SessionCreateParams.Mode.PAYMENT).addLineItem(lineItem("Book", 1_000, 1));
  }

  private InvalidRequestException refused(SessionCreateParams params) {
    return assertThrows(InvalidRequestException.class, () -> stripe.v1().checkout().sessions().create(params));
  }

  @Test
  void aSessionIsAHostedPageByDefault() throws StripeException {
    Session session = createSession();
    assertEquals("hosted_page", session.getUiMode());
    assertNotNull(session.getUrl());
    assertNull(session.getClientSecret());
    assertFalse(rawJson(session).has("return_url"), "return_url belongs to embedded sessions");
    assertEquals("hosted_page", stripe.v1().checkout().sessions().create(
        book().setUiMode(SessionCreateParams.UiMode.HOSTED_PAGE).setSuccessUrl("https://shop.example/ok").build())
        .getUiMode());
  }

  @Test
  void theUiModesBeforeDahliaAreRefusedOnUiMode() {
    for (String old : List.of("hosted", "embedded", "custom")) {
      InvalidRequestException e = refused(book().putExtraParam("ui_mode", old).build());
      assertEquals(400, e.getStatusCode(), old);
      assertEquals("ui_mode", e.getStripeError().getParam(), old);
      assertTrue(e.getStripeError().getMessage().contains("hosted_page"), e.getStripeError().getMessage());
    }
    InvalidRequestException form = refused(book().setUiMode(SessionCreateParams.UiMode.FORM).build());
    assertEquals("ui_mode", form.getStripeError().getParam());
    assertTrue(form.getStripeError().getMessage().contains("does not model"), form.getStripeError().getMessage());
  }

  @Test
  void anEmbeddedPageHasAClientSecretAndAReturnUrlInsteadOfAUrl() throws StripeException {
    Session session = stripe.v1().checkout().sessions().create(book()
        .setUiMode(SessionCreateParams.UiMode.EMBEDDED_PAGE).setReturnUrl("https://shop.example/back?s={CHECKOUT_SESSION_ID}")
        .build());
    assertEquals("embedded_page", session.getUiMode());
    assertNull(session.getUrl());
    assertTrue(session.getClientSecret().startsWith(session.getId() + "_secret_"), session.getClientSecret());
    assertEquals("https://shop.example/back?s={CHECKOUT_SESSION_ID}", session.getReturnUrl());
    assertEquals("always", session.getRedirectOnCompletion());
    assertNull(session.getSuccessUrl());
    standIn.completeCheckoutSession(session.getId());
    assertEquals("complete", stripe.v1().checkout().sessions().retrieve(session.getId()).getStatus());
  }

  @Test
  void elementsNeedAReturnUrlOnlyWhileRedirectBasedMethodsAreEnabled() throws StripeException {
    assertEquals("return_url", refused(book().setUiMode(SessionCreateParams.UiMode.ELEMENTS).build())
        .getStripeError().getParam());
    Session cardOnly = stripe.v1().checkout().sessions().create(book()
        .setUiMode(SessionCreateParams.UiMode.ELEMENTS)
        .addPaymentMethodType(SessionCreateParams.PaymentMethodType.CARD).build());
    assertEquals("elements", cardOnly.getUiMode());
    assertNull(cardOnly.getReturnUrl());
    Session noRedirects = stripe.v1().checkout().sessions().create(book()
        .setUiMode(SessionCreateParams.UiMode.ELEMENTS)
        .setRedirectOnCompletion(SessionCreateParams.RedirectOnCompletion.NEVER).build());
    assertEquals("never", noRedirects.getRedirectOnCompletion());
  }

  @Test
  void eachUiModeRefusesTheOtherModesUrls() {
    assertEquals("success_url", refused(book().setUiMode(SessionCreateParams.UiMode.EMBEDDED_PAGE)
        .setReturnUrl("https://shop.example/back").setSuccessUrl("https://shop.example/ok").build())
        .getStripeError().getParam());
    assertEquals("cancel_url", refused(book().setUiMode(SessionCreateParams.UiMode.ELEMENTS)
        .setReturnUrl("https://shop.example/back").setCancelUrl("https://shop.example/no").build())
        .getStripeError().getParam());
    assertEquals("return_url", refused(book().setReturnUrl("https://shop.example/back").build())
        .getStripeError().getParam());
  }

  @Test
  void aLineItemCarriesTheWholePriceItsPriceDataMade() throws StripeException {
    Session session = createSession();
    StripeCollection<LineItem> items = stripe.v1().checkout().sessions().lineItems().list(
        session.getId(), SessionLineItemListParams.builder().build());
    Price price = items.getData().get(0).getPrice();
    assertTrue(price.getId().startsWith("price_"));
    assertEquals("per_unit", price.getBillingScheme());
    assertEquals("one_time", price.getType());
    assertEquals(1_500L, price.getUnitAmount());
    assertEquals(new java.math.BigDecimal("1500"), price.getUnitAmountDecimal());
    assertEquals("unspecified", price.getTaxBehavior());
    assertTrue(price.getProduct().startsWith("prod_"));
    assertNull(price.getRecurring());
    assertEquals(Set.of("id", "object", "active", "billing_scheme", "created", "currency", "custom_unit_amount",
            "livemode", "lookup_key", "metadata", "nickname", "product", "recurring", "tax_behavior", "tiers_mode",
            "transform_quantity", "type", "unit_amount", "unit_amount_decimal"),
        keys(rawJson(items).at("/data/0/price")));
  }
}
