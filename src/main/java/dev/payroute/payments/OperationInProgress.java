package dev.payroute.payments;

import dev.payroute.domain.Refusal;

/**
 * Another money operation holds the payment right now (409). Unlike other refusals it is a race that
 * ends by itself: ingresses that can wait (Kafka commands) try again before answering.
 */
public final class OperationInProgress extends Refusal {

    public OperationInProgress(String detail) {
        super(Refusal.Kind.CONFLICT, "operation-in-progress", detail, null);
    }
}
