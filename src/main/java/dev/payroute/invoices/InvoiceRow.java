package dev.payroute.invoices;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.payroute.domain.InvoiceStatus;
import dev.payroute.domain.InvoiceTotals;
import dev.payroute.json.Json;
import dev.payroute.sql.Database;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One row of table invoices (migration V8), as the code reads it. */
public record InvoiceRow(
        UUID id,
        String number,
        InvoiceStatus status,
        String bookingId,
        String customerId,
        UUID paymentId,
        String currency,
        List<InvoiceTotals.Line> lines,
        long subtotal,
        long tax,
        long total,
        LocalDate dueDate,
        Instant issuedAt,
        Instant paidAt,
        Instant voidedAt,
        Instant createdAt,
        Instant updatedAt) {

    private static final TypeReference<List<Map<String, Object>>> LINES = new TypeReference<>() { };

    /** The lines as the API shows them and the lines column stores them. */
    public static List<Map<String, Object>> lineViews(List<InvoiceTotals.Line> lines) {
        return lines.stream().map(line -> {
            Map<String, Object> view = new java.util.LinkedHashMap<>();
            view.put("description", line.description());
            view.put("quantity", line.quantity());
            view.put("unit_amount", line.unitAmount());
            view.put("tax_rate_bps", line.taxRateBps());
            view.put("amount", line.amount());
            view.put("tax", line.tax());
            return view;
        }).toList();
    }

    private static InvoiceTotals.Line line(Map<String, Object> stored) {
        return new InvoiceTotals.Line((String) stored.get("description"), ((Number) stored.get("quantity")).longValue(),
                ((Number) stored.get("unit_amount")).longValue(), ((Number) stored.get("tax_rate_bps")).intValue(),
                ((Number) stored.get("amount")).longValue(), ((Number) stored.get("tax")).longValue());
    }

    public static InvoiceRow of(Map<String, Object> columns) {
        Object dueDate = columns.get("due_date");
        return new InvoiceRow(
                (UUID) columns.get("id"),
                (String) columns.get("number"),
                InvoiceStatus.fromWire((String) columns.get("status")),
                (String) columns.get("booking_id"),
                (String) columns.get("customer_id"),
                (UUID) columns.get("payment_id"),
                (String) columns.get("currency"),
                Json.read(columns.get("lines").toString(), LINES).stream().map(InvoiceRow::line).toList(),
                ((Number) columns.get("subtotal")).longValue(),
                ((Number) columns.get("tax")).longValue(),
                ((Number) columns.get("total")).longValue(),
                dueDate == null ? null : dueDate instanceof java.sql.Date d ? d.toLocalDate() : LocalDate.parse(dueDate.toString()),
                instant(columns.get("issued_at")),
                instant(columns.get("paid_at")),
                instant(columns.get("voided_at")),
                instant(columns.get("created_at")),
                instant(columns.get("updated_at")));
    }

    private static Instant instant(Object value) {
        return value == null ? null : Database.instant(value);
    }
}
