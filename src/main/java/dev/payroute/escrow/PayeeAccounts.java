package dev.payroute.escrow;

import dev.payroute.stripe.PaymentGateway;

import java.util.Optional;

/**
 * Whether a payee's Stripe Connect account can be paid: it exists for this platform, is not the platform's own
 * account, and can receive transfers.
 */
final class PayeeAccounts {

    private PayeeAccounts() {
    }

    /** @return why the account cannot be paid, or empty when it can */
    static Optional<String> requireTransferable(PaymentGateway gateway, String accountId, String field) {
        Optional<PaymentGateway.ConnectAccount> account = gateway.connectAccount(accountId);
        if (account.isEmpty()) {
            return Optional.of(field + " " + accountId + " is not a Stripe Connect account of this platform");
        }
        if (account.get().platform()) {
            return Optional.of(field + " " + accountId + " is this platform's own Stripe account; a payee is paid by transfer"
                    + " to a connected account");
        }
        if (!account.get().canReceiveTransfers()) {
            return Optional.of(field + " " + accountId + " cannot receive transfers (its transfers capability is not active)");
        }
        return Optional.empty();
    }
}
