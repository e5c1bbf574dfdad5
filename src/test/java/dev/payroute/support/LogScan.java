package dev.payroute.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What no log or command line may hold (README "Operations", Logs): the secrets named to it (API keys, webhook
 * secrets, data keys, Stripe keys), anything shaped like a Stripe secret key or webhook secret, a PaymentIntent's or
 * SetupIntent's client_secret, a card number and a raw Stripe event (a webhook body).
 */
public final class LogScan {

    /** Stripe secret and restricted keys, webhook signing secrets: whatever their value. */
    private static final Pattern STRIPE_SECRET = Pattern.compile("\\b(?:sk|rk)_(?:test|live)_[A-Za-z0-9]{4,}|\\bwhsec_[A-Za-z0-9_]{4,}");
    private static final Pattern CLIENT_SECRET = Pattern.compile("\\b(?:pi|seti)_[A-Za-z0-9]+_secret_[A-Za-z0-9]+");
    /** A Stripe event object as JSON, compact or pretty-printed: a webhook's body. */
    private static final Pattern STRIPE_EVENT = Pattern.compile("\"object\"\\s*:\\s*\"event\"");
    /**
     * A card number: 13 to 19 digits, together or in groups of at least 3 separated by one space or dash, the first
     * 2 to 6 (every card network's range; ids, counters and epoch times start with 0 or 1 or are longer), not part of
     * a longer word, number or id (no letter, digit, '_', '.', '-' or ':' right before, none of them but a full stop
     * ending a sentence right after), Luhn-valid.
     */
    private static final Pattern CARD = Pattern.compile("(?<![A-Za-z0-9_.:-])[2-6]\\d{2,}(?:[ -]?\\d{3,}){0,5}(?![A-Za-z0-9_:-]|[ .-]\\d)");

    private final Set<String> secrets = new LinkedHashSet<>();

    public LogScan(Collection<String> secrets) {
        secrets.stream().filter(s -> s != null && s.length() >= 8).forEach(this.secrets::add);
    }

    /** Each finding as "file:line: what" (the value itself is not repeated: the report would leak it again). */
    public List<String> scan(Path file) throws IOException {
        List<String> findings = new ArrayList<>();
        int number = 0;
        for (String line : new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\n", -1)) {
            number++;
            for (String what : findingsIn(line)) {
                findings.add(file + ":" + number + ": " + what);
            }
        }
        return findings;
    }

    public List<String> findingsIn(String text) {
        List<String> found = new ArrayList<>();
        for (String secret : secrets) {
            if (text.contains(secret)) {
                found.add("a configured secret or key (" + secret.substring(0, 4) + "…)");
            }
        }
        if (STRIPE_SECRET.matcher(text).find()) {
            found.add("a Stripe secret key or webhook secret");
        }
        if (CLIENT_SECRET.matcher(text).find()) {
            found.add("a client_secret");
        }
        if (STRIPE_EVENT.matcher(text).find()) {
            found.add("a raw Stripe event (webhook body)");
        }
        Matcher card = CARD.matcher(text);
        while (card.find()) {
            String digits = card.group().replaceAll("[ -]", "");
            if (digits.length() >= 13 && digits.length() <= 19 && luhn(digits)) {
                found.add("a card number (…" + digits.substring(digits.length() - 4) + ")");
            }
        }
        return found;
    }

    static boolean luhn(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return sum % 10 == 0;
    }
}
