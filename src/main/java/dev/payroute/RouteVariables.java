package dev.payroute;

/**
 * Names of the route variables (${variable.name} in routes/) that carry a request's state from step to
 * step, and of the one header every route and log line shares, the correlation id.
 */
public final class RouteVariables {

    /** Header: the correlation id of the request, command or event; logs carry it (dev.payroute.ops.ExchangeLogContext). */
    public static final String CORRELATION_ID = "correlationId";

    /**
     * Who acts: the API key's name (not the key) for HTTP callers, for idempotency scoping and audit; the
     * ingress sets kafka, rabbitmq, the escrow sweeper escrow-sweeper. Billing records name it as their actor.
     */
    public static final String PRINCIPAL = "principal";
    /** Our id for the operation a request or command runs; Stripe idempotency keys derive from it. */
    public static final String OPERATION_ID = "operationId";
    public static final String IDEMPOTENCY_KEY = "idempotencyKey";
    /** True when the Idempotency-Key's stored answer was replayed: nothing else runs. */
    public static final String IDEMPOTENT_REPLAY = "idempotentReplay";
    /** The request body as read (a JsonNode). */
    public static final String JSON = "json";
    /** The parsed request (a record of dev.payroute.domain). */
    public static final String REQUEST = "request";
    /**
     * The key of the Kafka command being run (its type and correlation id, see messaging/PaymentCommands), kept in
     * the command log with the command's effects so that a duplicate has no second effect; absent for HTTP requests.
     */
    public static final String COMMAND_KEY = "commandKey";
    /** True on compatibility routes whose clients read {"success": false, "error": ...} in errors. */
    public static final String LEGACY_ERRORS = "legacyErrors";

    private RouteVariables() {
    }
}
