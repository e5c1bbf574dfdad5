package dev.payroute.messaging;

import dev.payroute.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import dev.payroute.domain.Refusal;
import dev.payroute.domain.CardNumbers;
import dev.payroute.escrow.EscrowOperations;
import dev.payroute.RouteVariables;
import dev.payroute.http.HttpReplies;
import dev.payroute.payments.PaymentRow;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The CampusG service's asynchronous endpoints (POST /payment/{payment_id}/release|revert):
 * they publish a command to payment_commands and answer 202 with its correlation id.
 */
public final class CommandPublisher {

    /** Route variable: the Kafka record key of the command (its payment's order id, or the payment id without one). */
    private static final String COMMAND_RECORD_KEY = "commandRecordKey";

    private final EscrowOperations escrow;
    private final HttpReplies replies;
    private final boolean kafkaEnabled;

    public CommandPublisher(EscrowOperations escrow, HttpReplies replies, boolean kafkaEnabled) {
        this.escrow = escrow;
        this.replies = replies;
        this.kafkaEnabled = kafkaEnabled;
    }

    /** Takes Exchange, as {@link #revert}: the request becomes the Kafka record (body, key) and variable command. */
    public void release(Exchange exchange) {
        JsonNode body = exchange.getVariable(RouteVariables.JSON, JsonNode.class);
        String runner = required(body, "runner_id");
        String account = required(body, "runner_connect_account_id");
        if (!account.matches("acct_[A-Za-z0-9_]{1,250}")) {
            throw Refusal.unprocessable("runner_connect_account_id", "runner_connect_account_id must be a Stripe Connect account id (acct_...)");
        }
        Map<String, Object> command = command(exchange, "release_payment");
        command.put("runner_id", runner);
        command.put("runner_connect_account_id", account);
        prepare(exchange, command);
    }

    public void revert(Exchange exchange) {
        JsonNode body = exchange.getVariable(RouteVariables.JSON, JsonNode.class);
        Map<String, Object> command = command(exchange, "revert_payment");
        JsonNode reason = body.path("reason");
        if (!reason.isMissingNode() && !reason.isNull()) {
            if (!reason.isTextual() || reason.textValue().length() > 500) {
                throw Refusal.unprocessable("reason", "reason must be a string of at most 500 characters");
            }
            command.put("reason", CardNumbers.requireNone("reason", reason.textValue()));
        }
        prepare(exchange, command);
    }

    /** Takes Exchange: the reply, once the command is on the topic: 202 with the command's correlation id. */
    public void accepted(Exchange exchange) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("correlation_id", exchange.getVariable("command", Map.class).get("correlation_id"));
        replies.reply(exchange, 202, "application/json", body);
    }

    private Map<String, Object> command(Exchange exchange, String type) {
        if (!kafkaEnabled) {
            throw new Refusal(Refusal.Kind.UNAVAILABLE, "kafka-not-configured", "payment commands need Kafka (KAFKA_BOOTSTRAP_SERVERS)", null);
        }
        String paymentId = exchange.getMessage().getHeader("payment_id", String.class);
        PaymentRow payment = escrow.byPaymentRef(paymentId)
                .orElseThrow(() -> Refusal.notFound("no escrow payment " + paymentId));
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("type", type);
        command.put("payment_id", payment.id().toString());
        command.put("correlation_id", UUID.randomUUID().toString());
        // Keyed like the order's authorize_payment (by order id): an order's commands share a partition, in order.
        exchange.setVariable(COMMAND_RECORD_KEY, payment.orderId() != null ? payment.orderId() : payment.id().toString());
        return command;
    }

    private static void prepare(Exchange exchange, Map<String, Object> command) {
        exchange.setVariable("command", command);
        exchange.getMessage().removeHeaders("*", RouteVariables.CORRELATION_ID);
        exchange.getMessage().setHeader(KafkaConstants.KEY, exchange.getVariable(COMMAND_RECORD_KEY, String.class));
        exchange.getMessage().setBody(Json.write(command));
    }

    private static String required(JsonNode body, String field) {
        JsonNode value = body.path(field);
        if (value.isMissingNode() || value.isNull()) {
            throw Refusal.badRequest(field, field + " is required");
        }
        if (!value.isTextual() || value.textValue().isBlank() || value.textValue().length() > 255) {
            throw Refusal.unprocessable(field, field + " must be a non-blank string");
        }
        return value.textValue();
    }
}
