package dev.payroute.domain;

import java.time.Instant;

/**
 * What a second request with a known Idempotency-Key gets, following Stripe's semantics:
 * another body is a client error, a finished first request is replayed, a running one is
 * a conflict, and one that failed transiently (or whose worker died, lease expired) may be
 * taken over by the retry, which then reuses the first request's operation id.
 */
public final class IdempotencyRules {

    public enum State { IN_PROGRESS, COMPLETED, RETRYABLE }

    /** UNREADABLE: the stored response was sealed with a data key that is gone. */
    public enum Decision { MISMATCH, REPLAY, IN_FLIGHT, TAKE_OVER, UNREADABLE }

    private IdempotencyRules() {
    }

    public static Decision decide(String storedFingerprint, State state, Instant lockedUntil,
                                  String requestFingerprint, Instant now) {
        if (!storedFingerprint.equals(requestFingerprint)) {
            return Decision.MISMATCH;
        }
        switch (state) {
            case COMPLETED:
                return Decision.REPLAY;
            case RETRYABLE:
                return Decision.TAKE_OVER;
            default:
                return lockedUntil.isAfter(now) ? Decision.IN_FLIGHT : Decision.TAKE_OVER;
        }
    }

    /** A response worth keeping: the operation ran. Server-side failures are left retryable. */
    public static State stateAfter(int httpStatus) {
        return httpStatus >= 500 ? State.RETRYABLE : State.COMPLETED;
    }
}
