package dev.payroute.http;

import dev.payroute.RouteVariables;
import dev.payroute.security.ApiKeys;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.spi.AuthorizationPolicy;
import org.apache.camel.support.processor.DelegateAsyncProcessor;

/**
 * Authorization of the steps it wraps (a {@code policy} step in routes/, beans paymentsScope and adminScope):
 * the caller's bearer key must have the scope; the key's name goes into the route variable principal.
 * A missing or unknown key is refused as unauthenticated, a key without the scope as forbidden.
 */
public final class ScopePolicy implements AuthorizationPolicy {

    private final ApiKeys keys;
    private final ApiKeys.Scope scope;

    public ScopePolicy(ApiKeys keys, ApiKeys.Scope scope) {
        this.keys = keys;
        this.scope = scope;
    }

    @Override
    public void beforeWrap(Route route, NamedNode definition) {
        // nothing to prepare
    }

    @Override
    public Processor wrap(Route route, Processor processor) {
        return new DelegateAsyncProcessor(processor) {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                try {
                    String principal = keys.authorize(exchange.getMessage().getHeader("Authorization", String.class), scope);
                    exchange.setVariable(RouteVariables.PRINCIPAL, principal);
                } catch (RuntimeException refused) {
                    exchange.setException(refused);
                    callback.done(true);
                    return true;
                }
                return super.process(exchange, callback);
            }
        };
    }
}
