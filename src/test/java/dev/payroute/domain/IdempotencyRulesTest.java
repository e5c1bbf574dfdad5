package dev.payroute.domain;

import dev.payroute.domain.IdempotencyRules.Decision;
import dev.payroute.domain.IdempotencyRules.State;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

class IdempotencyRulesTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    @Test
    void same_key_other_body_is_a_mismatch_whatever_the_state() {
        for (State state : State.values()) {
            assertEquals(Decision.MISMATCH, IdempotencyRules.decide("a", state, NOW.plusSeconds(30), "b", NOW));
        }
    }

    @Test
    void a_finished_request_is_replayed() {
        assertEquals(Decision.REPLAY, IdempotencyRules.decide("a", State.COMPLETED, NOW.minusSeconds(1), "a", NOW));
    }

    @Test
    void a_running_request_is_a_conflict_until_its_lease_expires() {
        assertEquals(Decision.IN_FLIGHT, IdempotencyRules.decide("a", State.IN_PROGRESS, NOW.plusSeconds(30), "a", NOW));
        assertEquals(Decision.TAKE_OVER, IdempotencyRules.decide("a", State.IN_PROGRESS, NOW.minusSeconds(1), "a", NOW));
    }

    @Test
    void a_transient_failure_may_be_retried_with_the_same_key() {
        assertEquals(Decision.TAKE_OVER, IdempotencyRules.decide("a", State.RETRYABLE, NOW.plusSeconds(30), "a", NOW));
    }

    @Test
    void server_errors_stay_retryable_and_everything_else_is_kept() {
        assertEquals(State.RETRYABLE, IdempotencyRules.stateAfter(503));
        assertEquals(State.RETRYABLE, IdempotencyRules.stateAfter(500));
        assertEquals(State.COMPLETED, IdempotencyRules.stateAfter(201));
        assertEquals(State.COMPLETED, IdempotencyRules.stateAfter(402));
        assertEquals(State.COMPLETED, IdempotencyRules.stateAfter(404));
    }
}
