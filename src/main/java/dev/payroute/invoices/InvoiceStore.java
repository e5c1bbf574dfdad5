package dev.payroute.invoices;

import dev.payroute.billing.BillingRecord;
import dev.payroute.billing.BillingRecords;
import dev.payroute.domain.InvoiceRequests;
import dev.payroute.domain.InvoiceStatus;
import dev.payroute.domain.InvoiceTotals;
import dev.payroute.domain.InvoiceTransitions;
import dev.payroute.domain.InvoiceNumbers;
import dev.payroute.domain.InvoicePayments;
import dev.payroute.domain.Refusal;
import dev.payroute.json.Json;
import dev.payroute.payments.PaymentRow;
import dev.payroute.payments.PaymentStore;
import dev.payroute.sql.Database;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Invoice rows and their changes, each in one transaction with the billing records it causes. An invoice
 * linked to a payment is marked paid in the transaction that applies the payment's capture
 * ({@link #captured}); a create for a payment takes the payment's row lock first, so it either sees the
 * capture or is seen by it.
 */
public final class InvoiceStore implements PaymentStore.CaptureFollower {

    private final Database db;
    private final BillingRecords billing;
    private final Clock clock;

    public InvoiceStore(Database db, BillingRecords billing, Clock clock) {
        this.db = db;
        this.billing = billing;
        this.clock = clock;
    }

    /**
     * Creates a draft numbered INV-&lt;year&gt;-&lt;next&gt; (the year's counter row is taken in this transaction, so
     * a rollback leaves no gap). An invoice for a payment whose money is held now is issued and paid at once;
     * one for a payment that can never pay it is refused before a number is taken ({@link InvoicePayments}).
     * A retry of the same operation (same id) finds the invoice already there.
     */
    public InvoiceRow create(UUID id, InvoiceRequests.Create request, String actor, String correlationId) {
        return db.inTransaction(() -> {
            Optional<InvoiceRow> existing = find(id);
            if (existing.isPresent()) {
                return existing.get();
            }
            PaymentRow payment = request.paymentId() == null ? null : lockPayment(request.paymentId(), request.currency());
            boolean paidAtOnce = payment != null
                    && InvoicePayments.onCreate(payment.id(), payment.status()) == InvoicePayments.OnCreate.PAID_AT_ONCE;
            InvoiceTotals.Totals totals = InvoiceTotals.compute(request.lines());
            int year = LocalDate.now(clock.withZone(ZoneOffset.UTC)).getYear();
            long sequence = ((Number) db.queryOne("invoices/next-number", Map.of("year", year)).orElseThrow()
                    .get("last_number")).longValue();
            Map<String, Object> params = new HashMap<>();
            params.put("id", id);
            params.put("number", InvoiceNumbers.format(year, sequence));
            params.put("year", year);
            params.put("sequence", sequence);
            params.put("bookingId", request.bookingId());
            params.put("customerId", request.customerId());
            params.put("paymentId", request.paymentId() == null ? null : request.paymentId().toString());
            params.put("currency", request.currency());
            params.put("lines", Json.write(InvoiceRow.lineViews(totals.lines())));
            params.put("subtotal", totals.subtotal());
            params.put("tax", totals.tax());
            params.put("total", totals.total());
            params.put("dueDate", request.dueDate() == null ? null : request.dueDate().toString());
            db.update("invoices/insert", params);
            InvoiceRow created = lock(id).orElseThrow();
            if (paidAtOnce) {
                markPaid(created, actor, correlationId);
            }
            return lock(id).orElseThrow();
        });
    }

    public Optional<InvoiceRow> find(UUID id) {
        return db.queryOne("invoices/select-by-id", Map.of("id", id.toString())).map(InvoiceRow::of);
    }

    public Optional<InvoiceRow> findByNumber(String number) {
        return db.queryOne("invoices/select-by-number", Map.of("number", number)).map(InvoiceRow::of);
    }

    /**
     * Applies a change under the invoice's row lock: content (lines, customer, due date) only while it is a
     * draft, a status only as {@link InvoiceTransitions} allows. Issuing (draft → open) and paying
     * (open → paid) write their billing records.
     */
    public InvoiceRow change(UUID id, InvoiceRequests.Change change, String actor, String correlationId) {
        return db.inTransaction(() -> {
            InvoiceRow row = lock(id).orElseThrow(() -> Refusal.notFound("no invoice with id " + id));
            InvoiceStatus to = change.status() != null ? change.status() : row.status();
            InvoiceTransitions.require(row.status(), to);
            if (change.lines() != null) {
                InvoiceTransitions.requireEditable(row.status(), "lines");
            }
            if (change.customerId() != null) {
                InvoiceTransitions.requireEditable(row.status(), "customer_id");
            }
            if (change.dueDateGiven()) {
                InvoiceTransitions.requireEditable(row.status(), "due_date");
            }
            InvoiceTotals.Totals totals = change.lines() != null ? InvoiceTotals.compute(change.lines()) : totalsOf(row);
            String customerId = change.customerId() != null ? change.customerId() : row.customerId();
            LocalDate dueDate = change.dueDateGiven() ? change.dueDate() : row.dueDate();
            if (to == row.status() && customerId.equals(row.customerId()) && Objects.equals(dueDate, row.dueDate())
                    && totals.lines().equals(row.lines())) {
                // A change that changes nothing leaves the row, updated_at included, as it was.
                return row;
            }
            update(id, to, customerId, totals, dueDate);
            InvoiceRow updated = lock(id).orElseThrow();
            if (row.status() == InvoiceStatus.DRAFT && to == InvoiceStatus.OPEN) {
                record(BillingRecord.Kind.INVOICE_ISSUED, updated, actor, correlationId);
            }
            if (row.status() != InvoiceStatus.PAID && to == InvoiceStatus.PAID) {
                record(BillingRecord.Kind.INVOICE_PAID, updated, actor, correlationId);
            }
            return updated;
        });
    }

    /** The payment was captured (inside the transaction that applied it): its drafts and open invoices are paid. */
    @Override
    public void captured(PaymentRow payment, PaymentStore.Cause cause) {
        String correlationId = cause.correlationId() != null ? cause.correlationId() : payment.correlationId();
        for (Map<String, Object> columns : db.query("invoices/unpaid-of-payment-for-update",
                Map.of("paymentId", payment.id().toString()))) {
            markPaid(InvoiceRow.of(columns), cause.actor(), correlationId);
        }
    }

    /** A draft is issued first (invoice_issued), then paid (invoice_paid); an open invoice is paid. */
    private void markPaid(InvoiceRow invoice, String actor, String correlationId) {
        InvoiceRow current = invoice;
        if (current.status() == InvoiceStatus.DRAFT) {
            current = setStatus(current, InvoiceStatus.OPEN);
            record(BillingRecord.Kind.INVOICE_ISSUED, current, actor, correlationId);
        }
        if (current.status() == InvoiceStatus.OPEN) {
            current = setStatus(current, InvoiceStatus.PAID);
            record(BillingRecord.Kind.INVOICE_PAID, current, actor, correlationId);
        }
    }

    private InvoiceRow setStatus(InvoiceRow invoice, InvoiceStatus to) {
        InvoiceTransitions.require(invoice.status(), to);
        update(invoice.id(), to, invoice.customerId(), totalsOf(invoice), invoice.dueDate());
        return lock(invoice.id()).orElseThrow();
    }

    private static InvoiceTotals.Totals totalsOf(InvoiceRow invoice) {
        return new InvoiceTotals.Totals(invoice.lines(), invoice.subtotal(), invoice.tax(), invoice.total());
    }

    private void update(UUID id, InvoiceStatus status, String customerId, InvoiceTotals.Totals totals, LocalDate dueDate) {
        Map<String, Object> params = new HashMap<>();
        params.put("id", id.toString());
        params.put("status", status.wire());
        params.put("customerId", customerId);
        params.put("lines", Json.write(InvoiceRow.lineViews(totals.lines())));
        params.put("subtotal", totals.subtotal());
        params.put("tax", totals.tax());
        params.put("total", totals.total());
        params.put("dueDate", dueDate == null ? null : dueDate.toString());
        db.update("invoices/update", params);
    }

    private void record(BillingRecord.Kind kind, InvoiceRow invoice, String actor, String correlationId) {
        billing.append(new BillingRecord(kind, invoice.paymentId(), invoice.id(), null, invoice.bookingId(),
                invoice.customerId(), null, invoice.total(), invoice.currency(), actor, correlationId));
    }

    private Optional<InvoiceRow> lock(UUID id) {
        return db.queryOne("invoices/select-by-id-for-update", Map.of("id", id.toString())).map(InvoiceRow::of);
    }

    /**
     * Read while the request is parsed, before its Idempotency-Key is claimed, so that these caller mistakes are
     * not kept for the key: the linked payment must exist and be in the invoice's currency. Payments are never
     * deleted and keep their currency, so the create's locked read ({@link #lockPayment}) finds the same.
     */
    public void requirePayment(UUID paymentId, String currency) {
        linkable(db.queryOne("payments/select-by-id", Map.of("id", paymentId.toString())), paymentId, currency);
    }

    /** The linked payment, locked for this transaction; it must exist and be in the invoice's currency. */
    private PaymentRow lockPayment(UUID paymentId, String currency) {
        return linkable(db.queryOne("payments/select-by-id-for-update", Map.of("id", paymentId.toString())), paymentId,
                currency);
    }

    private static PaymentRow linkable(Optional<Map<String, Object>> columns, UUID paymentId, String currency) {
        PaymentRow payment = columns.map(PaymentRow::of)
                .orElseThrow(() -> new Refusal(Refusal.Kind.UNPROCESSABLE, "unknown-payment",
                        "no payment with id " + paymentId, "payment_id"));
        if (!payment.currency().equals(currency)) {
            throw Refusal.unprocessable("currency", "currency must be the payment's currency, " + payment.currency());
        }
        return payment;
    }
}
