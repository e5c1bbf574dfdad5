package dev.payroute.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.payroute.domain.EscrowRequests;
import dev.payroute.domain.Refusal;
import dev.payroute.domain.StorableText;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.UUID;

/**
 * The CampusG payment commands of topic payment_commands, read from their bytes: authorize_payment,
 * release_payment, revert_payment. Bytes that name no correlation id are a {@link PoisonCommand}; a command
 * that names one but cannot be run is an {@link InvalidCommand} with a machine-readable reason.
 */
public final class PaymentCommands {

    static final Set<String> TYPES = Set.of("authorize_payment", "release_payment", "revert_payment");
    /** Strict: a name given twice or content after the command is malformed, not read as the last value. */
    private static final ObjectMapper JSON = dev.payroute.json.Json.STRICT;

    /**
     * A command ready to run. Its operation id is derived from its type and correlation id, so a redelivered
     * or duplicated command is the same operation; request is the parsed escrow request; paymentRef names the
     * payment of a release or a revert.
     */
    public record Command(String type, String correlationId, UUID operationId, Object request, String paymentRef) {
        /**
         * The command's key in the command log (camel_messageprocessed.messageid, at most 100 characters): its type
         * and correlation id, or, for a correlation id too long for that, its type and the correlation id's SHA-256.
         */
        public String key() {
            String key = type + ":" + correlationId;
            return key.length() <= 100 ? key : type + ":sha256:" + sha256(correlationId);
        }
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private PaymentCommands() {
    }

    public static Command parse(byte[] raw) {
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
        String type = command.path("type").asText("");
        if (!TYPES.contains(type)) {
            throw invalid(command, correlationId, "unknown_command_type", "type",
                    "unknown command type '" + type + "'; expected one of " + String.join(", ", TYPES.stream().sorted().toList()));
        }
        UUID operationId = UUID.nameUUIDFromBytes((type + ":" + correlationId).getBytes(StandardCharsets.UTF_8));
        try {
            // Commands do not come through JsonRequests: the same check, before anything reaches Stripe.
            StorableText.requireStorable(command);
            return switch (type) {
                case "authorize_payment" -> new Command(type, correlationId, operationId, EscrowRequests.authorizeCommand(command), null);
                case "release_payment" -> {
                    String paymentRef = requireText(command, "payment_id");
                    EscrowRequests.Release release = EscrowRequests.campusGRelease(command);
                    if (release.payeeId() == null) {
                        throw Refusal.missing("runner_id", "runner_id is required");
                    }
                    yield new Command(type, correlationId, operationId, release, paymentRef);
                }
                case "revert_payment" -> new Command(type, correlationId, operationId, EscrowRequests.campusGRevert(command),
                        requireText(command, "payment_id"));
                default -> throw new IllegalStateException("no parser for command type " + type);
            };
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
