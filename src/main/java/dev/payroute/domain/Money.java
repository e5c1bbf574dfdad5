package dev.payroute.domain;

import java.util.Currency;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** Amounts are whole minor units of an ISO 4217 currency, written lower case. */
public final class Money {

    public static final long MIN_AMOUNT = 1;
    public static final long MAX_AMOUNT = 99_999_999;

    private static final Set<String> CURRENCIES = new TreeSet<>();

    static {
        for (Currency c : Currency.getAvailableCurrencies()) {
            // Funds codes and precious metals have no minor unit and are not payable.
            if (c.getDefaultFractionDigits() >= 0) {
                CURRENCIES.add(c.getCurrencyCode().toLowerCase(Locale.ROOT));
            }
        }
    }

    private Money() {
    }

    public static boolean isKnownCurrency(String code) {
        return code != null && code.equals(code.toLowerCase(Locale.ROOT)) && CURRENCIES.contains(code);
    }

    public static void requireAmount(String field, long amount) {
        if (amount < MIN_AMOUNT || amount > MAX_AMOUNT) {
            throw Refusal.unprocessable(field,
                    field + " must be an integer number of minor units from " + MIN_AMOUNT + " to " + MAX_AMOUNT);
        }
    }

    public static void requireCurrency(String field, String code) {
        if (!isKnownCurrency(code)) {
            throw Refusal.unprocessable(field, field + " must be a lower-case ISO 4217 currency code such as usd");
        }
    }

    public static int fractionDigits(String code) {
        return Currency.getInstance(code.toUpperCase(Locale.ROOT)).getDefaultFractionDigits();
    }
}
