package dev.payroute.bookings;

import dev.payroute.RouteVariables;
import dev.payroute.billing.BillingRecords;
import dev.payroute.refunds.RefundCommand;
import dev.payroute.domain.PaymentStatus;
import dev.payroute.payments.PaymentChange;
import dev.payroute.payments.PaymentRow;
import dev.payroute.payments.PaymentStore;
import dev.payroute.sql.Database;
import dev.payroute.stripe.IntentSnapshot;
import dev.payroute.stripe.PaymentGateway;
import dev.payroute.stripe.StripeIdempotencyKeys;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.apache.camel.Variable;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * booking.cancelled with auto-refund on (routes/messaging/booking-events.camel.yaml): every payment of the
 * booking not yet captured is canceled at Stripe and becomes CANCELED through the state machine; every
 * captured one is refunded what is left of it through the refund route ({@link #refundsOwed}).
 */
public final class BookingCancellations {

    /** Not captured: Stripe can still cancel the intent (as an escrow revert does). */
    static final Set<PaymentStatus> CANCELABLE = EnumSet.of(PaymentStatus.PENDING, PaymentStatus.REQUIRES_ACTION,
            PaymentStatus.PROCESSING, PaymentStatus.AUTHORIZED, PaymentStatus.FAILED);
    /** Captured, with money left to give back. */
    static final Set<PaymentStatus> CAPTURED = EnumSet.of(PaymentStatus.SUCCEEDED, PaymentStatus.PARTIALLY_REFUNDED);

    private final PaymentGateway gateway;
    private final PaymentStore store;
    private final Database db;
    private final int leaseSeconds;

    public BookingCancellations(PaymentGateway gateway, PaymentStore store, Database db, int leaseSeconds) {
        this.gateway = gateway;
        this.store = store;
        this.db = db;
        this.leaseSeconds = leaseSeconds;
    }

    /** The booking's payments that a cancellation cancels at Stripe. */
    public List<PaymentRow> cancelable(@Variable(BookingEventIngress.EVENT) BookingEvent event) {
        return paymentsOf(event.bookingId()).stream().filter(p -> CANCELABLE.contains(p.status()) && p.paymentIntentId() != null).toList();
    }

    /**
     * Takes the payment for its cancellation under its row lock, re-deciding there: a payment that moved on
     * meanwhile (captured, canceled) is left alone (null), one with another money operation in flight is
     * refused (OperationInProgress, tried again later). The cancellation is an operation of its own on the
     * payment (CANCEL: not an escrow operation, so the escrow sweeper leaves it to the redelivery), owned by
     * an id derived from the payment's, so a redelivery takes it over.
     */
    public PaymentRow takeForCancel(@Body PaymentRow payment, @Header(RouteVariables.CORRELATION_ID) String correlationId) {
        UUID owner = UUID.nameUUIDFromBytes(("booking-cancel:" + payment.id()).getBytes(StandardCharsets.UTF_8));
        return db.inTransaction(() -> {
            PaymentRow row = store.lock(payment.id()).orElseThrow();
            if (!CANCELABLE.contains(row.status())) {
                return null;
            }
            PaymentStore.requireNoOtherOperation(row, PaymentStore.Operation.CANCEL, owner);
            store.claimOperation(row.id(), PaymentStore.Operation.CANCEL, owner, correlationId, leaseSeconds);
            return row;
        });
    }

    /** The Stripe call: cancel the intent (idempotency key from the payment id, the one an escrow revert would use too). */
    public IntentSnapshot cancelAtStripe(@Body PaymentRow payment) {
        return store.attempt(payment.id(), PaymentStore.Operation.CANCEL,
                () -> gateway.cancel(payment.paymentIntentId(), StripeIdempotencyKeys.of("payment-cancel", payment.id())));
    }

    /** Records what Stripe said (CANCELED) through the state machine, with its payment.canceled event, and ends the operation. */
    public void recordCanceled(@Body PaymentRow payment, @Variable("intent") IntentSnapshot intent,
                               @Header(RouteVariables.CORRELATION_ID) String correlationId) {
        db.inTransaction(() -> {
            store.apply(payment.id(), PaymentChange.fromIntent(intent, "booking-cancelled"),
                    PaymentStore.Cause.request(correlationId, BillingRecords.RABBITMQ));
            store.finishOperation(payment.id(), PaymentStore.Operation.CANCEL);
            return null;
        });
    }

    /**
     * Every captured payment of the booking is refunded what is left of it, through the refund route
     * (routes/refunds: reserved under the payment's lock, never more than was captured). The refund's id
     * is derived from the event and the payment, so a redelivered cancellation gets the same refund back
     * rather than a second one; a second cancellation event finds nothing left (the route refuses it as an
     * over-refund, which the booking route takes as done).
     */
    public List<RefundCommand> refundsOwed(@Variable(BookingEventIngress.EVENT) BookingEvent event,
                                           @Header(RouteVariables.CORRELATION_ID) String correlationId) {
        Map<String, String> metadata = new HashMap<>();
        metadata.put("booking_id", event.bookingId());
        metadata.put("booking_event_id", event.eventId());
        return paymentsOf(event.bookingId()).stream()
                .filter(p -> CAPTURED.contains(p.status()) && p.amountReceived() > p.amountRefunded())
                .map(p -> new RefundCommand(
                        UUID.nameUUIDFromBytes(("booking-cancel-refund:" + event.eventId() + ":" + p.id()).getBytes(StandardCharsets.UTF_8)),
                        p.id(), null, "requested_by_customer", metadata, correlationId, BillingRecords.RABBITMQ, "rabbitmq"))
                .toList();
    }

    private List<PaymentRow> paymentsOf(String bookingId) {
        return db.query("bookings/payments-of-booking", Map.of("bookingId", bookingId)).stream().map(PaymentRow::of).toList();
    }
}
