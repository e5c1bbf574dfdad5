package dev.payroute.payments;

import dev.payroute.billing.BillingRecord;
import dev.payroute.billing.BillingRecords;
import dev.payroute.json.Json;
import dev.payroute.outbox.OutboxWriter;
import dev.payroute.domain.PaymentCreateRequest;
import dev.payroute.domain.PaymentEvents;
import dev.payroute.domain.PaymentStatus;
import dev.payroute.domain.PaymentTransitions;
import dev.payroute.stripe.IntentSnapshot;
import dev.payroute.sql.Database;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Payment rows and their status changes. A change, its audit row and its outbox event are
 * written in one transaction, with the payment row locked, so concurrent webhooks and API
 * calls are applied one at a time through {@link PaymentTransitions}.
 */
public final class PaymentStore {

    /** The MDC key of the payment a log line is about (logged as paymentId). */
    public static final String PAYMENT_ID_MDC = "paymentId";
    private static final Logger LOG = LoggerFactory.getLogger(PaymentStore.class);

    public record Transition(PaymentTransitions.Outcome outcome, PaymentStatus from, PaymentStatus to, PaymentRow payment) {
    }

    /**
     * Who caused a change: a request or command (its correlation id, and its actor: the API key's name, kafka,
     * rabbitmq, escrow-sweeper), or Stripe (an event id, or null for reconciliation; actor stripe). Events caused
     * by Stripe carry the correlation id of the operation that is stored on the payment, so a saga waiting for
     * its own id hears the outcome. The actor is what billing records name.
     */
    public record Cause(String correlationId, String stripeEventId, String actor) {
        public static Cause request(String correlationId, String actor) {
            return new Cause(correlationId, null, actor);
        }

        public static Cause stripeEvent(String stripeEventId) {
            return new Cause(null, stripeEventId, BillingRecords.STRIPE);
        }

        public static Cause reconciliation() {
            return new Cause(null, null, BillingRecords.STRIPE);
        }

        /** The actor, or payroute's own name when the cause named none. */
        @Override
        public String actor() {
            return actor == null || actor.isBlank() ? BillingRecords.SYSTEM : actor;
        }
    }

    /**
     * Follows a capture (a change applied to SUCCEEDED or RELEASED) and a refund (a change applied to
     * PARTIALLY_REFUNDED or REFUNDED) inside the transaction that applied it, with the payment's row locked:
     * invoices linked to the payment are marked paid, storefront orders created and marked refunded this way.
     * Followers are called only for a payment that sql/payments/update-status.sql finds followed (an invoice to pay,
     * a storefront cart): a new follower adds its own test there.
     */
    public interface CaptureFollower {
        void captured(PaymentRow payment, Cause cause);

        default void refunded(PaymentRow payment, Cause cause) {
        }

        /** All of these followers, in this order. */
        static CaptureFollower all(CaptureFollower... followers) {
            java.util.List<CaptureFollower> list = java.util.List.of(followers);
            return new CaptureFollower() {
                @Override
                public void captured(PaymentRow payment, Cause cause) {
                    list.forEach(f -> f.captured(payment, cause));
                }

                @Override
                public void refunded(PaymentRow payment, Cause cause) {
                    list.forEach(f -> f.refunded(payment, cause));
                }
            };
        }
    }

    /** The money operations a payment can have in flight (column operation); one at a time. */
    public enum Operation { AUTHORIZE, CONFIRM, RELEASE, REVERT, CANCEL }

    private final Database db;
    private final OutboxWriter outbox;
    private final BillingRecords billing;
    private final CaptureFollower captureFollower;

    public PaymentStore(Database db, OutboxWriter outbox, BillingRecords billing, CaptureFollower captureFollower) {
        this.db = db;
        this.outbox = outbox;
        this.billing = billing;
        this.captureFollower = captureFollower;
    }

    /** Inserts a payment for a freshly created intent; a retry of the same operation finds the row already there. */
    public PaymentRow insert(UUID id, String reference, PaymentCreateRequest request, String captureMethod,
                                      IntentSnapshot intent, Cause cause) {
        return db.inTransaction(() -> {
            PaymentStatus status = intent.paymentStatus();
            Map<String, Object> params = new HashMap<>();
            params.put("id", id);
            params.put("reference", reference);
            params.put("status", status.name());
            params.put("amount", request.amount());
            params.put("currency", request.currency());
            params.put("description", request.description());
            params.put("orderId", request.orderId());
            params.put("bookingId", request.bookingId());
            params.put("userId", request.userId());
            params.put("guestId", request.guestId());
            params.put("eventId", request.eventId());
            params.put("organizerId", request.organizerId());
            params.put("payeeId", request.payeeId());
            params.put("metadata", Json.write(request.metadata()));
            params.put("captureMethod", captureMethod);
            params.put("paymentIntentId", intent.id());
            params.put("livemode", intent.livemode());
            params.put("cardBrand", intent.cardBrand());
            params.put("cardLast4", intent.cardLast4());
            params.put("failureCode", status == PaymentStatus.FAILED ? intent.failureCode() : null);
            params.put("failureMessage", status == PaymentStatus.FAILED ? intent.failureMessage() : null);
            params.put("correlationId", cause.correlationId());
            boolean inserted = db.update("payments/insert", params) == 1;
            PaymentRow row = lock(id).orElseThrow();
            if (inserted) {
                writeEvent(row, status, cause);
                recordMovement(PaymentStatus.PENDING, row, status, cause);
            }
            return row;
        });
    }

