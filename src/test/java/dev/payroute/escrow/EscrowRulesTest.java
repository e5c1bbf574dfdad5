package dev.payroute.escrow;

import dev.payroute.domain.Refusal;
import dev.payroute.payments.PaymentRow;
import dev.payroute.payments.PaymentStore;
import dev.payroute.payments.PaymentStore.Operation;
import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import static dev.payroute.support.PaymentRows.escrow;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One order, one outcome: what a release or a revert may still do, from the payment's row alone. */
class EscrowRulesTest {

    @Test
    void a_hold_or_a_capture_may_be_released_until_a_revert_is_decided() {
        assertDoesNotThrow(() -> EscrowRules.requireReleasable(escrow("AUTHORIZED")));
        assertDoesNotThrow(() -> EscrowRules.requireReleasable(escrow("SUCCEEDED", "escrow_decision", "RELEASE")));
        Refusal decided = assertThrows(Refusal.class,
                () -> EscrowRules.requireReleasable(escrow("AUTHORIZED", "escrow_decision", "REVERT")));
        assertEquals("escrow-already-decided", decided.type());
        assertEquals(Refusal.Kind.CONFLICT, decided.kind());
        assertEquals("REVERT", decided.extensions().get("escrow_decision"), "the refusal names the decision that won");
        assertEquals("AUTHORIZED", decided.extensions().get("payment_status"));
        for (String moved : new String[] {"PENDING", "REQUIRES_ACTION", "FAILED", "CANCELED", "REFUNDED", "RELEASED", "DISPUTED"}) {
            assertEquals("payment-not-releasable", assertThrows(Refusal.class,
                    () -> EscrowRules.requireReleasable(escrow(moved))).type(), moved);
        }
    }

    @Test
    void a_revert_is_refused_once_a_release_is_decided_even_before_the_capture() {
        assertDoesNotThrow(() -> EscrowRules.requireRevertible(escrow("AUTHORIZED")));
        assertDoesNotThrow(() -> EscrowRules.requireRevertible(escrow("SUCCEEDED")));
        assertDoesNotThrow(() -> EscrowRules.requireRevertible(escrow("PENDING", "escrow_decision", "REVERT")));
        Refusal decided = assertThrows(Refusal.class,
                () -> EscrowRules.requireRevertible(escrow("AUTHORIZED", "escrow_decision", "RELEASE")));
        assertEquals("escrow-already-decided", decided.type());
        assertTrue(decided.getMessage().contains("released"), decided.getMessage());
        Refusal released = assertThrows(Refusal.class, () -> EscrowRules.requireRevertible(escrow("RELEASED")));
        assertTrue(released.getMessage().contains("use a refund"), released.getMessage());
    }

    @Test
    void a_payment_captured_at_once_is_neither_released_nor_reverted() {
        for (String status : new String[] {"AUTHORIZED", "SUCCEEDED", "PENDING"}) {
            assertEquals("payment-not-escrow", assertThrows(Refusal.class,
                    () -> EscrowRules.requireReleasable(escrow(status, "capture_method", "automatic"))).type(), status);
            assertEquals("payment-not-escrow", assertThrows(Refusal.class,
                    () -> EscrowRules.requireRevertible(escrow(status, "capture_method", "automatic"))).type(), status);
        }
    }

    @Test
    void a_hold_not_captured_is_canceled_and_a_captured_one_refunded() {
        assertTrue(EscrowRules.cancelable(escrow("AUTHORIZED")));
        assertTrue(EscrowRules.cancelable(escrow("REQUIRES_ACTION")));
        assertFalse(EscrowRules.cancelable(escrow("SUCCEEDED")));
        assertTrue(EscrowRules.reverted(escrow("CANCELED")));
        assertTrue(EscrowRules.reverted(escrow("REFUNDED")));
        assertFalse(EscrowRules.reverted(escrow("RELEASED")));
    }

    @Test
    void another_operation_in_flight_is_409_but_the_same_operation_may_take_its_own_attempt_over() {
        UUID owner = UUID.randomUUID();
        Timestamp leased = Timestamp.from(Instant.now().plusSeconds(60));
        PaymentRow releasing = escrow("AUTHORIZED", "operation", "RELEASE", "operation_owner", owner, "operation_until", leased);
        assertDoesNotThrow(() -> PaymentStore.requireNoOtherOperation(releasing, Operation.RELEASE, owner), "a retry of the same release");
        Refusal other = assertThrows(Refusal.class,
                () -> PaymentStore.requireNoOtherOperation(releasing, Operation.RELEASE, UUID.randomUUID()));
        assertEquals("operation-in-progress", other.type());
        assertEquals("RELEASE", other.extensions().get("operation"));
        assertThrows(Refusal.class, () -> PaymentStore.requireNoOtherOperation(releasing, Operation.REVERT, owner));

        Timestamp over = Timestamp.from(Instant.now().minusSeconds(1));
        PaymentRow stalled = escrow("SUCCEEDED", "operation", "RELEASE", "operation_owner", owner, "operation_until", over);
        assertDoesNotThrow(() -> PaymentStore.requireNoOtherOperation(stalled, Operation.RELEASE, UUID.randomUUID()),
                "a release whose attempt ended may be taken up by another release");
        assertThrows(Refusal.class, () -> PaymentStore.requireNoOtherOperation(stalled, Operation.REVERT, UUID.randomUUID()),
                "never by a revert");

        PaymentRow holdInDoubt = escrow("PENDING", "payment_intent_id", null, "operation", "AUTHORIZE",
                "operation_owner", owner, "operation_until", over);
        assertThrows(Refusal.class, () -> PaymentStore.requireNoOtherOperation(holdInDoubt, Operation.AUTHORIZE, UUID.randomUUID()),
                "a hold whose creation Stripe never answered waits for the sweeper");
    }
}
