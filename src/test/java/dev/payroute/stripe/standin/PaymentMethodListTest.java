package dev.payroute.stripe.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentMethod;
import com.stripe.model.StripeCollection;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.CustomerPaymentMethodListParams;
import com.stripe.param.PaymentMethodAttachParams;
import com.stripe.param.PaymentMethodCreateParams;
import com.stripe.param.PaymentMethodListParams;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A customer's attached PaymentMethods: both list endpoints, retrieve under the customer, attach rules. */
class PaymentMethodListTest extends StandInTestCase {
  private String customer() throws StripeException {
    return stripe.v1().customers().create(CustomerCreateParams.builder().setEmail("pm@example.com").build()).getId();
  }

  private PaymentMethod attach(String paymentMethod, String customer) throws StripeException {
    return stripe.v1().paymentMethods().attach(
        paymentMethod, PaymentMethodAttachParams.builder().setCustomer(customer).build());
  }

  private String card(String number) throws StripeException {
    return stripe.v1().paymentMethods().create(PaymentMethodCreateParams.builder()
        .setType(PaymentMethodCreateParams.Type.CARD)
        .setCard(PaymentMethodCreateParams.CardDetails.builder().setNumber(number).setExpMonth(12L).setExpYear(2040L).build())
        .build()).getId();
  }

  private static List<String> ids(StripeCollection<PaymentMethod> list) {
    return list.getData().stream().map(PaymentMethod::getId).toList();
  }

  @Test
  void attachingATestIdAttachesANewCopyAndLeavesTheTestIdFree() throws StripeException {
    String alice = customer();
    String bob = customer();
    PaymentMethod forAlice = attach("pm_card_visa", alice);
    PaymentMethod forBob = attach("pm_card_visa", bob);

    assertTrue(forAlice.getId().startsWith("pm_") && !forAlice.getId().equals("pm_card_visa"), forAlice.getId());
    assertNotEquals(forAlice.getId(), forBob.getId());
    assertEquals(alice, forAlice.getCustomer());
    assertEquals("4242", forAlice.getCard().getLast4());
    assertNull(stripe.v1().paymentMethods().retrieve("pm_card_visa").getCustomer());
    assertEquals(List.of(forAlice.getId()), ids(stripe.v1().customers().paymentMethods().list(alice)));
  }

  @Test
  void bothListsAnswerTheCustomersMethodsNewestFirstAndPaginate() throws StripeException {
    String customer = customer();
    String other = customer();
    String first = attach(card("4242424242424242"), customer).getId();
    String second = attach("pm_card_mastercard", customer).getId();
    String third = attach(card("5555555555554444"), customer).getId();
    attach("pm_card_visa", other);

    assertEquals(List.of(third, second, first), ids(stripe.v1().customers().paymentMethods().list(customer)));
    assertEquals(List.of(third, second, first), ids(stripe.v1().paymentMethods().list(
        PaymentMethodListParams.builder().setCustomer(customer).setType(PaymentMethodListParams.Type.CARD).build())));

    StripeCollection<PaymentMethod> page = stripe.v1().customers().paymentMethods().list(
        customer, CustomerPaymentMethodListParams.builder().setLimit(2L).build());
    assertEquals(List.of(third, second), ids(page));
    assertTrue(page.getHasMore());
    assertEquals("/v1/customers/" + customer + "/payment_methods", page.getUrl());
    StripeCollection<PaymentMethod> rest = stripe.v1().customers().paymentMethods().list(
        customer, CustomerPaymentMethodListParams.builder().setLimit(2L).setStartingAfter(second).build());
    assertEquals(List.of(first), ids(rest));
    assertFalse(rest.getHasMore());
  }

  @Test
  void aTypeFilterTheCustomerHasNothingOfAnswersAnEmptyList() throws StripeException {
    String customer = customer();
    attach("pm_card_visa", customer);
    assertTrue(stripe.v1().customers().paymentMethods().list(customer, CustomerPaymentMethodListParams.builder()
        .setType(CustomerPaymentMethodListParams.Type.SEPA_DEBIT).build()).getData().isEmpty());
    assertEquals(1, stripe.v1().customers().paymentMethods().list(customer, CustomerPaymentMethodListParams.builder()
        .setAllowRedisplay(CustomerPaymentMethodListParams.AllowRedisplay.UNSPECIFIED).build()).getData().size());
  }

  @Test
  void retrieveUnderTheCustomerAnswersOnlyItsOwnMethods() throws StripeException {
    String customer = customer();
    String other = customer();
    String mine = attach("pm_card_visa", customer).getId();
    String theirs = attach("pm_card_visa", other).getId();

    assertEquals(mine, stripe.v1().customers().paymentMethods().retrieve(customer, mine).getId());
    InvalidRequestException notMine = assertThrows(InvalidRequestException.class,
        () -> stripe.v1().customers().paymentMethods().retrieve(customer, theirs));
    assertEquals(404, notMine.getStatusCode());
    assertEquals("resource_missing", notMine.getCode());
  }

  @Test
  void anUnknownOrDeletedCustomerIsNotFound() throws StripeException {
    InvalidRequestException unknown = assertThrows(InvalidRequestException.class,
        () -> stripe.v1().customers().paymentMethods().list("cus_nobody"));
    assertEquals(404, unknown.getStatusCode());
    assertEquals("resource_missing", unknown.getCode());

    String customer = customer();
    stripe.v1().customers().delete(customer);
    InvalidRequestException deleted = assertThrows(InvalidRequestException.class,
        () -> stripe.v1().paymentMethods().list(PaymentMethodListParams.builder().setCustomer(customer).build()));
    assertEquals(400, deleted.getStatusCode());
    assertEquals("customer", deleted.getStripeError().getParam());
  }

  @Test
  void theTopLevelListWithoutACustomerIsRefusedNamingCustomer() {
    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> stripe.v1().paymentMethods().list());
    assertEquals(400, e.getStatusCode());
    assertEquals("customer", e.getStripeError().getParam());
  }

  @Test
  void aMethodAttachedToACustomerCannotBeAttachedAgain() throws StripeException {
    String pm = card("4242424242424242");
    attach(pm, customer());
    String other = customer();
    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> attach(pm, other));
    assertEquals("The payment method you provided has already been attached to a customer.", e.getStripeError().getMessage());
    assertTrue(stripe.v1().customers().paymentMethods().list(other).getData().isEmpty());
  }
}