    public Optional<PaymentRow> find(UUID id) {
        return db.queryOne("payments/select-by-id", Map.of("id", id.toString())).map(PaymentRow::of);
    }

    public Optional<PaymentRow> findByReference(String reference) {
        return db.queryOne("payments/select-by-reference", Map.of("reference", reference)).map(PaymentRow::of);
    }

    public Optional<PaymentRow> findByIntent(String paymentIntentId) {
        return db.queryOne("payments/select-by-intent", Map.of("paymentIntentId", paymentIntentId)).map(PaymentRow::of);
    }

    /** Any payment row statement of sql/ (one row or none). */
    public Optional<PaymentRow> findBy(String statement, Map<String, ?> params) {
        return db.queryOne(statement, params).map(PaymentRow::of);
    }

    /** Applies what Stripe says of the payment's intent, if the state table allows it. */
    public Transition applyIntent(UUID paymentId, IntentSnapshot intent, String source, Cause cause) {
        return apply(paymentId, PaymentChange.fromIntent(intent, source), cause);
    }

    /**
     * Applies an observed change if the state table allows it, and records the attempt either
     * way. A refused change alters nothing. Applied changes write their event to the outbox, the
     * billing record of the money movement and, for SUCCEEDED or FAILED, the payment's verification
     * record; a capture marks the payment's invoices paid; all in this transaction.
     */
    public Transition apply(UUID paymentId, PaymentChange change, Cause cause) {
        return db.inTransaction(() -> applyLocked(lock(paymentId).orElseThrow(), change, cause));
    }

    /**
     * {@link #apply} for a payment whose row the caller's transaction has just locked ({@link #lock}, or a lookup
     * with FOR UPDATE), as it read it. The row is updated with one statement that returns it as updated; the audit
     * row, the outbox event, the billing and verification records are written with the transaction's next
     * statement (Database.updateLater), so a refused or unchanged report costs no round trip of its own.
     */
    public Transition applyLocked(PaymentRow row, PaymentChange change, Cause cause) {
        UUID paymentId = row.id();
        PaymentStatus from = row.status();
        PaymentStatus to = change.target();
        PaymentTransitions.Outcome outcome = PaymentTransitions.decide(from, to);
        if (outcome == PaymentTransitions.Outcome.APPLY && from == to
                && (change.amountRefunded() == null || change.amountRefunded() <= row.amountRefunded())) {
            // A repeated or older partial-refund report: nothing new.
            outcome = PaymentTransitions.Outcome.UNCHANGED;
        }
        boolean newCard = change.cardLast4() != null && !change.cardLast4().equals(row.cardLast4());
        boolean write = outcome == PaymentTransitions.Outcome.APPLY
                || (outcome == PaymentTransitions.Outcome.UNCHANGED && newCard);
        // Refused and unchanged reports (most late webhooks) leave the row as read.
        PaymentRow updated = row;
        boolean followed = false;
        if (write) {
            Map<String, Object> params = new HashMap<>();
            params.put("id", paymentId.toString());
            params.put("status", to.name());
            params.put("amountReceived", change.amountReceived());
            params.put("amountRefunded", change.amountRefunded());
            params.put("cardBrand", change.cardBrand());
            params.put("cardLast4", change.cardLast4());
            params.put("failureCode", to == PaymentStatus.FAILED ? change.failureCode() : null);
            params.put("failureMessage", to == PaymentStatus.FAILED ? change.failureMessage() : null);
            params.put("paymentIntentId", change.paymentIntentId());
            Map<String, Object> columns = db.queryOne("payments/update-status", params).orElseThrow();
            updated = PaymentRow.of(columns);
            followed = Boolean.TRUE.equals(columns.get("followed"));
        }
        Map<String, Object> log = new HashMap<>();
        log.put("paymentId", paymentId.toString());
        log.put("fromStatus", from.name());
        log.put("toStatus", to.name());
        log.put("outcome", outcome.recorded());
        log.put("source", change.source());
        log.put("reason", change.reason());
        db.updateLater("payments/insert-transition", log);
        if (outcome == PaymentTransitions.Outcome.APPLY) {
            writeEvent(updated, to, cause);
            if (to == PaymentStatus.SUCCEEDED || to == PaymentStatus.FAILED) {
                writeVerification(updated, to, change.source());
            }
            recordMovement(from, updated, to, cause);
            // Only a payment with something to follow it (update-status.sql says which) costs the followers' statements.
            if (followed && (to == PaymentStatus.SUCCEEDED || to == PaymentStatus.RELEASED)) {
                captureFollower.captured(updated, cause);
            }
            if (followed && (to == PaymentStatus.PARTIALLY_REFUNDED || to == PaymentStatus.REFUNDED)) {
                captureFollower.refunded(updated, cause);
            }
        }
        Transition transition = new Transition(outcome, from, to, updated);
        if (outcome == PaymentTransitions.Outcome.APPLY && from != to) {
            logOnceCommitted(transition, change.source());
        }
        return transition;
    }

