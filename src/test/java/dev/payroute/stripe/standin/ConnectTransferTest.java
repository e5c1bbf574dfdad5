package dev.payroute.stripe.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Account;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Transfer;
import com.stripe.param.AccountCreateParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.TransferCreateParams;
import com.stripe.param.TransferListParams;
import org.junit.jupiter.api.Test;

class ConnectTransferTest extends StandInTestCase {
  private PaymentIntent paid(long amount, String transferGroup) throws StripeException {
    return stripe.v1().paymentIntents().create(
        PaymentIntentCreateParams.builder()
            .setAmount(amount).setCurrency("usd").addPaymentMethodType("card").setTransferGroup(transferGroup)
            .setPaymentMethod("pm_card_visa").setConfirm(true).build());
  }

  @Test
  void accountThenTransferFromTheCapturedBalance() throws StripeException {
    Account account = stripe.v1().accounts().create(
        AccountCreateParams.builder().setType(AccountCreateParams.Type.EXPRESS).setCountry("DE")
            .setEmail("seller@example.com").putMetadata("seller_id", "s-1").build());
    assertTrue(account.getId().startsWith("acct_"));
    assertEquals("express", account.getType());
    assertEquals("DE", stripe.v1().accounts().retrieve(account.getId()).getCountry());

    PaymentIntent pi = paid(10_000, "order-9");
    Transfer transfer = stripe.v1().transfers().create(
        TransferCreateParams.builder().setAmount(8_000L).setCurrency("usd").setDestination(account.getId())
            .setTransferGroup("order-9").setSourceTransaction(pi.getLatestCharge()).putMetadata("payout", "p-1").build());
    assertTrue(transfer.getId().startsWith("tr_"));
    assertEquals(account.getId(), transfer.getDestination());
    assertEquals(pi.getLatestCharge(), transfer.getSourceTransaction());
    assertEquals(transfer.getId(), stripe.v1().transfers().retrieve(transfer.getId()).getId());
    assertEquals(1, stripe.v1().transfers().list(
        TransferListParams.builder().setDestination(account.getId()).build()).getData().size());

    InvalidRequestException insufficient =
        assertThrows(InvalidRequestException.class, () -> stripe.v1().transfers().create(
            TransferCreateParams.builder().setAmount(2_001L).setCurrency("usd").setDestination(account.getId()).build()));
    assertEquals("balance_insufficient", insufficient.getCode());
  }

  @Test
  void transferWithoutFundsIsRefused() {
    InvalidRequestException insufficient =
        assertThrows(InvalidRequestException.class, () -> stripe.v1().transfers().create(
            TransferCreateParams.builder().setAmount(100L).setCurrency("usd").setDestination("acct_test_shop").build()));
    assertEquals(400, insufficient.getStatusCode());
    assertEquals("balance_insufficient", insufficient.getCode());
  }

  @Test
  void unknownDestinationIsRefusedButAcctTestIdsAreAlwaysKnown() throws StripeException {
    paid(5_000, null);
    InvalidRequestException unknown =
        assertThrows(InvalidRequestException.class, () -> stripe.v1().transfers().create(
            TransferCreateParams.builder().setAmount(100L).setCurrency("usd").setDestination("acct_nobody").build()));
    assertEquals("resource_missing", unknown.getCode());
    assertEquals("destination", unknown.getStripeError().getParam());

    Transfer transfer = stripe.v1().transfers().create(
        TransferCreateParams.builder().setAmount(100L).setCurrency("usd").setDestination("acct_test_shop").build());
    assertEquals("acct_test_shop", transfer.getDestination());
    assertEquals("acct_test_shop", stripe.v1().accounts().retrieve("acct_test_shop").getId());
  }

  @Test
  void everyAccountNamesItsController() throws StripeException {
    Account.Controller platform = stripe.v1().accounts().retrieveCurrent().getController();
    assertEquals("account", platform.getType(), "/v1/account: the platform controls itself");

    Account.Controller express = stripe.v1().accounts().create(
        AccountCreateParams.builder().setType(AccountCreateParams.Type.EXPRESS).build()).getController();
    assertEquals("application", express.getType());
    assertTrue(express.getIsController());
    assertEquals("application_express", express.getFees().getPayer());
    assertEquals("application", express.getLosses().getPayments());
    assertEquals("stripe", express.getRequirementCollection());
    assertEquals("express", express.getStripeDashboard().getType());

    Account.Controller custom = stripe.v1().accounts().create(
        AccountCreateParams.builder().setType(AccountCreateParams.Type.CUSTOM).build()).getController();
    assertEquals("application_custom", custom.getFees().getPayer());
    assertEquals("application", custom.getRequirementCollection());
    assertEquals("none", custom.getStripeDashboard().getType());
    Account.Controller standard = stripe.v1().accounts().create(
        AccountCreateParams.builder().setType(AccountCreateParams.Type.STANDARD).build()).getController();
    assertEquals("account", standard.getFees().getPayer());
    assertEquals("stripe", standard.getLosses().getPayments());
    assertEquals("full", standard.getStripeDashboard().getType());
  }
}
