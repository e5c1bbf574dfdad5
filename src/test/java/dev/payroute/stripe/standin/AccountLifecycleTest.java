package dev.payroute.stripe.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Account;
import com.stripe.param.AccountCreateParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.TransferCreateParams;
import org.junit.jupiter.api.Test;

/** Creating Connect accounts with type, country, email and capabilities; paying them; deleting them. */
class AccountLifecycleTest extends StandInTestCase {
  private static AccountCreateParams.Capabilities.Builder capabilities(boolean cardPayments, boolean transfers) {
    return AccountCreateParams.Capabilities.builder()
        .setCardPayments(AccountCreateParams.Capabilities.CardPayments.builder().setRequested(cardPayments).build())
        .setTransfers(AccountCreateParams.Capabilities.Transfers.builder().setRequested(transfers).build());
  }

  private Account account(AccountCreateParams.Capabilities capabilities) throws StripeException {
    return stripe.v1().accounts().create(AccountCreateParams.builder()
        .setType(AccountCreateParams.Type.CUSTOM).setCountry("fr").setEmail("payee@example.com")
        .setCapabilities(capabilities).build());
  }

  private void fund() throws StripeException {
    stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder()
        .setAmount(5_000L).setCurrency("eur").addPaymentMethodType("card")
        .setPaymentMethod("pm_card_visa").setConfirm(true).build());
  }

  private TransferCreateParams transferTo(String account) {
    return TransferCreateParams.builder().setAmount(1_000L).setCurrency("eur").setDestination(account).build();
  }

  @Test
  void requestedCapabilitiesAreActiveAtOnceSoTheAccountCanBePaid() throws StripeException {
    fund();
    Account account = account(capabilities(true, true).build());
    assertEquals("custom", account.getType());
    assertEquals("FR", account.getCountry());
    assertEquals("payee@example.com", account.getEmail());
    assertEquals("active", account.getCapabilities().getTransfers());
    assertEquals("active", account.getCapabilities().getCardPayments());
    assertTrue(account.getChargesEnabled());
    assertEquals(account.getId(), stripe.v1().transfers().create(transferTo(account.getId())).getDestination());
  }

  @Test
  void anAccountWithoutTheTransfersCapabilityCannotBePaid() throws StripeException {
    fund();
    Account account = account(capabilities(true, false).build());
    assertNull(account.getCapabilities().getTransfers(), "not requested, so not there");
    InvalidRequestException e = assertThrows(InvalidRequestException.class,
        () -> stripe.v1().transfers().create(transferTo(account.getId())));
    assertEquals("insufficient_capabilities_for_transfer", e.getCode());
    assertEquals("destination", e.getStripeError().getParam());

    Account transfersOnly = account(capabilities(false, true).build());
    assertFalse(transfersOnly.getChargesEnabled());
    assertEquals("active", transfersOnly.getCapabilities().getTransfers());
  }

  @Test
  void aCountryThatIsNotAnIsoCodeIsRefused() {
    for (String country : new String[] {"XX", "USA", "Germany"}) {
      InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> stripe.v1().accounts().create(
          AccountCreateParams.builder().setType(AccountCreateParams.Type.EXPRESS).setCountry(country).build()));
      assertEquals(400, e.getStatusCode());
      assertEquals("country", e.getStripeError().getParam());
      assertTrue(e.getStripeError().getMessage().startsWith("Country '" + country + "' is unknown."), e.getMessage());
    }
  }

  @Test
  void aDeletedAccountIsGoneAndCannotBePaid() throws StripeException {
    fund();
    Account account = account(capabilities(true, true).build());
    Account deleted = stripe.v1().accounts().delete(account.getId());
    assertEquals(account.getId(), deleted.getId());
    assertTrue(deleted.getDeleted());

    InvalidRequestException retrieve =
        assertThrows(InvalidRequestException.class, () -> stripe.v1().accounts().retrieve(account.getId()));
    assertEquals(404, retrieve.getStatusCode());
    InvalidRequestException pay =
        assertThrows(InvalidRequestException.class, () -> stripe.v1().transfers().create(transferTo(account.getId())));
    assertEquals("resource_missing", pay.getCode());
    assertEquals("destination", pay.getStripeError().getParam());
    assertTrue(stripe.v1().accounts().list().getData().stream().noneMatch(a -> a.getId().equals(account.getId())));
    InvalidRequestException twice =
        assertThrows(InvalidRequestException.class, () -> stripe.v1().accounts().delete(account.getId()));
    assertEquals(404, twice.getStatusCode());
  }

  @Test
  void aDeletedAlwaysKnownTestAccountStaysDeleted() throws StripeException {
    assertTrue(stripe.v1().accounts().delete("acct_test_gone").getDeleted());
    assertEquals(404, assertThrows(InvalidRequestException.class,
        () -> stripe.v1().accounts().retrieve("acct_test_gone")).getStatusCode());
  }

  @Test
  void thePlatformAccountCannotBeDeleted() throws StripeException {
    String platform = stripe.v1().accounts().retrieveCurrent().getId();
    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> stripe.v1().accounts().delete(platform));
    assertEquals(400, e.getStatusCode());
    assertEquals(platform, stripe.v1().accounts().retrieveCurrent().getId());
  }
}
