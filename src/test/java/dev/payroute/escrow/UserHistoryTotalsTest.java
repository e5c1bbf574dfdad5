package dev.payroute.escrow;

import dev.payroute.domain.Refusal;
import dev.payroute.escrow.UserHistory.CurrencyTotals;
import dev.payroute.escrow.UserHistory.Totals;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The history's totals from its per-currency rows: sums only within one currency. */
class UserHistoryTotalsTest {

    @Test
    void one_currency_gives_its_totals_and_its_code() {
        Totals t = new Totals("u", List.of(new CurrencyTotals("jpy", 1000, 700, 2, 1)), "eur");
        assertFalse(t.severalCurrencies());
        assertEquals("jpy", t.currency(), "the counted payments' currency, not that of any payment");
        assertEquals(1000L, t.totalSpent());
        assertEquals(700L, t.totalEarned());
        assertEquals(2, t.spentCount());
        assertEquals(1, t.earnedCount());
    }

    @Test
    void nothing_counted_gives_zero_in_the_currency_of_any_payment() {
        Totals t = new Totals("u", List.of(), "eur");
        assertEquals("eur", t.currency());
        assertEquals(0L, t.totalSpent());
        assertEquals(0L, t.totalEarned());
        assertNull(new Totals("u", List.of(), null).currency());
    }

    @Test
    void several_currencies_give_no_sums_but_counts_over_all() {
        Totals t = new Totals("u", List.of(new CurrencyTotals("eur", 1000, 2500, 1, 1),
                new CurrencyTotals("usd", 1800, 0, 2, 0)), "eur");
        assertTrue(t.severalCurrencies());
        assertNull(t.currency());
        assertNull(t.totalSpent());
        assertNull(t.totalEarned());
        assertEquals(3, t.spentCount());
        assertEquals(1, t.earnedCount());
    }

    @Test
    void the_refusal_of_several_currencies_lists_them_and_points_at_the_canonical_history() {
        Refusal r = UserHistory.severalCurrencies(new Totals("guest 7/a", List.of(new CurrencyTotals("eur", 1, 0, 1, 0),
                new CurrencyTotals("usd", 1, 0, 1, 0)), null));
        assertEquals(Refusal.Kind.CONFLICT, r.kind());
        assertEquals("several-currencies", r.type());
        assertEquals(List.of("eur", "usd"), r.extensions().get("currencies"));
        assertEquals("/api/v1/billing/users/guest%207%2Fa/history", r.extensions().get("history"));
        assertTrue(r.getMessage().contains("eur, usd"), r.getMessage());
    }
}
