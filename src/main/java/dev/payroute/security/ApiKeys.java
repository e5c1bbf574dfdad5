package dev.payroute.security;

import dev.payroute.domain.Refusal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * Bearer API keys with scopes, from {@code PAYROUTE_API_KEYS} ("key:scope,key:scope:name").
 * Keys are held and compared as SHA-256 digests; a caller is known by its key's name when the
 * entry gives one, otherwise by a short digest prefix (its principal), never by the key itself.
 */
public final class ApiKeys {

    public enum Scope {
        PAYMENTS, ADMIN;

        boolean covers(Scope required) {
            return this == ADMIN || this == required;
        }
    }

    private static final int MIN_KEY_LENGTH = 16;

    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");

    private record Entry(Scope scope, String principal) {
    }

    private final Map<String, Entry> byDigest = new HashMap<>();

    private ApiKeys() {
    }

    public static ApiKeys parse(String spec) {
        ApiKeys keys = new ApiKeys();
        if (spec == null || spec.isBlank()) {
            return keys;
        }
        for (String pair : spec.split(",")) {
            String trimmed = pair.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            String name = null;
            int colon = trimmed.lastIndexOf(':');
            if (colon > 0 && !isScope(trimmed.substring(colon + 1))) {
                int scopeColon = trimmed.lastIndexOf(':', colon - 1);
                if (scopeColon > 0 && isScope(trimmed.substring(scopeColon + 1, colon))) {
                    name = trimmed.substring(colon + 1);
                    if (!NAME.matcher(name).matches()) {
                        throw new IllegalArgumentException("PAYROUTE_API_KEYS key names are 1-64 of a-z 0-9 _ . -"
                                + " starting with a letter or digit");
                    }
                    trimmed = trimmed.substring(0, colon);
                    colon = scopeColon;
                }
            }
            if (colon <= 0 || colon == trimmed.length() - 1) {
                throw new IllegalArgumentException("PAYROUTE_API_KEYS entries must be key:scope or key:scope:name");
            }
            String key = trimmed.substring(0, colon);
            String scopeName = trimmed.substring(colon + 1).toUpperCase(Locale.ROOT);
            Scope scope;
            try {
                scope = Scope.valueOf(scopeName);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("PAYROUTE_API_KEYS scope must be payments or admin, not "
                        + scopeName.toLowerCase(Locale.ROOT), e);
            }
            if (key.length() < MIN_KEY_LENGTH) {
                throw new IllegalArgumentException("PAYROUTE_API_KEYS keys must be at least " + MIN_KEY_LENGTH + " characters");
            }
            String digest = digest(key);
            String principal = name != null ? name : "key-" + digest.substring(0, 12);
            if (keys.byDigest.values().stream().anyMatch(e -> e.principal().equals(principal))) {
                throw new IllegalArgumentException("PAYROUTE_API_KEYS names must be unique: " + principal);
            }
            keys.byDigest.put(digest, new Entry(scope, principal));
        }
        return keys;
    }

    public boolean isEmpty() {
        return byDigest.isEmpty();
    }

    private static boolean isScope(String word) {
        for (Scope scope : Scope.values()) {
            if (scope.name().equalsIgnoreCase(word)) {
                return true;
            }
        }
        return false;
    }

    /** @return the caller's principal (the key's name, or key-&lt;digest prefix&gt;); 401 for a missing or unknown key, 403 for a key without the scope. */
    public String authorize(String authorizationHeader, Scope required) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new Refusal(Refusal.Kind.UNAUTHENTICATED, "unauthorized", "send Authorization: Bearer <api key>", null);
        }
        String digest = digest(authorizationHeader.substring(7).trim());
        Entry entry = byDigest.get(digest);
        if (entry == null) {
            throw new Refusal(Refusal.Kind.UNAUTHENTICATED, "unauthorized", "unknown API key", null);
        }
        if (!entry.scope().covers(required)) {
            throw new Refusal(Refusal.Kind.FORBIDDEN, "forbidden",
                    "this API key lacks the " + required.name().toLowerCase(Locale.ROOT) + " scope", null);
        }
        return entry.principal();
    }

    private static String digest(String key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
