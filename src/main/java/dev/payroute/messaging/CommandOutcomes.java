package dev.payroute.messaging;

import dev.payroute.domain.ApiProblem;
import dev.payroute.escrow.EscrowOperations;
import dev.payroute.http.ExchangeKeys;
import dev.payroute.http.HttpReplies;
import dev.payroute.sql.Database;
import dev.payroute.stripe.GatewayException;
import org.apache.camel.Exchange;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A command payroute understood but refused (no such payment, not releasable, Stripe said no):
 * the saga hears of it as a payment.failed event, written to the outbox like every other event.
 */
public final class CommandOutcomes {

    private final Database db;
    private final EscrowOperations escrow;

    public CommandOutcomes(Database db, EscrowOperations escrow) {
        this.db = db;
        this.escrow = escrow;
    }

    public void refused(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String correlationId = exchange.getProperty(ExchangeKeys.CORRELATION_ID, String.class);
        String ref = exchange.getProperty(EscrowOperations.PAYMENT_REF, String.class);
        Optional<Map<String, Object>> payment = ref == null ? Optional.empty() : escrow.byPaymentRef(ref);
        UUID eventId = UUID.randomUUID();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", "payment.failed");
        payload.put("event_id", eventId.toString());
        payload.put("correlation_id", correlationId);
        payload.put("payment_id", payment.map(p -> p.get("id").toString()).orElse(ref));
        payload.put("order_id", payment.map(p -> p.get("order_id")).orElse(null));
        payload.put("command", exchange.getProperty(CommandIngress.TYPE, String.class));
        payload.put("error", cause instanceof ApiProblem problem ? problem.type()
                : cause instanceof GatewayException ? "provider_error" : "command_failed");
        payload.put("message", cause == null ? "the command failed" : cause.getMessage());
        payload.put("stripe_code", cause instanceof GatewayException g ? g.code() : null);
        payload.put("occurred_at", Instant.now().toString());
        Map<String, Object> params = new HashMap<>();
        params.put("eventId", eventId);
        params.put("eventType", "payment.failed");
        params.put("aggregateId", payload.get("payment_id") == null ? "command:" + correlationId : payload.get("payment_id").toString());
        params.put("correlationId", correlationId);
        params.put("payload", HttpReplies.toJson(payload));
        db.update("outbox/insert", params);
    }
}
