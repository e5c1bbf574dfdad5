package dev.payroute.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payroute.domain.StorableText;
import dev.payroute.json.Json;
import dev.payroute.deadletters.BrokerDeadLetters;
import dev.payroute.domain.Refusal;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Kafka commands sent to payment_commands.DLT are also recorded in dead_letters (source kafka, body
 * sealed), so that admins see every dead message in one list; such a dead letter is replayed by
 * publishing its command again to payment_commands. The DLT and its own replay endpoint are unchanged.
 */
public final class CommandDeadLetters {

    public static final String SOURCE = "kafka";
    private static final Logger LOG = LoggerFactory.getLogger(CommandDeadLetters.class);

    private final BrokerDeadLetters letters;
    private final boolean kafka;

    public CommandDeadLetters(BrokerDeadLetters letters, boolean kafka) {
        this.letters = letters;
        this.kafka = kafka;
    }

    /** Takes Exchange: it reads the reason headers CommandIngress.deadLetterHeaders set, the record key and the original bytes. */
    public void record(Exchange exchange) {
        String correlationId = correlationId(exchange);
        String reason = exchange.getMessage().getHeader("dlt_reason", String.class);
        Object key = exchange.getMessage().getHeader(KafkaConstants.KEY);
        long id = letters.insert(correlationId == null || correlationId.isEmpty() ? null : correlationId,
                key == null ? null : key.toString(), reason == null ? "unknown" : reason, exchange.getMessage().getBody(byte[].class));
        LOG.warn("payment command {} is dead letter {}", correlationId, id);
    }

    /**
     * The command's correlation id: the dead-letter route has the original message back (useOriginalMessage),
     * so it is read from the failure, or from the command itself.
     */
    private static String correlationId(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (cause instanceof InvalidCommand invalid && invalid.correlationId() != null) {
            return invalid.correlationId();
        }
        try {
            JsonNode command = Json.MAPPER.readTree(exchange.getMessage().getBody(byte[].class));
            JsonNode id = command == null ? null : command.get("correlation_id");
            return id != null && id.isTextual() && StorableText.isStorable(id.textValue()) ? id.textValue() : null;
        } catch (java.io.IOException | RuntimeException notJson) {
            return null;
        }
    }

    /** Takes Exchange: the stored command becomes the body, its record key the key of the publish. */
    public String takeForReplay(@Header("id") String raw, Exchange exchange) {
        if (!kafka) {
            throw new Refusal(Refusal.Kind.UNAVAILABLE, "kafka-not-configured", "replaying a command needs Kafka (KAFKA_BOOTSTRAP_SERVERS)", null);
        }
        BrokerDeadLetters.Stored stored = letters.take(raw);
        if (stored.routingKey() != null) {
            exchange.getMessage().setHeader(KafkaConstants.KEY, stored.routingKey());
        }
        return stored.body();
    }

    public Map<String, Object> markReplayed(@Header("id") String raw) {
        return letters.markReplayed(raw);
    }
}
