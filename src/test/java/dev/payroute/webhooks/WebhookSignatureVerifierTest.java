package dev.payroute.webhooks;

import dev.payroute.support.StripeEvents;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The 300 s tolerance holds both ways: a signature from too far in the past or in the future is refused. */
class WebhookSignatureVerifierTest {

    private static final String SECRET = "whsec_unit";
    private static final String PAYLOAD = "{\"id\":\"evt_1\",\"object\":\"event\"}";
    private static final long NOW = 1_800_000_000L;

    private final WebhookSignatureVerifier verifier = new WebhookSignatureVerifier(List.of(SECRET), 300,
            Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));

    private String signedAt(long timestamp) {
        return StripeEvents.sign(PAYLOAD, SECRET, timestamp);
    }

    @Test
    void a_signature_within_the_tolerance_either_way_is_accepted() {
        assertNull(verifier.problem(PAYLOAD, signedAt(NOW)));
        assertNull(verifier.problem(PAYLOAD, signedAt(NOW - 300)));
        assertNull(verifier.problem(PAYLOAD, signedAt(NOW + 300)), "clocks may differ a little");
    }

    @Test
    void a_signature_too_far_in_the_past_is_refused() {
        assertNotNull(verifier.problem(PAYLOAD, signedAt(NOW - 301)));
    }

    @Test
    void a_signature_too_far_in_the_future_is_refused() {
        String problem = verifier.problem(PAYLOAD, signedAt(NOW + 301));
        assertNotNull(problem, "a timestamp 301 s ahead is outside the tolerance");
        assertTrue(problem.contains("future"), problem);
        assertNotNull(verifier.problem(PAYLOAD, signedAt(NOW + 86_400 * 365L)));
    }

    @Test
    void a_future_timestamp_is_checked_only_on_a_signature_that_holds() {
        String problem = verifier.problem(PAYLOAD, StripeEvents.sign(PAYLOAD, "whsec_other", NOW + 10_000));
        assertNotNull(problem);
        assertTrue(problem.contains("does not verify"), problem);
    }

    @Test
    void the_timestamp_that_is_checked_is_the_signed_one() {
        // A second t= cannot move the checked time: stripe-java signs and checks the first one.
        String header = signedAt(NOW + 301) + ",t=" + NOW;
        assertNotNull(verifier.problem(PAYLOAD, header));
    }
}
