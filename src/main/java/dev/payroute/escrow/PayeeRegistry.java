package dev.payroute.escrow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payroute.domain.Refusal;
import dev.payroute.domain.RequestFields;
import dev.payroute.RouteVariables;
import dev.payroute.payments.PaymentViews;
import dev.payroute.sql.Database;
import dev.payroute.stripe.PaymentGateway;
import org.apache.camel.Header;
import org.apache.camel.Variable;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Payees' Stripe Connect accounts (PUT /api/v1/payees/{payee_id}), checked with Stripe before they are stored. */
public final class PayeeRegistry {

    private final Database db;
    private final PaymentGateway gateway;

    public PayeeRegistry(Database db, PaymentGateway gateway) {
        this.db = db;
        this.gateway = gateway;
    }

    public Map<String, Object> put(@Header("payee_id") String payeeId, @Variable(RouteVariables.JSON) JsonNode json) {
        if (payeeId == null || payeeId.isBlank() || payeeId.length() > 200) {
            throw Refusal.badRequest("payee_id", "payee_id must be 1 to 200 characters");
        }
        RequestFields f = RequestFields.of(json, Set.of("connect_account_id"));
        String account = f.requiredString("connect_account_id");
        if (!account.matches("acct_[A-Za-z0-9_]{1,250}")) {
            throw Refusal.unprocessable("connect_account_id", "connect_account_id must be a Stripe Connect account id (acct_...)");
        }
        // Nothing is stored for an account that could not be paid: a release would find out too late.
        PayeeAccounts.requireTransferable(gateway, account, "connect_account_id").ifPresent(refusal -> {
            throw Refusal.unprocessable("connect_account_id", refusal);
        });
        Map<String, Object> row = db.queryOne("payees/upsert", Map.of("payeeId", payeeId, "connectAccountId", account)).orElseThrow();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("payee_id", row.get("payee_id"));
        view.put("connect_account_id", row.get("connect_account_id"));
        view.put("created_at", PaymentViews.timestamp(row.get("created_at")));
        view.put("updated_at", PaymentViews.timestamp(row.get("updated_at")));
        return view;
    }
}
