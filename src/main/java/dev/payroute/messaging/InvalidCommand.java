package dev.payroute.messaging;

/**
 * A command that names its correlation id but cannot be run (unknown type, a missing or wrong field, a
 * decimal amount). Besides going to the DLT as its original bytes, it is answered with a payment.failed
 * event carrying the correlation id, the order id when it names one, a machine-readable reason and the
 * field, so that the saga waiting on it hears why.
 */
public final class InvalidCommand extends PoisonCommand {

    private final String correlationId;
    private final String orderId;
    private final String paymentId;
    private final String reason;
    private final String field;

    public InvalidCommand(String correlationId, String orderId, String paymentId, String reason, String field, String message) {
        super((field == null ? "" : field + ": ") + message);
        this.correlationId = correlationId;
        this.orderId = orderId;
        this.paymentId = paymentId;
        this.reason = reason;
        this.field = field;
    }

    public String correlationId() {
        return correlationId;
    }

    public String orderId() {
        return orderId;
    }

    public String paymentId() {
        return paymentId;
    }

    public String reason() {
        return reason;
    }

    public String field() {
        return field;
    }
}
