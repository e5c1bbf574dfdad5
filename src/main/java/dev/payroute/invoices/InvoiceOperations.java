package dev.payroute.invoices;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payroute.RouteVariables;
import dev.payroute.domain.InvoiceRequests;
import dev.payroute.domain.Refusal;
import dev.payroute.payments.Paging;
import dev.payroute.payments.PaymentViews;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.apache.camel.Variable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** The steps of the invoice routes (routes/invoices, routes/api/invoices-api): parse, store, view. */
public final class InvoiceOperations {

    private final InvoiceStore store;

    public InvoiceOperations(InvoiceStore store) {
        this.store = store;
    }

    /** The request, and its payment_id checked before the Idempotency-Key is claimed (a refusal here is not kept). */
    public InvoiceRequests.Create parseCreate(@Variable(RouteVariables.JSON) JsonNode json) {
        InvoiceRequests.Create request = InvoiceRequests.create(json);
        if (request.paymentId() != null) {
            store.requirePayment(request.paymentId(), request.currency());
        }
        return request;
    }

    public InvoiceRequests.Change parseChange(@Variable(RouteVariables.JSON) JsonNode json) {
        return InvoiceRequests.change(json);
    }

    /** Creates the draft; the invoice id is the request's operation id, so a retried operation finds its invoice. */
    public Map<String, Object> create(@Variable(RouteVariables.REQUEST) InvoiceRequests.Create request,
                                      @Variable(RouteVariables.OPERATION_ID) UUID operationId,
                                      @Header(RouteVariables.CORRELATION_ID) String correlationId,
                                      @Variable(RouteVariables.PRINCIPAL) String actor) {
        UUID id = operationId != null ? operationId : UUID.randomUUID();
        return view(store.create(id, request, actor, correlationId));
    }

    public Map<String, Object> change(@Header("id") String id, @Variable(RouteVariables.REQUEST) InvoiceRequests.Change request,
                                      @Header(RouteVariables.CORRELATION_ID) String correlationId,
                                      @Variable(RouteVariables.PRINCIPAL) String actor) {
        return view(store.change(require(id).id(), request, actor, correlationId));
    }

    /** The invoice in header id, or 404. */
    public InvoiceRow require(@Header("id") String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw Refusal.notFound("no invoice with id " + id);
        }
        return store.find(uuid).orElseThrow(() -> Refusal.notFound("no invoice with id " + id));
    }

    public Map<String, Object> byNumber(@Header("number") String number) {
        return view(store.findByNumber(number).orElseThrow(() -> Refusal.notFound("no invoice numbered " + number)));
    }

    public Map<String, Object> view(@Variable("invoice") InvoiceRow invoice) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", invoice.id().toString());
        view.put("number", invoice.number());
        view.put("status", invoice.status().wire());
        view.put("booking_id", invoice.bookingId());
        view.put("customer_id", invoice.customerId());
        view.put("payment_id", invoice.paymentId() == null ? null : invoice.paymentId().toString());
        view.put("currency", invoice.currency());
        view.put("lines", InvoiceRow.lineViews(invoice.lines()));
        view.put("subtotal", invoice.subtotal());
        view.put("tax", invoice.tax());
        view.put("total", invoice.total());
        view.put("due_date", invoice.dueDate() == null ? null : invoice.dueDate().toString());
        view.put("issued_at", PaymentViews.timestamp(invoice.issuedAt()));
        view.put("paid_at", PaymentViews.timestamp(invoice.paidAt()));
        view.put("voided_at", PaymentViews.timestamp(invoice.voidedAt()));
        view.put("created_at", PaymentViews.timestamp(invoice.createdAt()));
        view.put("updated_at", PaymentViews.timestamp(invoice.updatedAt()));
        return view;
    }

    /** A canonical page of invoices from the rows of sql/invoices/list-by-booking.sql. */
    public Map<String, Object> toPage(@Body List<Map<String, Object>> rows, @Header("page") int page,
                                      @Header("page_size") int pageSize) {
        List<Map<String, Object>> items = new ArrayList<>();
        rows.forEach(row -> items.add(view(InvoiceRow.of(row))));
        return Paging.page(items, rows, page, pageSize);
    }

    /**
     * True when the caller's Accept header prefers text/html to JSON: text/html (or text/*) is acceptable and
     * ranked above application/json, or equal and listed first. No Accept, or only a wildcard, means JSON.
     */
    public boolean wantsHtml(@Header("Accept") String accept) {
        return prefersHtml(accept);
    }

    static boolean prefersHtml(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        double html = 0;
        double json = 0;
        int htmlAt = Integer.MAX_VALUE;
        int jsonAt = Integer.MAX_VALUE;
        String[] ranges = accept.split(",");
        for (int i = 0; i < ranges.length; i++) {
            String[] parts = ranges[i].split(";");
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            double q = quality(parts);
            if (type.equals("text/html") || (type.equals("text/*") && htmlAt == Integer.MAX_VALUE)) {
                html = q;
                htmlAt = i;
            } else if (type.equals("application/json") || (type.equals("application/*") && jsonAt == Integer.MAX_VALUE)) {
                json = q;
                jsonAt = i;
            }
        }
        return html > 0 && (html > json || (html == json && htmlAt < jsonAt));
    }

    private static double quality(String[] parts) {
        for (int p = 1; p < parts.length; p++) {
            String param = parts[p].trim();
            if (param.startsWith("q=")) {
                try {
                    return Double.parseDouble(param.substring(2));
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }
}
