package dev.payroute.deadletters;

import dev.payroute.domain.Refusal;
import dev.payroute.security.DataCipher;
import dev.payroute.sql.Database;
import dev.payroute.webhooks.DeadLetters;
import org.apache.camel.Header;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Dead letters of one broker source (rabbitmq booking events, kafka commands) in dead_letters: the
 * message body sealed with the data key (it names guests and orders), its routing key or record key,
 * its event id and why it died; taken out again, opened, for an admin's replay, and marked replayed.
 */
public final class BrokerDeadLetters {

    private static final int MAX_REASON = 1000;

    private final Database db;
    private final DataCipher cipher;
    private final String source;

    public BrokerDeadLetters(Database db, DataCipher cipher, String source) {
        this.db = db;
        this.cipher = cipher;
        this.source = source;
    }

    public String source() {
        return source;
    }

    /** Records a dead message (in the caller's transaction, if any); returns the dead letter's id. */
    public long insert(String eventId, String routingKey, String reason, byte[] body) {
        Map<String, Object> params = new HashMap<>();
        params.put("source", source);
        params.put("reference", eventId != null ? eventId : "(no event id)");
        params.put("reason", bounded(reason));
        params.put("eventId", eventId);
        params.put("routingKey", routingKey);
        params.put("payloadSealed", cipher.seal(body == null ? "" : new String(body, StandardCharsets.UTF_8)));
        return ((Number) db.queryOne("deadletters/insert-message", params).orElseThrow().get("id")).longValue();
    }

    /** The dead letter in header id, opened, for publishing again: 404 unless it is of this source, 409 once replayed. */
    public Stored take(@Header("id") String raw) {
        long id = DeadLetters.id(raw);
        Map<String, Object> letter = db.queryOne("deadletters/select-message", Map.of("id", id))
                .filter(row -> source.equals(row.get("source")))
                .orElseThrow(() -> Refusal.notFound("no dead letter " + raw));
        if (letter.get("replayed_at") != null) {
            throw Refusal.conflict("not-replayable", "dead letter " + id + " was already replayed");
        }
        return new Stored(id, (String) letter.get("event_id"), (String) letter.get("routing_key"),
                cipher.open((String) letter.get("payload_sealed")));
    }

    /** Marks the dead letter replayed once its message is back on the broker; the admin's reply. */
    public Map<String, Object> markReplayed(@Header("id") String raw) {
        long id = DeadLetters.id(raw);
        db.update("deadletters/mark-message-replayed", Map.of("id", id));
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("id", id);
        reply.put("source", source);
        reply.put("replayed", true);
        return reply;
    }

    /** A stored dead message: routingKey is the RabbitMQ routing key or the Kafka record key. */
    public record Stored(long id, String eventId, String routingKey, String body) {
    }

    public static String bounded(String reason) {
        return reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason;
    }
}
