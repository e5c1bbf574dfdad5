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
 * Bearer API keys with scopes, from {@code PAYROUTE_API_KEYS} ("key:scope,key:scope").
 * Keys are held and compared as SHA-256 digests; a caller is known by a short digest
 * prefix (its principal), never by the key itself.
 */
public final class ApiKeys {

    public enum Scope {
        PAYMENTS, ADMIN;

        boolean covers(Scope required) {
            return this == ADMIN || this == required;
        }
    }

    private static final int MIN_KEY_LENGTH = 16;

    private final Map<String, Scope> scopeByDigest = new HashMap<>();

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
            int colon = trimmed.lastIndexOf(':');
            if (colon <= 0 || colon == trimmed.length() - 1) {
                throw new IllegalArgumentException("PAYROUTE_API_KEYS entries must be key:scope");
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
            keys.scopeByDigest.put(digest(key), scope);
        }
        return keys;
    }

    public boolean isEmpty() {
        return scopeByDigest.isEmpty();
    }

    /** @return the caller's principal id; 401 for a missing or unknown key, 403 for a key without the scope. */
    public String authorize(String authorizationHeader, Scope required) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new Refusal(Refusal.Kind.UNAUTHENTICATED, "unauthorized", "send Authorization: Bearer <api key>", null);
        }
        String digest = digest(authorizationHeader.substring(7).trim());
        Scope scope = scopeByDigest.get(digest);
        if (scope == null) {
            throw new Refusal(Refusal.Kind.UNAUTHENTICATED, "unauthorized", "unknown API key", null);
        }
        if (!scope.covers(required)) {
            throw new Refusal(Refusal.Kind.FORBIDDEN, "forbidden",
                    "this API key lacks the " + required.name().toLowerCase(Locale.ROOT) + " scope", null);
        }
        return "key-" + digest.substring(0, 12);
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
