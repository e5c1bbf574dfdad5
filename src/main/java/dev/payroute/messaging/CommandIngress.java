package dev.payroute.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.payroute.domain.ApiProblem;
import dev.payroute.domain.EscrowRequests;
import dev.payroute.escrow.EscrowOperations;
import dev.payroute.http.ExchangeKeys;
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

    public static final String TYPE = "commandType";
    public static final String KEY = "commandKey";
    static final Set<String> TYPES = Set.of("authorize_payment", "release_payment", "revert_payment");

    private static final ObjectMapper JSON = new ObjectMapper();

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
        String type = command.path("type").asText("");
        if (!TYPES.contains(type)) {
            throw new PoisonCommand("unknown command type '" + type + "'");
        }
        String correlationId = command.path("correlation_id").asText("");
        if (correlationId.isBlank() || correlationId.length() > 200) {
            throw new PoisonCommand("correlation_id is required");
        }
        exchange.setProperty(TYPE, type);
        exchange.setProperty(KEY, type + ":" + correlationId);
        exchange.setProperty(ExchangeKeys.CORRELATION_ID, correlationId);
        exchange.getMessage().setHeader(ExchangeKeys.CORRELATION_ID, correlationId);
        try {
            switch (type) {
                case "authorize_payment" -> {
                    exchange.setProperty(EscrowOperations.REQUEST, EscrowRequests.authorizeCommand(command));
                    exchange.setProperty(ExchangeKeys.OPERATION_ID,
                            UUID.nameUUIDFromBytes(("authorize_payment:" + correlationId).getBytes(StandardCharsets.UTF_8)));
                }
                case "release_payment" -> {
                    exchange.setProperty(EscrowOperations.PAYMENT_REF, requireText(command, "payment_id"));
                    EscrowRequests.Release release = EscrowRequests.campusGRelease(command);
                    if (release.payeeId() == null) {
                        throw new PoisonCommand("runner_id is required");
                    }
                    exchange.setProperty(EscrowOperations.REQUEST, release);
                }
                default -> {
                    exchange.setProperty(EscrowOperations.PAYMENT_REF, requireText(command, "payment_id"));
                    exchange.setProperty(EscrowOperations.REQUEST, EscrowRequests.campusGRevert(command));
                }
            }
        } catch (ApiProblem invalid) {
            throw new PoisonCommand((invalid.field() == null ? "" : invalid.field() + ": ") + invalid.getMessage());
        }
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
        String value = command.path(field).asText("");
        if (value.isBlank()) {
            throw new PoisonCommand(field + " is required");
        }
        return value;
    }
}
