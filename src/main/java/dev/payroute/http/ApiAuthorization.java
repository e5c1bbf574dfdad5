package dev.payroute.http;

import dev.payroute.security.ApiKeys;
import org.apache.camel.Exchange;

/** Route step that admits a caller by bearer key and scope and records who it is. */
public final class ApiAuthorization {

    private final ApiKeys keys;

    public ApiAuthorization(ApiKeys keys) {
        this.keys = keys;
    }

    public void requirePayments(Exchange exchange) {
        require(exchange, ApiKeys.Scope.PAYMENTS);
    }

    public void requireAdmin(Exchange exchange) {
        require(exchange, ApiKeys.Scope.ADMIN);
    }

    private void require(Exchange exchange, ApiKeys.Scope scope) {
        String principal = keys.authorize(exchange.getMessage().getHeader("Authorization", String.class), scope);
        exchange.setProperty(ExchangeKeys.PRINCIPAL, principal);
    }
}
