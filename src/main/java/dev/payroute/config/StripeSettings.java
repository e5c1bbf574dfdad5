package dev.payroute.config;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Which Stripe payroute talks to, from STRIPE_SECRET_KEY and ENVIRONMENT (DESIGN §4):
 * live keys only in production, test keys anywhere, and no key at all (outside
 * production) means offline: against the stand-in at STRIPE_API_BASE, or the built-in one.
 */
public record StripeSettings(Mode mode, String secretKey, String publishableKey, List<String> webhookSecrets,
                             String apiBase) {

    public enum Mode { LIVE, TEST, OFFLINE }

    public static final String OFFLINE_SECRET_KEY = "sk_test_offline_standin";
    public static final String OFFLINE_PUBLISHABLE_KEY = "pk_test_offline_standin";

    public static StripeSettings resolve(boolean production, String secretKey, String publishableKey,
                                         String webhookSecrets, String apiBase) {
        List<String> secrets = new ArrayList<>();
        if (webhookSecrets != null) {
            for (String s : webhookSecrets.split(",")) {
                if (!s.isBlank()) {
                    secrets.add(s.trim());
                }
            }
        }
        if (blank(secretKey)) {
            if (production) {
                throw new IllegalStateException("STRIPE_SECRET_KEY is required when ENVIRONMENT=production");
            }
            if (secrets.isEmpty()) {
                byte[] random = new byte[24];
                new SecureRandom().nextBytes(random);
                secrets.add("whsec_offline_" + HexFormat.of().formatHex(random));
            }
            // With STRIPE_API_BASE the stand-in runs elsewhere (java -jar payroute-standin.jar); without it, in-process.
            return new StripeSettings(Mode.OFFLINE, OFFLINE_SECRET_KEY,
                    blank(publishableKey) ? OFFLINE_PUBLISHABLE_KEY : publishableKey, List.copyOf(secrets),
                    blank(apiBase) ? null : apiBase);
        }
        boolean live = secretKey.startsWith("sk_live_") || secretKey.startsWith("rk_live_");
        boolean test = secretKey.startsWith("sk_test_") || secretKey.startsWith("rk_test_");
        if (!live && !test) {
            throw new IllegalStateException("STRIPE_SECRET_KEY must be a Stripe secret key (sk_test_... or sk_live_...)");
        }
        if (live && !production) {
            throw new IllegalStateException("a live Stripe key (sk_live_) is refused outside ENVIRONMENT=production");
        }
        if (!blank(publishableKey)) {
            boolean pkLive = publishableKey.startsWith("pk_live_");
            if (!pkLive && !publishableKey.startsWith("pk_test_")) {
                throw new IllegalStateException("STRIPE_PUBLISHABLE_KEY must start with pk_test_ or pk_live_");
            }
            if (pkLive != live) {
                throw new IllegalStateException("STRIPE_PUBLISHABLE_KEY and STRIPE_SECRET_KEY must both be test or both be live");
            }
        }
        return new StripeSettings(live ? Mode.LIVE : Mode.TEST, secretKey, publishableKey, List.copyOf(secrets),
                blank(apiBase) ? null : apiBase);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public String toString() {
        return "StripeSettings[mode=" + mode + ", webhookSecrets=" + webhookSecrets.size() + ", apiBase=" + apiBase + "]";
    }
}
