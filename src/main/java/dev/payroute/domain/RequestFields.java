package dev.payroute.domain;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Strict reading of a JSON request body: every wrong field is named in the error. */
public final class RequestFields {

    private static final int MAX_STRING = 500;
    private static final int MAX_METADATA_KEYS = 50;
    private static final int MAX_METADATA_KEY = 40;

    private final JsonNode root;

    private RequestFields(JsonNode root) {
        this.root = root;
    }

    public static RequestFields of(JsonNode root, Set<String> allowed) {
        if (root == null || !root.isObject()) {
            throw Refusal.badRequest(null, "the request body must be a JSON object");
        }
        Iterator<String> names = root.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw Refusal.badRequest(name, "unknown field: " + name);
            }
        }
        return new RequestFields(root);
    }

    public long requiredAmount(String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw Refusal.badRequest(field, field + " is required");
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw Refusal.unprocessable(field, field + " must be an integer number of minor units");
        }
        long amount = node.longValue();
        Money.requireAmount(field, amount);
        return amount;
    }

    public String requiredString(String field) {
        String value = optionalString(field);
        if (value == null) {
            throw Refusal.badRequest(field, field + " is required");
        }
        return value;
    }

    public String optionalString(String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw Refusal.unprocessable(field, field + " must be a string");
        }
        String value = node.textValue();
        if (value.isBlank()) {
            throw Refusal.unprocessable(field, field + " must not be blank");
        }
        if (value.length() > MAX_STRING) {
            throw Refusal.unprocessable(field, field + " must be at most " + MAX_STRING + " characters");
        }
        return value;
    }

    /** Text written by a person (a description, a reason): it must not hold a card number. */
    public String optionalFreeText(String field) {
        return CardNumbers.requireNone(field, optionalString(field));
    }

    public String requiredCurrency(String field) {
        String value = requiredString(field);
        Money.requireCurrency(field, value);
        return value;
    }

    public Map<String, String> optionalMetadata(String field) {
        JsonNode node = root.get(field);
        Map<String, String> metadata = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return metadata;
        }
        if (!node.isObject()) {
            throw Refusal.unprocessable(field, field + " must be an object of string values");
        }
        if (node.size() > MAX_METADATA_KEYS) {
            throw Refusal.unprocessable(field, field + " may hold at most " + MAX_METADATA_KEYS + " keys");
        }
        Iterator<Map.Entry<String, JsonNode>> entries = node.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            String key = entry.getKey();
            String path = field + "." + key;
            if (key.isEmpty() || key.length() > MAX_METADATA_KEY || key.startsWith("payroute_")) {
                throw Refusal.unprocessable(path, "metadata keys must be 1 to " + MAX_METADATA_KEY
                        + " characters and must not start with payroute_");
            }
            if (!entry.getValue().isTextual() || entry.getValue().textValue().length() > MAX_STRING) {
                throw Refusal.unprocessable(path, path + " must be a string of at most " + MAX_STRING + " characters");
            }
            // Named by the object, not by a key that would repeat the number.
            CardNumbers.requireNone(field, key);
            metadata.put(key, CardNumbers.requireNone(path, entry.getValue().textValue()));
        }
        return metadata;
    }
}
