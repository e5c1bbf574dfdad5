package dev.payroute.payments;

import dev.payroute.domain.ApiProblem;

/**
 * Another money operation holds the payment right now (409). Unlike other refusals it is a race that
 * ends by itself: ingresses that can wait (Kafka commands) try again before answering.
 */
public final class OperationInProgress extends ApiProblem {

    public OperationInProgress(String detail) {
        super(409, "operation-in-progress", detail, null);
    }
}
