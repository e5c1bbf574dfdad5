package dev.payroute.http;

import org.apache.camel.Exchange;

import java.util.UUID;
import java.util.regex.Pattern;

/** Takes the caller's X-Correlation-Id when it is well formed, else makes one; logs carry it via MDC. */
public final class CorrelationIds {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    public void assign(Exchange exchange) {
        String given = exchange.getMessage().getHeader("X-Correlation-Id", String.class);
        String id = given != null && SAFE.matcher(given).matches() ? given : UUID.randomUUID().toString();
        exchange.setProperty(ExchangeKeys.CORRELATION_ID, id);
        exchange.getMessage().setHeader(ExchangeKeys.CORRELATION_ID, id);
    }
}
