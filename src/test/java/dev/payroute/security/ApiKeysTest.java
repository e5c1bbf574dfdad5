package dev.payroute.security;

import dev.payroute.domain.Refusal;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ApiKeysTest {

    private final ApiKeys keys = ApiKeys.parse("pay-key-0123456789:payments, adm-key-0123456789:admin");

    @Test
    void admin_may_do_what_payments_may() {
        String p = keys.authorize("Bearer pay-key-0123456789", ApiKeys.Scope.PAYMENTS);
        String a = keys.authorize("Bearer adm-key-0123456789", ApiKeys.Scope.PAYMENTS);
        assertNotEquals(p, a);
        assertEquals(a, keys.authorize("bearer adm-key-0123456789", ApiKeys.Scope.ADMIN));
    }

    @Test
    void missing_or_unknown_key_is_401_and_wrong_scope_is_403() {
        assertEquals(Refusal.Kind.UNAUTHENTICATED, assertThrows(Refusal.class, () -> keys.authorize(null, ApiKeys.Scope.PAYMENTS)).kind());
        assertEquals(Refusal.Kind.UNAUTHENTICATED, assertThrows(Refusal.class, () -> keys.authorize("Basic abc", ApiKeys.Scope.PAYMENTS)).kind());
        assertEquals(Refusal.Kind.UNAUTHENTICATED, assertThrows(Refusal.class, () -> keys.authorize("Bearer nope-0123456789", ApiKeys.Scope.PAYMENTS)).kind());
        assertEquals(Refusal.Kind.FORBIDDEN, assertThrows(Refusal.class, () -> keys.authorize("Bearer pay-key-0123456789", ApiKeys.Scope.ADMIN)).kind());
    }

    @Test
    void the_principal_never_contains_the_key() {
        String principal = keys.authorize("Bearer pay-key-0123456789", ApiKeys.Scope.PAYMENTS);
        assertFalse(principal.contains("pay-key"));
    }

    @Test
    void bad_specs_are_refused_at_start() {
        assertThrows(IllegalArgumentException.class, () -> ApiKeys.parse("short:payments"));
        assertThrows(IllegalArgumentException.class, () -> ApiKeys.parse("long-enough-key-123:root"));
        assertThrows(IllegalArgumentException.class, () -> ApiKeys.parse("no-scope-at-all-1234"));
    }

    @Test
    void a_named_key_is_known_by_its_name_and_an_unnamed_one_by_a_digest_prefix() {
        ApiKeys named = ApiKeys.parse("ops:key-with:colons-123:admin:ops-team,pay-key-0123456789:payments");
        assertEquals("ops-team", named.authorize("Bearer ops:key-with:colons-123", ApiKeys.Scope.ADMIN));
        String unnamed = named.authorize("Bearer pay-key-0123456789", ApiKeys.Scope.PAYMENTS);
        assertEquals(16, unnamed.length());
        assertEquals("key-", unnamed.substring(0, 4));
        assertEquals("booking-svc", ApiKeys.parse("some:long-key-000000:payments:booking-svc")
                .authorize("Bearer some:long-key-000000", ApiKeys.Scope.PAYMENTS));
    }

    @Test
    void key_names_must_be_tidy_and_unique() {
        assertThrows(IllegalArgumentException.class, () -> ApiKeys.parse("long-enough-key-123:payments:Bad Name"));
        assertThrows(IllegalArgumentException.class,
                () -> ApiKeys.parse("long-enough-key-123:payments:same,other-long-key-456:admin:same"));
    }
}