    /** The line of an applied status change, once its transaction has committed (a retried one logs once), with the payment id in the MDC. */
    private static void logOnceCommitted(Transition transition, String source) {
        Database.afterCommit(() -> {
            try (MDC.MDCCloseable ignored = MDC.putCloseable(PAYMENT_ID_MDC, transition.payment().id().toString())) {
                LOG.info("payment {} {} -> {} ({})", transition.payment().reference(), transition.from(), transition.to(), source);
            }
        });
    }

    /**
     * The billing record of an applied change that moved money: authorised, captured (what was received),
     * failed, canceled, transferred (what the payee received). Refunds are recorded by the refund code; a
     * won dispute (DISPUTED → SUCCEEDED) and other changes are not money movements of their own here.
     */
    private void recordMovement(PaymentStatus from, PaymentRow payment, PaymentStatus to, Cause cause) {
        BillingRecord.Kind kind;
        long amount = payment.amount();
        switch (to) {
            case AUTHORIZED -> kind = BillingRecord.Kind.PAYMENT_AUTHORIZED;
            case SUCCEEDED -> {
                if (from == PaymentStatus.DISPUTED) {
                    return;
                }
                kind = BillingRecord.Kind.PAYMENT_CAPTURED;
                amount = payment.amountReceived() > 0 ? payment.amountReceived() : payment.amount();
            }
            case FAILED -> kind = BillingRecord.Kind.PAYMENT_FAILED;
            case CANCELED -> kind = BillingRecord.Kind.PAYMENT_CANCELED;
            case RELEASED -> {
                kind = BillingRecord.Kind.PAYMENT_TRANSFERRED;
                amount = payment.payeeAmount() != null ? payment.payeeAmount() : payment.amount();
            }
            default -> {
                return;
            }
        }
        billing.append(new BillingRecord(kind, payment.id(), null, null, payment.bookingId(), payment.guestId(),
                payment.userId(), amount, payment.currency(), cause.actor(),
                cause.correlationId() != null ? cause.correlationId() : payment.correlationId()));
    }

    private void writeVerification(PaymentRow payment, PaymentStatus status, String source) {
        Map<String, Object> params = new HashMap<>();
        params.put("id", UUID.randomUUID());
        params.put("paymentId", payment.id().toString());
        params.put("paymentIntentId", payment.paymentIntentId());
        params.put("eventId", payment.eventId());
        params.put("organizerId", payment.organizerId());
        params.put("userId", payment.userId());
        params.put("amount", payment.amount());
        params.put("currency", payment.currency());
        params.put("status", status.name());
        params.put("source", source);
        db.updateLater("verifications/insert", params);
    }

    /** The payment's row, locked until the caller's transaction ends (call inside {@link Database#inTransaction}). */
    public Optional<PaymentRow> lock(UUID id) {
        return db.queryOne("payments/select-by-id-for-update", Map.of("id", id.toString())).map(PaymentRow::of);
    }

    /** The payment of a PaymentIntent, locked until the caller's transaction ends. */
    public Optional<PaymentRow> lockByIntent(String paymentIntentId) {
        return db.queryOne("payments/select-by-intent-for-update", Map.of("paymentIntentId", paymentIntentId)).map(PaymentRow::of);
    }

