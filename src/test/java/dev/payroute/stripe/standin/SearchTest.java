package dev.payroute.stripe.standin;

import static dev.payroute.stripe.standin.StandInTestSupport.rawJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.stripe.exception.CardException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Charge;
import com.stripe.model.PaymentIntent;
import com.stripe.model.StripeSearchResult;
import com.stripe.param.ChargeSearchParams;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentSearchParams;
import com.stripe.param.RefundCreateParams;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The search endpoints: Stripe's query language (the documented subset), the search_result object, paging. */
class SearchTest extends StandInTestCase {
  private PaymentIntent pay(long amount, String currency, String customer, String order) throws StripeException {
    PaymentIntentCreateParams.Builder params = PaymentIntentCreateParams.builder()
        .setAmount(amount).setCurrency(currency).addPaymentMethodType("card")
        .setPaymentMethod("pm_card_visa").setConfirm(true).putMetadata("order_id", order);
    if (customer != null) {
      params.setCustomer(customer);
    }
    return stripe.v1().paymentIntents().create(params.build());
  }

  private PaymentIntent hold(long amount) throws StripeException {
    return stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder()
        .setAmount(amount).setCurrency("usd").addPaymentMethodType("card").build());
  }

  private List<String> intents(String query) throws StripeException {
    return stripe.v1().paymentIntents().search(PaymentIntentSearchParams.builder().setQuery(query).build())
        .getData().stream().map(PaymentIntent::getId).toList();
  }

  private List<String> charges(String query) throws StripeException {
    return stripe.v1().charges().search(ChargeSearchParams.builder().setQuery(query).build())
        .getData().stream().map(Charge::getId).toList();
  }

  private InvalidRequestException refused(String query) {
    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> intents(query));
    assertEquals(400, e.getStatusCode());
    assertEquals("query", e.getStripeError().getParam(), e.getStripeError().getMessage());
    return e;
  }

  @Test
  void paymentIntentsByStatusCustomerCurrencyAmountMetadataAndCreated() throws StripeException {
    String customer = stripe.v1().customers().create(CustomerCreateParams.builder().build()).getId();
    String small = pay(800, "usd", customer, "o-1").getId();
    String large = pay(5_000, "usd", null, "o-2").getId();
    String euro = pay(2_000, "eur", customer, "o-3").getId();
    String open = hold(1_500).getId();

    assertEquals(List.of(euro, large, small), intents("status:'succeeded'"));
    assertEquals(List.of(open), intents("status:\"requires_payment_method\""));
    assertEquals(List.of(euro, small), intents("customer:'" + customer + "'"));
    assertEquals(List.of(euro), intents("currency:'EUR'"), "exact match ignores case");
    assertEquals(List.of(open, euro, large), intents("amount>1000"));
    assertEquals(List.of(open, euro), intents("amount>=1500 amount<=2000"));
    assertEquals(List.of(small), intents("amount<1000"));
    assertEquals(List.of(large), intents("amount:5000"));
    assertEquals(List.of(large), intents("metadata['order_id']:'o-2'"));
    assertEquals(List.of(euro), intents("metadata[\"order_id\"]:\"o-3\" AND currency:'eur'"));
    assertEquals(List.of(euro, large), intents("amount>=2000 and status:'succeeded'"));
    assertEquals(List.of(euro, large), intents("currency:'eur' OR amount:5000"));
    assertEquals(List.of(open, large), intents("-currency:'eur' -customer:'" + customer + "'"));
    assertEquals(List.of(open), intents("metadata['order_id']:null"));
    assertEquals(List.of(euro, large, small), intents("-metadata['order_id']:null"));
    long created = stripe.v1().paymentIntents().retrieve(small).getCreated();
    assertEquals(List.of(open, euro, large, small), intents("created>=" + created));
    assertTrue(intents("created<" + created).isEmpty());
  }

  @Test
  void chargesByStatusRefundedDisputedAndCard() throws StripeException {
    String paid = pay(3_000, "usd", null, "c-1").getLatestCharge();
    String partlyRefunded = pay(3_000, "usd", null, "c-2").getLatestCharge();
    stripe.v1().refunds().create(RefundCreateParams.builder().setCharge(partlyRefunded).setAmount(1_000L).build());
    String fullyRefunded = pay(3_000, "usd", null, "c-3").getLatestCharge();
    stripe.v1().refunds().create(RefundCreateParams.builder().setCharge(fullyRefunded).build());
    String disputed = pay(3_000, "usd", null, "c-4").getLatestCharge();
    standIn.createDispute(disputed);
    assertThrows(CardException.class, () -> stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder()
        .setAmount(3_000L).setCurrency("usd").addPaymentMethodType("card")
        .setPaymentMethod("pm_card_chargeDeclined").setConfirm(true).build()));

    assertEquals(4, charges("status:'succeeded'").size());
    assertEquals(1, charges("status:'failed'").size());
    assertEquals(List.of(fullyRefunded), charges("refunded:'true'"));
    assertEquals(List.of(partlyRefunded), charges("refunded:'false'"));
    assertEquals(List.of(disputed), charges("disputed:'true'"));
    assertEquals(List.of(disputed, paid), charges("refunded:null AND status:'succeeded'"));
    assertEquals(List.of(partlyRefunded), charges("metadata['order_id']:'c-2'"));
    assertEquals(4, charges("payment_method_details.card.last4:4242 payment_method_details.card.brand:'visa'").size());
  }

  @Test
  void theSearchResultObjectAndPaging() throws StripeException {
    String first = pay(1_000, "usd", null, "p").getId();
    String second = pay(1_000, "usd", null, "p").getId();
    String third = pay(1_000, "usd", null, "p").getId();

    StripeSearchResult<PaymentIntent> page = stripe.v1().paymentIntents().search(
        PaymentIntentSearchParams.builder().setQuery("metadata['order_id']:'p'").setLimit(2L).build());
    ObjectNode raw = rawJson(page);
    assertEquals("search_result", raw.get("object").asText());
    assertEquals("/v1/payment_intents/search", raw.get("url").asText());
    assertTrue(raw.get("has_more").asBoolean());
    assertEquals(List.of(third, second), page.getData().stream().map(PaymentIntent::getId).toList());

    pay(1_000, "usd", null, "p"); // created between pages: the next page still goes on after `second`
    StripeSearchResult<PaymentIntent> next = stripe.v1().paymentIntents().search(PaymentIntentSearchParams.builder()
        .setQuery("metadata['order_id']:'p'").setLimit(2L).setPage(page.getNextPage()).build());
    assertEquals(List.of(first), next.getData().stream().map(PaymentIntent::getId).toList());
    assertFalse(next.getHasMore());
    assertNull(next.getNextPage());

    StripeSearchResult<PaymentIntent> counted = stripe.v1().paymentIntents().search(PaymentIntentSearchParams.builder()
        .setQuery("metadata['order_id']:'p'").setLimit(1L).addExpand("total_count").addExpand("data.latest_charge").build());
    assertEquals(4L, counted.getTotalCount());
    assertEquals("charge", rawJson(counted).get("data").get(0).get("latest_charge").get("object").asText());
  }

  @Test
  void searchIsNotTakenForAnId() throws StripeException {
    pay(1_000, "usd", null, "x");
    // Registered after /{id}, these would be retrieves of ids "search" (404) or refuse `query` as unknown.
    assertEquals(1, intents("status:'succeeded'").size());
    assertEquals(1, charges("status:'succeeded'").size());
  }

  @Test
  void whatTheQueryLanguageDoesNotAllowIsRefusedNamingQuery() throws StripeException {
    pay(1_000, "usd", null, "x");
    assertTrue(refused("status:'succeeded' AND amount>1 OR currency:'usd'").getStripeError().getMessage()
        .contains("AND and OR"));
    assertTrue(refused("description:'x'").getStripeError().getMessage().contains("description"));
    refused("status>'succeeded'");
    refused("status:succeeded");
    refused("amount:'lots'");
    refused("customer~'cus'");
    refused("(status:'succeeded')");
    refused("status:'unterminated");
    InvalidRequestException badPage = assertThrows(InvalidRequestException.class, () -> stripe.v1().paymentIntents()
        .search(PaymentIntentSearchParams.builder().setQuery("status:'succeeded'").setPage("not-a-page").build()));
    assertEquals("page", badPage.getStripeError().getParam());
  }
}
