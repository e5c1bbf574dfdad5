package dev.payroute.messaging;

import dev.payroute.domain.ApiProblem;
import dev.payroute.escrow.EscrowOperations;
import dev.payroute.http.ExchangeKeys;
import dev.payroute.http.HttpReplies;
import dev.payroute.sql.Database;
import dev.payroute.stripe.GatewayException;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A command payroute could not run (invalid) or understood but refused (no such payment, not
 * releasable, the payee's account cannot be paid, Stripe said no): the saga hears of it as a
 * payment.failed event with its correlation id and a machine-readable reason, written to the outbox
 * like every other event. The event id is derived from the record's topic, partition and offset, so
 * a redelivered record answers once.
 */
public final class CommandOutcomes {

    private final Database db;
    private final EscrowOperations escrow;

    public CommandOutcomes(Database db, EscrowOperations escrow) {
        this.db = db;
        this.escrow = escrow;
    }

    /** A command whose correlation id is known but which cannot be run (its bytes also go to the DLT). */
    public void invalid(Exchange exchange) {
        InvalidCommand invalid = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, InvalidCommand.class);
        Optional<Map<String, Object>> payment = invalid.paymentId() == null ? Optional.empty() : escrow.byPaymentRef(invalid.paymentId());
        write(exchange, invalid.correlationId(), payment, invalid.paymentId(), invalid.orderId(), invalid.reason(),
                invalid.field(), invalid.getMessage(), null);
    }

    public void refused(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String ref = exchange.getProperty(EscrowOperations.PAYMENT_REF, String.class);
        Optional<Map<String, Object>> payment = ref == null ? Optional.empty() : escrow.byPaymentRef(ref);
        String orderId = payment.map(p -> (String) p.get("order_id")).orElse(null);
        String reason;
        String field = null;
        if (cause instanceof ApiProblem problem) {
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
        write(exchange, exchange.getProperty(ExchangeKeys.CORRELATION_ID, String.class), payment, ref, orderId, reason, field,
                cause == null ? "the command failed" : cause.getMessage(), cause instanceof GatewayException g ? g.code() : null);
    }

    private void write(Exchange exchange, String correlationId, Optional<Map<String, Object>> payment, String paymentRef,
                       String orderId, String reason, String field, String message, String stripeCode) {
        UUID eventId = UUID.nameUUIDFromBytes(("command-outcome:" + exchange.getMessage().getHeader(KafkaConstants.TOPIC) + "/"
                + exchange.getMessage().getHeader(KafkaConstants.PARTITION) + "/"
                + exchange.getMessage().getHeader(KafkaConstants.OFFSET)).getBytes(StandardCharsets.UTF_8));
        String paymentId = payment.map(p -> p.get("id").toString()).orElse(paymentRef);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", "payment.failed");
        payload.put("event_id", eventId.toString());
        payload.put("correlation_id", correlationId);
        payload.put("payment_id", paymentId);
        payload.put("order_id", orderId != null ? orderId : payment.map(p -> (String) p.get("order_id")).orElse(null));
        payload.put("command", exchange.getProperty(CommandIngress.TYPE, String.class));
        payload.put("reason", reason);
        if (field != null) {
            payload.put("field", field);
        }
        // CampusG consumers read error, message and stripe_code.
        payload.put("error", reason);
        payload.put("message", message);
        payload.put("stripe_code", stripeCode);
        payload.put("occurred_at", Instant.now().toString());
        Map<String, Object> params = new HashMap<>();
        params.put("eventId", eventId);
        params.put("eventType", "payment.failed");
        params.put("aggregateId", paymentId != null ? paymentId : orderId != null ? "order:" + orderId : "command:" + correlationId);
        params.put("correlationId", correlationId);
        params.put("payload", HttpReplies.toJson(payload));
        db.update("outbox/insert-once", params);
    }
}