    /**
     * Under the row lock: refuses with 409 when another operation is in flight on the payment. The same
     * operation under the same owner (a retry of the request, a redelivered command, the sweeper) may take
     * its own attempt over; so may anyone once an operation's lease has passed, except an unfinished hold
     * creation, whose outcome at Stripe is unknown until the sweeper settles it.
     */
    public static void requireNoOtherOperation(PaymentRow row, Operation operation, UUID owner) {
        String current = row.operation();
        if (current == null) {
            return;
        }
        boolean sameOwner = current.equals(operation.name()) && owner != null && owner.equals(row.operationOwner());
        boolean expired = row.operationUntil().isBefore(Instant.now());
        boolean unsettledHold = current.equals(Operation.AUTHORIZE.name()) && row.paymentIntentId() == null;
        if (sameOwner || (expired && !unsettledHold && current.equals(operation.name()))) {
            return;
        }
        throw new OperationInProgress("payment " + row.id() + " has a "
                        + current.toLowerCase(java.util.Locale.ROOT) + " in progress; try again when it has finished")
                .with("payment_id", row.id().toString())
                .with("payment_status", row.status().name())
                .with("operation", current);
    }

    /** Records that the operation holds the payment (inside the transaction that checked it). */
    public void claimOperation(UUID id, Operation operation, UUID owner, String correlationId, int leaseSeconds) {
        Map<String, Object> params = new HashMap<>();
        params.put("id", id.toString());
        params.put("operation", operation.name());
        params.put("owner", owner);
        params.put("correlationId", correlationId);
        params.put("leaseSeconds", leaseSeconds);
        db.update("operations/claim", params);
    }

    /** Ends the operation in flight on the payment; the row as it is then (empty when it held no such operation). */
    public Optional<PaymentRow> finishOperation(UUID id, Operation operation) {
        return db.queryOne("operations/finish", Map.of("id", id.toString(), "operation", operation.name())).map(PaymentRow::of);
    }

    /**
     * Runs a Stripe call of an operation that holds the payment. When it fails, the attempt is over: its
     * lease ends at once (so a retry of the same operation, or the sweeper, may take it up) and the error
     * is kept for admins; the failure goes on to the caller's error policy.
     */
    public <T> T attempt(UUID id, Operation operation, java.util.function.Supplier<T> stripeCall) {
        try {
            return stripeCall.get();
        } catch (RuntimeException failure) {
            try {
                db.update("operations/end-attempt", Map.of("id", id.toString(), "operation", operation.name(),
                        "error", truncate(failure.getClass().getSimpleName() + ": " + failure.getMessage())));
            } catch (RuntimeException databaseDown) {
                failure.addSuppressed(databaseDown);
            }
            throw failure;
        }
    }

    private static String truncate(String error) {
        return error.length() > 500 ? error.substring(0, 500) : error;
    }

    /** An unfinished operation's failure, for admins; the sweeper tries it again after a growing pause. */
    public void recordOperationFailure(UUID id, Operation operation, String error, int baseSeconds) {
        Map<String, Object> params = new HashMap<>();
        params.put("id", id.toString());
        params.put("operation", operation.name());
        params.put("error", error == null ? "unknown" : truncate(error));
        params.put("baseSeconds", baseSeconds);
        db.update("operations/record-failure", params);
    }

    /** The event of a status change, through the one outbox writer, in the caller's transaction. */
    private void writeEvent(PaymentRow payment, PaymentStatus status, Cause cause) {
        String type = PaymentEvents.typeFor(status, payment.escrow(), payment.escrowDecision());
        String correlationId = cause.correlationId() != null ? cause.correlationId() : payment.correlationId();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("payment_id", payment.id().toString());
        fields.put("order_id", payment.orderId());
        fields.put("booking_id", payment.bookingId());
        fields.put("user_id", payment.userId());
        fields.put("reference", payment.reference());
        fields.put("payment_intent_id", payment.paymentIntentId());
        fields.put("status", status.name());
        fields.put("amount", payment.amount());
        fields.put("currency", payment.currency());
        if (payment.payeeId() != null) {
            fields.put("payee_id", payment.payeeId());
        }
        if (payment.transferId() != null) {
            fields.put("transfer_id", payment.transferId());
        }
        if (type.equals("payment.failed")) {
            // The CampusG consumers read error, message and stripe_code; reason is the machine-readable cause.
            boolean holdCanceled = status == PaymentStatus.CANCELED;
            fields.put("reason", holdCanceled ? "hold_canceled"
                    : payment.failureCode() != null ? payment.failureCode() : "payment_failed");
            fields.put("error", holdCanceled ? "payment_canceled" : "payment_failed");
            fields.put("message", holdCanceled ? "the hold was canceled by Stripe before it was released or reverted"
                    : payment.failureMessage() != null ? payment.failureMessage() : "the payment failed");
            fields.put("stripe_code", payment.failureCode());
        }
        if (cause.stripeEventId() != null) {
            fields.put("stripe_event_id", cause.stripeEventId());
        }
        outbox.write(type, payment.id().toString(), correlationId, fields);
    }
}
