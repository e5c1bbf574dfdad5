package dev.payroute.config;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StripeSettingsTest {

    @Test
    void no_key_outside_production_runs_offline_with_a_generated_webhook_secret() {
        StripeSettings s = StripeSettings.resolve(false, null, null, null, null);
        assertEquals(StripeSettings.Mode.OFFLINE, s.mode());
        assertTrue(s.secretKey().startsWith("sk_test_"));
        assertTrue(s.publishableKey().startsWith("pk_test_"));
        assertTrue(s.webhookSecrets().get(0).startsWith("whsec_"));
    }

    @Test
    void no_key_with_an_api_base_runs_offline_against_that_stand_in() {
        StripeSettings s = StripeSettings.resolve(false, null, null, "whsec_shared", "http://127.0.0.1:12111");
        assertEquals(StripeSettings.Mode.OFFLINE, s.mode());
        assertEquals("http://127.0.0.1:12111", s.apiBase());
        assertEquals(StripeSettings.OFFLINE_SECRET_KEY, s.secretKey());
        assertEquals("whsec_shared", s.webhookSecrets().get(0));
        assertEquals(null, StripeSettings.resolve(false, null, null, null, " ").apiBase(), "blank: the built-in stand-in");
    }

    @Test
    void several_webhook_secrets_are_accepted_for_rotation() {
        StripeSettings s = StripeSettings.resolve(false, "sk_test_abc", "pk_test_abc", "whsec_new, whsec_old", null);
        assertEquals(StripeSettings.Mode.TEST, s.mode());
        assertEquals(2, s.webhookSecrets().size());
        assertEquals("whsec_old", s.webhookSecrets().get(1));
    }

    @Test
    void live_keys_are_refused_outside_production() {
        assertThrows(IllegalStateException.class, () -> StripeSettings.resolve(false, "sk_live_abc", null, "whsec_x", null));
        assertEquals(StripeSettings.Mode.LIVE, StripeSettings.resolve(true, "sk_live_abc", "pk_live_x", "whsec_x", null).mode());
    }

    @Test
    void production_needs_a_key_and_keys_must_agree() {
        assertThrows(IllegalStateException.class, () -> StripeSettings.resolve(true, null, null, null, null));
        assertThrows(IllegalStateException.class, () -> StripeSettings.resolve(true, "sk_live_abc", "pk_test_x", null, null));
        assertThrows(IllegalStateException.class, () -> StripeSettings.resolve(false, "not-a-key", null, null, null));
    }

    @Test
    void the_description_never_holds_a_secret() {
        StripeSettings s = StripeSettings.resolve(false, "sk_test_verysecret", null, "whsec_verysecret", null);
        assertTrue(!s.toString().contains("verysecret"));
    }
}
