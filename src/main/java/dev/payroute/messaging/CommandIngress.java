package dev.payroute.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.payroute.domain.Refusal;
import dev.payroute.domain.EscrowRequests;
import dev.payroute.domain.StorableText;
import dev.payroute.RouteVariables;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.UUID;

/**
 * Kafka payment_commands → the escrow routes (routes/messaging/payment-commands). Translates
 * the CampusG command payloads; the operation id of an authorisation is derived from its
 * correlation id, so a redelivered or duplicated command is the same operation.
 */
public final class CommandIngress {

    /** Route variables: the command's type, and its deduplication key (type and correlation id). */
    public static final String TYPE = "commandType";
    public static final String KEY = "commandKey";
    static final Set<String> TYPES = Set.of("authorize_payment", "release_payment", "revert_payment");

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Takes Exchange: it translates the Kafka record into what the escrow routes read, several route
     * variables (commandType, commandKey, operationId, request, paymentRef) and the correlation id header.
     */
    public void parse(Exchange exchange) {
        byte[] raw = exchange.getMessage().getBody(byte[].class);
        JsonNode command;
        try {
            command = raw == null ? null : JSON.readTree(raw);
        } catch (IOException e) {
            throw new PoisonCommand("not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (command == null || !command.isObject()) {
            throw new PoisonCommand("a command must be a JSON object");
        }
        JsonNode correlationNode = command.path("correlation_id");
        String correlationId = correlationNode.isTextual() ? correlationNode.textValue() : "";
        if (correlationId.isBlank() || correlationId.length() > 200 || !StorableText.isStorable(correlationId)) {
            throw new PoisonCommand("correlation_id is required (a string of at most 200 characters)");
        }
        // From here on the command can be answered: its refusals become payment.failed events.
        exchange.getMessage().setHeader(RouteVariables.CORRELATION_ID, correlationId);
        String type = command.path("type").asText("");
        if (!TYPES.contains(type)) {
            throw invalid(command, correlationId, "unknown_command_type", "type",
                    "unknown command type '" + type + "'; expected one of " + String.join(", ", TYPES.stream().sorted().toList()));
        }
        exchange.setVariable(TYPE, type);
        exchange.setVariable(KEY, type + ":" + correlationId);
        // The command's operation id: a redelivered or duplicated command is the same operation.
        exchange.setVariable(RouteVariables.OPERATION_ID,
                UUID.nameUUIDFromBytes((type + ":" + correlationId).getBytes(StandardCharsets.UTF_8)));
        try {
            // Commands do not come through JsonRequests: the same check, before anything reaches Stripe.
            StorableText.requireStorable(command);
            switch (type) {
                case "authorize_payment" -> exchange.setVariable(RouteVariables.REQUEST, EscrowRequests.authorizeCommand(command));
                case "release_payment" -> {
                    exchange.setVariable("paymentRef", requireText(command, "payment_id"));
                    EscrowRequests.Release release = EscrowRequests.campusGRelease(command);
                    if (release.payeeId() == null) {
                        throw Refusal.missing("runner_id", "runner_id is required");
                    }
                    exchange.setVariable(RouteVariables.REQUEST, release);
                }
                case "revert_payment" -> {
                    exchange.setVariable("paymentRef", requireText(command, "payment_id"));
                    exchange.setVariable(RouteVariables.REQUEST, EscrowRequests.campusGRevert(command));
                }
                default -> throw new IllegalStateException("no parser for command type " + type);
            }
        } catch (Refusal problem) {
            throw invalid(command, correlationId, problem.reason(), problem.field(), problem.getMessage());
        }
    }

    private static InvalidCommand invalid(JsonNode command, String correlationId, String reason, String field, String message) {
        JsonNode order = command.path("order_id");
        JsonNode payment = command.path("payment_id");
        return new InvalidCommand(correlationId, order.isTextual() ? order.textValue() : null,
                payment.isTextual() ? payment.textValue() : null, reason, field, message);
    }

    /** Commits this record's offset: called only once its effects (or its dead letter) are committed. */
    public void commit(Exchange exchange) {
        KafkaManualCommit manual = exchange.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
        if (manual != null) {
            manual.commit();
        }
    }

    /** Headers of a dead-lettered command: where it came from and why it failed; the body stays the original bytes. */
    public void deadLetterHeaders(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        exchange.getMessage().setHeader("dlt_reason", cause == null ? "unknown" : cause.getMessage());
        exchange.getMessage().setHeader("dlt_exception", cause == null ? "unknown" : cause.getClass().getName());
        exchange.getMessage().setHeader("dlt_original_topic", exchange.getMessage().getHeader(KafkaConstants.TOPIC, String.class));
        exchange.getMessage().setHeader("dlt_original_partition",
                String.valueOf(exchange.getMessage().getHeader(KafkaConstants.PARTITION, Integer.class)));
        exchange.getMessage().setHeader("dlt_original_offset",
                String.valueOf(exchange.getMessage().getHeader(KafkaConstants.OFFSET, Long.class)));
    }

    private static String requireText(JsonNode command, String field) {
        JsonNode value = command.path(field);
        if (value.isMissingNode() || value.isNull()) {
            throw Refusal.missing(field, field + " is required");
        }
        if (!value.isTextual() || value.textValue().isBlank() || value.textValue().length() > 200) {
            throw Refusal.unprocessable(field, field + " must be a non-blank string of at most 200 characters");
        }
        return value.textValue();
    }
}
