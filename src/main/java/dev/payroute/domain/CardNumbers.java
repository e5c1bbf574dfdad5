package dev.payroute.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds what looks like a payment card number in free text: a Luhn-valid run of 13 to 19 digits, written
 * whole or in groups joined by spaces or dashes the way card numbers are written ("4242 4242 4242 4242",
 * "4000-0566-5566-5556", Amex "3782 822463 10005"). Free text holding one is refused, so that a card number
 * is never stored, sent to Stripe, echoed or logged. Digits grouped otherwise (a UUID's 8-4-4-4-12, a
 * phone number) are not a card number.
 */
public final class CardNumbers {

    static final int MIN_DIGITS = 13;
    static final int MAX_DIGITS = 19;
    /** At most this many spaces or dashes join two groups of digits into one number. */
    private static final int MAX_SEPARATOR = 3;

    private CardNumbers() {
    }

    /** Refuses free text that holds a card number: 422 naming the field, never repeating the text. */
    public static String requireNone(String field, String text) {
        if (containsCardNumber(text)) {
            throw Refusal.unprocessable(field, field + " must not contain a card number");
        }
        return text;
    }

    public static boolean containsCardNumber(String text) {
        if (text == null) {
            return false;
        }
        for (List<String> groups : digitGroups(text)) {
            // Any consecutive groups may be the number: "order 12 4242 4242 4242 4242" holds one.
            for (int first = 0; first < groups.size(); first++) {
                StringBuilder digits = new StringBuilder();
                for (int last = first; last < groups.size() && digits.length() < MAX_DIGITS; last++) {
                    digits.append(groups.get(last));
                    if (digits.length() >= MIN_DIGITS && digits.length() <= MAX_DIGITS
                            && cardGrouping(groups.subList(first, last + 1)) && isLuhnValid(digits)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Whether groups are written as a card number is: one run of digits, groups of four (the last may be
     * shorter, as in 4-4-4-4-3), or the 4-6-5 and 4-6-4 of Amex and Diners.
     */
    static boolean cardGrouping(List<String> groups) {
        if (groups.size() == 1) {
            return true;
        }
        int[] sizes = groups.stream().mapToInt(String::length).toArray();
        if (sizes.length == 3 && sizes[0] == 4 && sizes[1] == 6 && (sizes[2] == 5 || sizes[2] == 4)) {
            return true;
        }
        for (int i = 0; i < sizes.length - 1; i++) {
            if (sizes[i] != 4) {
                return false;
            }
        }
        return sizes[sizes.length - 1] >= 1 && sizes[sizes.length - 1] <= 4;
    }

    public static boolean isLuhnValid(CharSequence digits) {
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            if (doubled) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
            doubled = !doubled;
        }
        return digits.length() > 0 && sum % 10 == 0;
    }

    /** Runs of digit groups, each run a list of groups that only spaces or dashes separate. */
    private static List<List<String>> digitGroups(String text) {
        List<List<String>> runs = new ArrayList<>();
        List<String> run = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int start = i;
            while (i < text.length() && isAsciiDigit(text.charAt(i))) {
                i++;
            }
            if (i > start) {
                run.add(text.substring(start, i));
                int separator = i;
                while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '-')) {
                    i++;
                }
                boolean joined = i > separator && i - separator <= MAX_SEPARATOR
                        && i < text.length() && isAsciiDigit(text.charAt(i));
                if (!joined) {
                    runs.add(run);
                    run = new ArrayList<>();
                }
            } else {
                i++;
            }
        }
        if (!run.isEmpty()) {
            runs.add(run);
        }
        return runs;
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
