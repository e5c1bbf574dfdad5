package dev.payroute.refunds;

import dev.payroute.domain.PaymentStatus;
import dev.payroute.domain.References;
import dev.payroute.domain.RefundRules;
import dev.payroute.domain.RefundStatus;
import dev.payroute.domain.Refusal;
import dev.payroute.json.Json;
import dev.payroute.billing.BillingRecord;
import dev.payroute.billing.BillingRecords;
import dev.payroute.outbox.OutboxWriter;
import dev.payroute.payments.PaymentChange;
import dev.payroute.payments.PaymentRow;
import dev.payroute.payments.PaymentStore;
import dev.payroute.sql.Database;
import dev.payroute.stripe.PaymentGateway.RefundSnapshot;
import org.springframework.dao.DataIntegrityViolationException;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Refund rows and their changes. The money rule lives here: a refund is reserved (a PENDING row) under
 * the payment's row lock only if what the payment captured covers it together with every other PENDING
 * or SUCCEEDED refund, before Stripe is called; the database's guard trigger (V6) refuses anything that
 * slips past. Every change of a refund, its event and the payment's resulting status are written in one
 * transaction, the payment locked first, and a final refund never changes again.
 */
public final class RefundStore {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RefundStore.class);

    /** Sums of a payment's refunds: reserved or paid out (active), and paid out (succeeded). */
    public record Totals(long active, long succeeded, long count) {
    }

    /** What a report did to our refund row. */
    public enum Outcome { CREATED, APPLIED, UNCHANGED }

    public record Applied(Outcome outcome, RefundRow refund) {
    }

    private final Database db;
    private final PaymentStore payments;
    private final OutboxWriter outbox;
    private final BillingRecords billing;
    private final int leaseSeconds;
    private final int retryBaseSeconds;
    private final int retryMaxSeconds;

    public RefundStore(Database db, PaymentStore payments, OutboxWriter outbox, BillingRecords billing, int leaseSeconds, int retryBaseSeconds,
                       int retryMaxSeconds) {
        this.db = db;
        this.payments = payments;
        this.outbox = outbox;
        this.billing = billing;
        this.leaseSeconds = leaseSeconds;
        this.retryBaseSeconds = retryBaseSeconds;
        this.retryMaxSeconds = retryMaxSeconds;
    }

    public Optional<RefundRow> find(UUID id) {
        return db.queryOne("refunds/select-by-id", Map.of("id", id.toString())).map(RefundRow::of);
    }

    public Optional<RefundRow> findByStripeId(String stripeRefundId) {
        return db.queryOne("refunds/select-by-stripe-id", Map.of("stripeRefundId", stripeRefundId)).map(RefundRow::of);
    }

    public Optional<RefundRow> findByReference(String reference) {
        return db.queryOne("refunds/select-by-reference", Map.of("reference", reference)).map(RefundRow::of);
    }

    public Totals totals(UUID paymentId) {
        Map<String, Object> row = db.queryOne("refunds/active-total", Map.of("paymentId", paymentId.toString())).orElseThrow();
        return new Totals(((Number) row.get("active")).longValue(), ((Number) row.get("succeeded")).longValue(),
                ((Number) row.get("refunds")).longValue());
    }

    /** Reserves the refund under the payment's row lock (see {@link #reserveLocked}). */
    public RefundRow reserve(RefundCommand command) {
        try {
            return db.inTransaction(() -> {
                PaymentRow payment = payments.lock(command.paymentId())
                        .orElseThrow(() -> Refusal.notFound("no payment with id " + command.paymentId()));
                return reserveLocked(payment, command);
            });
        } catch (DataIntegrityViolationException e) {
            throw guardRefusal(command.paymentId(), e);
        }
    }

    /**
     * Inside a transaction that holds the payment's row lock: a PENDING refund of the asked amount (or of all
     * that is left), with its refund.initiated event, or a refusal that changes nothing (409 when the payment
     * is not refundable or the amount is more than is left). The same refund id again answers the row that
     * id already has, as it is.
     */
    public RefundRow reserveLocked(PaymentRow payment, RefundCommand command) {
        UUID id = command.refundId() != null ? command.refundId() : UUID.randomUUID();
        Optional<RefundRow> existing = find(id);
        if (existing.isPresent()) {
            if (!payment.id().equals(existing.get().paymentId())) {
                throw Refusal.conflict("refund-id-in-use", "refund " + id + " belongs to another payment");
            }
            return existing.get();
        }
        RefundRules.requireRefundable(payment.id().toString(), payment.status());
        if (!"escrow".equals(command.source())) {
            requireNoEscrowOperation(payment);
        }
        Totals totals = totals(payment.id());
        long amount = RefundRules.amountToReserve(payment.id().toString(), command.amount(), payment.amountReceived(),
                totals.active());
        Map<String, Object> params = new HashMap<>();
        params.put("id", id);
        params.put("reference", References.newRefundReference());
        params.put("paymentId", payment.id().toString());
        params.put("amount", amount);
        params.put("currency", payment.currency());
        params.put("reason", command.reason());
        params.put("metadata", Json.write(command.metadata()));
        params.put("correlationId", command.correlationId());
        params.put("requestedBy", command.requestedBy());
        params.put("source", command.source());
        params.put("leaseSeconds", leaseSeconds);
        db.update("refunds/insert-reserved", params);
        RefundRow row = find(id).orElseThrow();
        writeEvent("refund.initiated", row, payment, totals.succeeded(), null);
        return row;
    }

    /**
     * An escrow payment that a release or revert is moving right now, or whose release is decided but not
     * finished (the payee's transfer is still to come), is not refunded meanwhile (409): the escrow operation
     * decides first, and a refund may follow once it is done.
     */
    private static void requireNoEscrowOperation(PaymentRow payment) {
        boolean inFlight = payment.operation() != null && payment.operationUntil() != null
                && payment.operationUntil().isAfter(java.time.Instant.now());
        boolean releasing = payment.decided("RELEASE") && payment.status() == PaymentStatus.SUCCEEDED;
        if (inFlight || releasing) {
            throw new dev.payroute.payments.OperationInProgress("payment " + payment.id() + " has "
                    + (releasing ? "a release" : "a " + payment.operation().toLowerCase(java.util.Locale.ROOT))
                    + " in progress; refund it when that has finished")
                    .with("payment_id", payment.id().toString())
                    .with("payment_status", payment.status().name());
        }
    }

    private static RuntimeException guardRefusal(UUID paymentId, DataIntegrityViolationException e) {
        if (String.valueOf(e.getMessage()).contains("refunds_within_captured")) {
            return new Refusal(Refusal.Kind.CONFLICT, "over-refund", "the refunds of payment " + paymentId
                    + " would exceed what it captured", "amount").with("payment_id", paymentId.toString());
        }
        return e;
    }

    /** Our own refund's answer from Stripe (a create, or a re-read): applied like any other report. */
    public RefundRow recordAnswer(RefundRow refund, RefundSnapshot answer) {
        return db.inTransaction(() -> {
            payments.lock(refund.paymentId()).orElseThrow();
            RefundRow locked = lockRow(refund.id());
            return transition(locked, RefundStatus.fromStripe(answer.status()), answer.id(), answer.failureReason(), null, null);
        });
    }

    /** Stripe refused the refund for good: FAILED, which frees its reservation, with refund.failed. */
    public RefundRow recordRefused(RefundRow refund, String code, String message) {
        return db.inTransaction(() -> {
            payments.lock(refund.paymentId()).orElseThrow();
            RefundRow locked = lockRow(refund.id());
            return transition(locked, RefundStatus.FAILED, null, code == null ? "provider_rejected" : code,
                    truncate(message), null);
        });
    }

    /** A transient failure: the refund stays PENDING and the sweeper sends it again after a growing pause. */
    public RefundRow recordTransientFailure(RefundRow refund, String error) {
        Map<String, Object> params = new HashMap<>();
        params.put("id", refund.id().toString());
        params.put("error", truncate(error));
        params.put("baseSeconds", retryBaseSeconds);
        params.put("maxSeconds", retryMaxSeconds);
        db.update("refunds/record-attempt-failure", params);
        return find(refund.id()).orElseThrow();
    }

    /** Counts a send that reached Stripe. */
    public void recordAttempt(RefundRow refund) {
        db.update("refunds/record-attempt", Map.of("id", refund.id().toString()));
    }

    /**
     * A refund as Stripe reports it (a webhook, a verify, reconciliation): found by its Stripe id, or by our
     * id in its metadata (our create's answer may not be recorded yet), or recorded as a refund created
     * outside payroute (the dashboard) of the payment given, when there is one.
     */
    public Applied applyReport(RefundSnapshot report, UUID paymentId, String stripeEventId) {
        return db.inTransaction(() -> {
            Optional<RefundRow> known = findByStripeId(report.id()).or(() -> ours(report));
            UUID payment = known.map(RefundRow::paymentId).orElse(paymentId);
            if (payment != null) {
                payments.lock(payment);
            }
            RefundStatus status = RefundStatus.fromStripe(report.status());
            if (known.isPresent()) {
                RefundRow locked = lockRow(known.get().id());
                RefundRow after = transition(locked, status, report.id(), report.failureReason(), null, stripeEventId);
                return new Applied(after.equals(locked) ? Outcome.UNCHANGED : Outcome.APPLIED, after);
            }
            Map<String, Object> params = new HashMap<>();
            UUID id = UUID.nameUUIDFromBytes(("stripe-refund:" + report.id()).getBytes(StandardCharsets.UTF_8));
            params.put("id", id);
            params.put("reference", References.newRefundReference());
            params.put("stripeRefundId", report.id());
            params.put("paymentId", payment == null ? null : payment.toString());
            params.put("amount", report.amount());
            params.put("currency", report.currency());
            params.put("status", RefundStatus.PENDING.name());
            params.put("reason", null);
            params.put("failureReason", null);
            params.put("metadata", Json.write(report.metadata() == null ? Map.of() : report.metadata()));
            db.update("refunds/insert-from-stripe", params);
            RefundRow row = lockRow(findByStripeId(report.id()).orElseThrow().id());
            if (payment != null) {
                writeEvent("refund.initiated", row, payments.find(payment).orElseThrow(), totals(payment).succeeded(), stripeEventId);
            }
            return new Applied(Outcome.CREATED, transition(row, status, report.id(), report.failureReason(), null, stripeEventId));
        });
    }

    private Optional<RefundRow> ours(RefundSnapshot report) {
        String id = report.metadata() == null ? null : report.metadata().get("payroute_refund_id");
        if (id == null) {
            return Optional.empty();
        }
        try {
            return find(UUID.fromString(id));
        } catch (IllegalArgumentException notOurs) {
            return Optional.empty();
        }
    }

    /** Who moved the money back: Stripe when its webhook reported it, otherwise whoever asked for the refund (if known). */
    private static String actorOf(RefundRow refund, String stripeEventId) {
        if (stripeEventId != null) {
            return BillingRecords.STRIPE;
        }
        return refund == null || refund.requestedBy() == null || refund.requestedBy().isBlank()
                ? BillingRecords.SYSTEM : refund.requestedBy();
    }

    private RefundRow lockRow(UUID id) {
        return db.queryOne("refunds/select-by-id-for-update", Map.of("id", id.toString())).map(RefundRow::of).orElseThrow();
    }

    /**
     * Under the payment's and the refund's locks: moves a PENDING refund to what Stripe says, once. A final
     * refund stays as it is (a late pending, or a second report, changes nothing); a PENDING report only
     * records the Stripe id. A refund that succeeds makes its payment PARTIALLY_REFUNDED or REFUNDED.
     */
    private RefundRow transition(RefundRow row, RefundStatus to, String stripeRefundId, String failureReason,
                                 String lastError, String stripeEventId) {
        boolean moves = row.status().movesTo(to);
        boolean newStripeId = stripeRefundId != null && row.stripeRefundId() == null;
        if (row.status() == RefundStatus.SUCCEEDED && to == RefundStatus.FAILED) {
            // Stripe can fail a refund after it succeeded (e.g. the card's account was closed). Our records keep
            // SUCCEEDED (money state never moves back on its own); an operator must settle it with the customer.
            LOG.warn("Stripe reports refund {} (payment {}) failed after it succeeded ({}): our records keep SUCCEEDED;"
                    + " settle it with the customer", row.id(), row.paymentId(), failureReason);
        }
        if (!moves && !newStripeId) {
            return row;
        }
        Map<String, Object> params = new HashMap<>();
        params.put("id", row.id().toString());
        params.put("stripeRefundId", stripeRefundId);
        params.put("status", (moves ? to : row.status()).name());
        params.put("failureReason", moves ? failureReason : null);
        params.put("lastError", lastError);
        db.update("refunds/record-stripe", params);
        RefundRow after = find(row.id()).orElseThrow();
        if (moves && row.paymentId() != null) {
            if (to == RefundStatus.SUCCEEDED) {
                syncPayment(row.paymentId(), after, stripeEventId);
            }
            PaymentRow payment = payments.find(row.paymentId()).orElseThrow();
            if (to == RefundStatus.SUCCEEDED) {
                billing.append(new BillingRecord(BillingRecord.Kind.PAYMENT_REFUNDED, payment.id(), null, after.id().toString(),
                        payment.bookingId(), payment.guestId(), payment.userId(), after.amount(), after.currency(),
                        actorOf(after, stripeEventId), after.correlationId()));
            }
            long succeeded = totals(row.paymentId()).succeeded();
            writeEvent(to == RefundStatus.SUCCEEDED ? "refund.completed" : "refund.failed", after, payment, succeeded, stripeEventId);
        }
        return after;
    }

    /**
     * The payment's status and amount_refunded from its SUCCEEDED refunds: PARTIALLY_REFUNDED, or REFUNDED once
     * they reach what was captured; through the state machine, with the payment's own event. A payment that
     * already shows as much refunded (a charge.refunded report) is left as it is.
     */
    public PaymentStore.Transition syncPayment(UUID paymentId, RefundRow cause, String stripeEventId) {
        PaymentRow payment = payments.lock(paymentId).orElseThrow();
        long succeeded = totals(paymentId).succeeded();
        boolean shownAlready = succeeded <= payment.amountRefunded()
                && (payment.status() == PaymentStatus.PARTIALLY_REFUNDED || payment.status() == PaymentStatus.REFUNDED);
        if (succeeded <= 0 || shownAlready) {
            return null;
        }
        PaymentStatus target = succeeded >= payment.amountReceived() ? PaymentStatus.REFUNDED : PaymentStatus.PARTIALLY_REFUNDED;
        String source = cause == null ? "refunds" : "refund:" + cause.source();
        String reason = (cause == null ? "refunds" : "refund " + cause.reference()) + " succeeded; " + succeeded + " refunded in all";
        String correlationId = cause == null ? null : cause.correlationId();
        return payments.apply(paymentId, PaymentChange.to(target, source, reason).withAmountRefunded(succeeded),
                new PaymentStore.Cause(correlationId, stripeEventId, actorOf(cause, stripeEventId)));
    }

    /**
     * A charge.refunded report: the refunds it lists are applied like refund webhooks; then, if payroute knows
     * any refund of the payment, the payment's refunded amount comes from them ({@link #syncPayment}) and the
     * outcome is answered. Empty when the payment has no refund rows: the caller falls back on Stripe's total.
     */
    public Optional<String> applyChargeRefunds(UUID paymentId, java.util.List<RefundSnapshot> listed, String stripeEventId) {
        return db.inTransaction(() -> {
            for (RefundSnapshot refund : listed) {
                applyReport(refund, paymentId, stripeEventId);
            }
            if (totals(paymentId).count() == 0) {
                return Optional.<String>empty();
            }
            PaymentStore.Transition t = syncPayment(paymentId, null, stripeEventId);
            return Optional.of(t == null ? "UNCHANGED" : t.outcome().recorded());
        });
    }

    /** A refund.* event, written once per refund and type, carrying the correlation id of the refund's request. */
    private void writeEvent(String type, RefundRow refund, PaymentRow payment, long amountRefunded, String stripeEventId) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("payment_id", payment.id().toString());
        fields.put("refund_id", refund.id().toString());
        fields.put("reference", refund.reference());
        fields.put("stripe_refund_id", refund.stripeRefundId());
        fields.put("booking_id", payment.bookingId());
        fields.put("order_id", payment.orderId());
        fields.put("user_id", payment.userId());
        fields.put("guest_id", payment.guestId());
        fields.put("payment_intent_id", payment.paymentIntentId());
        fields.put("status", refund.status().name());
        fields.put("amount", refund.amount());
        fields.put("currency", refund.currency());
        fields.put("amount_refunded", amountRefunded);
        fields.put("amount_captured", payment.amountReceived());
        fields.put("reason", refund.reason());
        if (refund.failureReason() != null) {
            fields.put("failure_reason", refund.failureReason());
        }
        fields.put("requested_by", refund.requestedBy());
        fields.put("source", refund.source());
        if (stripeEventId != null) {
            fields.put("stripe_event_id", stripeEventId);
        }
        String correlationId = refund.correlationId() != null ? refund.correlationId() : payment.correlationId();
        UUID eventId = UUID.nameUUIDFromBytes((type + ":" + refund.id()).getBytes(StandardCharsets.UTF_8));
        outbox.writeOnce(eventId, type, payment.id().toString(), correlationId, fields);
    }

    private static String truncate(String text) {
        if (text == null) {
            return null;
        }
        return text.length() > 500 ? text.substring(0, 500) : text;
    }
}
