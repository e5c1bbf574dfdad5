package dev.payroute.messaging;

import dev.payroute.sql.Database;
import org.apache.camel.Body;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The outbox backlog per destination: a summary for /health/ready and the admin view. */
public final class OutboxStatus {

    private final Database db;
    private final OutboxRelay relay;
    private final boolean kafkaRelayed;
    private final boolean rabbitRelayed;
    private final String kafkaTopic;
    private final String rabbitExchange;

    public OutboxStatus(Database db, OutboxRelay relay, boolean kafkaRelayed, String kafkaTopic,
                        boolean rabbitRelayed, String rabbitExchange) {
        this.db = db;
        this.relay = relay;
        this.kafkaRelayed = kafkaRelayed;
        this.kafkaTopic = kafkaTopic;
        this.rabbitRelayed = rabbitRelayed;
        this.rabbitExchange = rabbitExchange;
    }

    /**
     * For readiness: events waiting per destination, and the age of the oldest event a configured
     * destination still waits for (of either, when none is configured).
     */
    public Map<String, Object> summary() {
        Map<String, Object> counts = db.queryOne("outbox/backlog", Map.of()).orElseThrow();
        long kafkaOldest = number(counts, "kafka_oldest_seconds");
        long rabbitOldest = number(counts, "rabbit_oldest_seconds");
        long oldest;
        if (kafkaRelayed || rabbitRelayed) {
            oldest = Math.max(kafkaRelayed ? kafkaOldest : 0, rabbitRelayed ? rabbitOldest : 0);
        } else {
            oldest = Math.max(kafkaOldest, rabbitOldest);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("kafka_backlog", number(counts, "kafka_backlog"));
        summary.put("rabbit_backlog", number(counts, "rabbit_backlog"));
        summary.put("oldest_unpublished_seconds", oldest);
        return summary;
    }

    /** GET /api/v1/admin/outbox: the body is the row of sql/outbox/backlog.sql. */
    public Map<String, Object> adminView(@Body List<Map<String, Object>> rows) {
        Map<String, Object> counts = rows.get(0);
        Map<String, Object> destinations = new LinkedHashMap<>();
        destinations.put("kafka", destination(counts, OutboxDestination.KAFKA, kafkaRelayed, "topic", kafkaTopic));
        destinations.put("rabbitmq", destination(counts, OutboxDestination.RABBIT, rabbitRelayed, "exchange", rabbitExchange));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("destinations", destinations);
        return view;
    }

    private Map<String, Object> destination(Map<String, Object> counts, OutboxDestination destination, boolean relayed,
                                            String targetKind, String target) {
        String prefix = destination.key() + "_";
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("relayed", relayed);
        view.put(targetKind, target);
        view.put("backlog", number(counts, prefix + "backlog"));
        view.put("in_flight", number(counts, prefix + "in_flight"));
        view.put("oldest_unpublished_seconds", number(counts, prefix + "oldest_seconds"));
        view.put("relay", relay.state(destination));
        return view;
    }

    private static long number(Map<String, Object> row, String column) {
        Object value = row.get(column);
        return value == null ? 0 : ((Number) value).longValue();
    }
}
