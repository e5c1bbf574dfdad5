package dev.payroute.domain;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Map;

/**
 * Text that can be stored and passed on as it was sent: no NUL character (PostgreSQL text refuses it)
 * and no lone UTF-16 surrogate (it has no UTF-8 form). Anything else is a caller's mistake, refused
 * before it reaches Stripe or the database.
 */
public final class StorableText {

    private StorableText() {
    }

    public static boolean isStorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** A parameter (path, query): 400 naming it, without repeating the value. */
    public static String requireStorable(String field, String value) {
        if (value != null && !isStorable(value)) {
            throw refused(printable(field));
        }
        return value;
    }

    /** Every name and string value of a JSON document, at any depth; the first bad one is named by its path. */
    public static void requireStorable(JsonNode node) {
        requireStorable(node, "");
    }

    private static void requireStorable(JsonNode node, String path) {
        if (node.isTextual()) {
            if (!isStorable(node.textValue())) {
                throw refused(path);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                requireStorable(node.get(i), path + "[" + i + "]");
            }
        } else if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String fieldPath = (path.isEmpty() ? "" : path + ".") + printable(field.getKey());
                if (!isStorable(field.getKey())) {
                    throw refused(fieldPath);
                }
                requireStorable(field.getValue(), fieldPath);
            }
        }
    }

    private static Refusal refused(String field) {
        return Refusal.badRequest(field, field + " holds a NUL character or a lone UTF-16 surrogate");
    }

    /** A name as the caller can read it back: NUL and surrogates written as \\uXXXX escapes. */
    public static String printable(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\u0000' || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
