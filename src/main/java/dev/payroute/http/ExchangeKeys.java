package dev.payroute.http;

/** Names of exchange properties and headers the HTTP routes share. */
public final class ExchangeKeys {

    public static final String PRINCIPAL = "payroutePrincipal";
    public static final String OPERATION_ID = "payrouteOperationId";
    public static final String REQUEST_JSON = "payrouteRequestJson";
    public static final String IDEMPOTENCY_KEY = "payrouteIdempotencyKey";
    public static final String IDEMPOTENT_REPLAY = "payrouteIdempotentReplay";
    public static final String CORRELATION_ID = "correlationId";

    private ExchangeKeys() {
    }
}
