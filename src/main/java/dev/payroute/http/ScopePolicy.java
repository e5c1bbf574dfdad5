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

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Authorization of the steps it wraps (a {@code policy} step in routes/, beans paymentsScope and adminScope):
 * the caller's bearer key must have the scope; the key's name goes into the route variable principal.
 * A missing or unknown key is refused as unauthenticated, a key without the scope as forbidden. The metrics
 * policy (bean metricsScope) also takes PAYROUTE_METRICS_TOKEN.
 */
public final class ScopePolicy implements AuthorizationPolicy {

    /** The principal of a request let in by the scraper token. */
    public static final String SCRAPER = "metrics-scraper";

    private final ApiKeys keys;
    private final ApiKeys.Scope scope;
    private final byte[] scraperToken;

    public ScopePolicy(ApiKeys keys, ApiKeys.Scope scope) {
        this(keys, scope, null);
    }

    /**
     * A policy that also lets in one bearer token that is not an API key (a Prometheus scraper's, for /metrics
     * only), compared in constant time; null for none.
     */
    public ScopePolicy(ApiKeys keys, ApiKeys.Scope scope, String scraperToken) {
        this.keys = keys;
        this.scope = scope;
        if (scraperToken != null && scraperToken.length() < 16) {
            throw new IllegalStateException("PAYROUTE_METRICS_TOKEN must be at least 16 characters");
        }
        this.scraperToken = scraperToken == null ? null : scraperToken.getBytes(StandardCharsets.UTF_8);
    }

    private String authorize(String authorization) {
        if (scraperToken != null && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && MessageDigest.isEqual(scraperToken, authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8))) {
            return SCRAPER;
        }
        return keys.authorize(authorization, scope);
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
                    String principal = authorize(exchange.getMessage().getHeader("Authorization", String.class));
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
