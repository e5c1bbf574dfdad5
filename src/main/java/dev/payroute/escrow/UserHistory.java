package dev.payroute.escrow;

import dev.payroute.sql.Database;
import org.apache.camel.Header;

import java.util.LinkedHashMap;
import java.util.Map;

/** A user's totals: spent as a customer (captured, less refunds) and earned as a payee (transferred). */
public final class UserHistory {

    private final Database db;

    public UserHistory(Database db) {
        this.db = db;
    }

    public record Totals(String userId, String currency, long totalSpent, long totalEarned, long spentCount, long earnedCount) {
    }

    public Totals totals(String userId) {
        Map<String, Object> row = db.queryOne("billing/user-history", Map.of("userId", userId)).orElseThrow();
        return new Totals(userId, (String) row.get("currency"), ((Number) row.get("total_spent")).longValue(),
                ((Number) row.get("total_earned")).longValue(), ((Number) row.get("spent_count")).longValue(),
                ((Number) row.get("earned_count")).longValue());
    }

    public Map<String, Object> canonical(@Header("user_id") String userId) {
        Totals t = totals(userId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user_id", t.userId());
        body.put("currency", t.currency());
        body.put("total_spent", t.totalSpent());
        body.put("total_earned", t.totalEarned());
        body.put("spent_count", t.spentCount());
        body.put("earned_count", t.earnedCount());
        return body;
    }
}
