package dev.payroute.messaging;

import dev.payroute.domain.Refusal;
import dev.payroute.escrow.EscrowOperations;
import dev.payroute.RouteVariables;
import dev.payroute.outbox.OutboxWriter;
import dev.payroute.payments.PaymentRow;
import dev.payroute.stripe.GatewayException;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A command payroute could not run (invalid) or understood but refused (no such payment, not
 * releasable, the payee's account cannot be paid, Stripe said no): the saga hears of it as a
 * payment.failed event with its correlation id and a machine-readable reason, written to the outbox
 * like every other event. The event id is derived from the record's topic, partition and offset, so
 * a redelivered record answers once; a refused command is written to the command log with its event, so
 * a duplicate of it (another record) is not answered again.
 */
public final class CommandOutcomes {

    private final OutboxWriter outbox;
    private final EscrowOperations escrow;
    private final CommandLog log;

    public CommandOutcomes(OutboxWriter outbox, EscrowOperations escrow, CommandLog log) {
        this.outbox = outbox;
        this.escrow = escrow;
        this.log = log;
    }

    /**
     * A command whose correlation id is known but which cannot be run (its bytes also go to the DLT). Takes
     * Exchange, as {@link #refused}: the event names the Kafka record (topic, partition, offset) it answers.
     */
    public void invalid(Exchange exchange) {
        InvalidCommand invalid = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, InvalidCommand.class);
        Optional<PaymentRow> payment = invalid.paymentId() == null ? Optional.empty() : escrow.byPaymentRef(invalid.paymentId());
        write(exchange, invalid.correlationId(), payment, invalid.paymentId(), invalid.orderId(), invalid.reason(),
                invalid.field(), invalid.getMessage(), null);
    }

    public void refused(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String ref = exchange.getVariable("paymentRef", String.class);
        Optional<PaymentRow> payment = ref == null ? Optional.empty() : escrow.byPaymentRef(ref);
        String orderId = payment.map(PaymentRow::orderId).orElse(null);
        String reason;
        String field = null;
        if (cause instanceof Refusal problem) {
            reason = problem.reason();
            field = problem.field();
        } else if (cause instanceof GatewayException.Rejected rejected && rejected.field() != null) {
            // Stripe refused a value the command sent: the command's own field, as StripeRejections named it.
            reason = rejected.reason();
            field = rejected.field();
        } else if (cause instanceof GatewayException) {
            reason = "provider_rejected";
        } else {
            reason = "command_failed";
        }
        String finalReason = reason;
        String finalField = field;
        // The refusal is the command's outcome: written with the command's record, once (a duplicate says nothing).
        log.onceRecorded(exchange.getVariable(RouteVariables.COMMAND_KEY, String.class), () -> write(exchange,
                exchange.getMessage().getHeader(RouteVariables.CORRELATION_ID, String.class), payment, ref, orderId, finalReason,
                finalField, cause == null ? "the command failed" : cause.getMessage(), cause instanceof GatewayException g ? g.code() : null));
    }

    private void write(Exchange exchange, String correlationId, Optional<PaymentRow> payment, String paymentRef,
                       String orderId, String reason, String field, String message, String stripeCode) {
        UUID eventId = UUID.nameUUIDFromBytes(("command-outcome:" + exchange.getMessage().getHeader(KafkaConstants.TOPIC) + "/"
                + exchange.getMessage().getHeader(KafkaConstants.PARTITION) + "/"
                + exchange.getMessage().getHeader(KafkaConstants.OFFSET)).getBytes(StandardCharsets.UTF_8));
        String paymentId = payment.map(p -> p.id().toString()).orElse(paymentRef);
        String order = orderId != null ? orderId : payment.map(PaymentRow::orderId).orElse(null);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("payment_id", paymentId);
        fields.put("order_id", order);
        fields.put("command", exchange.getVariable(CommandIngress.TYPE, String.class));
        fields.put("reason", reason);
        if (field != null) {
            fields.put("field", field);
        }
        // CampusG consumers read error, message and stripe_code.
        fields.put("error", reason);
        fields.put("message", message);
        fields.put("stripe_code", stripeCode);
        outbox.writeOnce(eventId, "payment.failed",
                paymentId != null ? paymentId : order != null ? "order:" + order : "command:" + correlationId, correlationId, fields);
    }
}
