package dev.payroute.escrow;

import dev.payroute.domain.Refusal;
import dev.payroute.sql.Database;
import org.apache.camel.Header;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * A user's totals per currency: spent as a customer (captured, less refunds; the payer named as user_id or
 * guest_id) and earned as a payee (transferred). Amounts are minor units of their currency, so they are summed
 * per currency and never across currencies.
 */
public final class UserHistory {

    private final Database db;

    public UserHistory(Database db) {
        this.db = db;
    }

    public record CurrencyTotals(String currency, long totalSpent, long totalEarned, long spentCount, long earnedCount) {
    }

    /**
     * One entry per currency with counted payments, sorted by currency; {@code currencyOfAnyPayment} is the
     * currency of any of the user's payments (or null), which names a history with nothing counted.
     */
    public record Totals(String userId, List<CurrencyTotals> currencies, String currencyOfAnyPayment) {

        public boolean severalCurrencies() {
            return currencies.size() > 1;
        }

        /** The counted payments' one currency; with none counted, that of any of the user's payments; null for several. */
        public String currency() {
            return switch (currencies.size()) {
                case 0 -> currencyOfAnyPayment;
                case 1 -> currencies.get(0).currency();
                default -> null;
            };
        }

        /** Null when the payments span several currencies: a sum across currencies means nothing. */
        public Long totalSpent() {
            return severalCurrencies() ? null : sum(CurrencyTotals::totalSpent);
        }

        public Long totalEarned() {
            return severalCurrencies() ? null : sum(CurrencyTotals::totalEarned);
        }

        /** Counts add up across currencies. */
        public long spentCount() {
            return sum(CurrencyTotals::spentCount);
        }

        public long earnedCount() {
            return sum(CurrencyTotals::earnedCount);
        }

        private long sum(ToLongFunction<CurrencyTotals> amount) {
            return currencies.stream().mapToLong(amount).sum();
        }
    }

    public Totals totals(String userId) {
        List<CurrencyTotals> currencies = new ArrayList<>();
        String currencyOfAnyPayment = null;
        for (Map<String, Object> row : db.query("billing/user-history", Map.of("userId", userId))) {
            String currency = (String) row.get("currency");
            if (!Boolean.TRUE.equals(row.get("counted"))) {
                currencyOfAnyPayment = currency;
                continue;
            }
            currencies.add(new CurrencyTotals(currency, ((Number) row.get("total_spent")).longValue(),
                    ((Number) row.get("total_earned")).longValue(), ((Number) row.get("spent_count")).longValue(),
                    ((Number) row.get("earned_count")).longValue()));
        }
        return new Totals(userId, List.copyOf(currencies), currencyOfAnyPayment);
    }

    /** The canonical path of a user's history, which answers per currency. */
    public static String canonicalPath(String userId) {
        return "/api/v1/billing/users/" + URLEncoder.encode(userId, StandardCharsets.UTF_8).replace("+", "%20") + "/history";
    }

    /** For a view with room for one currency only: a history whose payments span several cannot be shown in it. */
    public static Refusal severalCurrencies(Totals t) {
        List<String> codes = t.currencies().stream().map(CurrencyTotals::currency).toList();
        return Refusal.conflict("several-currencies", "the payments of user " + t.userId() + " are in several currencies ("
                        + String.join(", ", codes) + ") and amounts in different currencies cannot be added; "
                        + canonicalPath(t.userId()) + " answers per currency")
                .with("currencies", codes)
                .with("history", canonicalPath(t.userId()));
    }

    public Map<String, Object> canonical(@Header("user_id") String userId) {
        Totals t = totals(userId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user_id", t.userId());
        body.putAll(amounts(t.currency(), t.totalSpent(), t.totalEarned(), t.spentCount(), t.earnedCount()));
        body.put("currencies", t.currencies().stream()
                .map(c -> amounts(c.currency(), c.totalSpent(), c.totalEarned(), c.spentCount(), c.earnedCount()))
                .toList());
        return body;
    }

    private static Map<String, Object> amounts(String currency, Long spent, Long earned, long spentCount, long earnedCount) {
        Map<String, Object> amounts = new LinkedHashMap<>();
        amounts.put("currency", currency);
        amounts.put("total_spent", spent);
        amounts.put("total_earned", earned);
        amounts.put("spent_count", spentCount);
        amounts.put("earned_count", earnedCount);
        return amounts;
    }
}
