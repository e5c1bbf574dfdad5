package dev.payroute.domain;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Validated invoice requests: a create (POST /api/v1/invoices) and a change (PATCH /api/v1/invoices/{id}). */
public final class InvoiceRequests {

    public static final int MAX_LINES = 100;
    public static final long MAX_QUANTITY = 1_000_000;
    private static final int MAX_DESCRIPTION = 500;

    public static final Set<String> CREATE_FIELDS = Set.of("booking_id", "customer_id", "currency", "lines", "due_date",
            "payment_id");
    public static final Set<String> CHANGE_FIELDS = Set.of("status", "lines", "customer_id", "due_date");
    /** A change's fields that null does not clear (only due_date's does): a null is refused, naming the field. */
    private static final List<String> NOT_NULLABLE = List.of("status", "lines", "customer_id");
    /** Fixed when the invoice is created: a change naming them is refused, naming the field. */
    private static final Set<String> FIXED_FIELDS = Set.of("booking_id", "currency", "payment_id", "number", "id");
    private static final Set<String> LINE_FIELDS = Set.of("description", "quantity", "unit_amount", "tax_rate_bps");

    public record Create(String bookingId, String customerId, String currency, List<InvoiceTotals.LineInput> lines,
                         LocalDate dueDate, UUID paymentId) {
    }

    /** A change: null means "not asked"; dueDateGiven tells an explicit null (clear the due date) from absence. */
    public record Change(InvoiceStatus status, List<InvoiceTotals.LineInput> lines, String customerId,
                         boolean dueDateGiven, LocalDate dueDate) {
        public boolean changesContent() {
            return lines != null || customerId != null || dueDateGiven;
        }
    }

    private InvoiceRequests() {
    }

    public static Create create(JsonNode body) {
        RequestFields f = RequestFields.of(body, CREATE_FIELDS);
        String bookingId = f.requiredString("booking_id");
        String customerId = f.requiredString("customer_id");
        String currency = f.requiredCurrency("currency");
        List<InvoiceTotals.LineInput> lines = lines(body.get("lines"), true);
        LocalDate dueDate = dueDate(body.get("due_date"));
        String paymentId = f.optionalString("payment_id");
        return new Create(bookingId, customerId, currency, lines, dueDate, paymentId == null ? null : uuid(paymentId));
    }

    public static Change change(JsonNode body) {
        if (body != null && body.isObject()) {
            Iterator<String> names = body.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (FIXED_FIELDS.contains(name)) {
                    throw Refusal.badRequest(name, name + " is set when the invoice is created and cannot be changed");
                }
            }
        }
        RequestFields f = RequestFields.of(body, CHANGE_FIELDS);
        if (!body.fieldNames().hasNext()) {
            throw Refusal.badRequest(null, "name what to change: status, lines, customer_id or due_date");
        }
        for (String name : NOT_NULLABLE) {
            if (body.has(name) && body.get(name).isNull()) {
                throw Refusal.unprocessable(name, name + " cannot be null; only due_date may be null (it clears the due date)");
            }
        }
        String statusWord = f.optionalString("status");
        InvoiceStatus status = null;
        if (statusWord != null) {
            status = InvoiceStatus.fromWire(statusWord);
            if (status == null) {
                throw Refusal.unprocessable("status", "status must be one of draft, open, paid, void, uncollectible");
            }
        }
        List<InvoiceTotals.LineInput> lines = body.has("lines") ? lines(body.get("lines"), true) : null;
        boolean dueDateGiven = body.has("due_date");
        return new Change(status, lines, f.optionalString("customer_id"), dueDateGiven, dueDate(body.get("due_date")));
    }

    private static List<InvoiceTotals.LineInput> lines(JsonNode node, boolean required) {
        if (node == null || node.isNull()) {
            if (required) {
                throw Refusal.badRequest("lines", "lines is required: at least one line");
            }
            return null;
        }
        if (!node.isArray() || node.isEmpty() || node.size() > MAX_LINES) {
            throw Refusal.unprocessable("lines", "lines must be an array of 1 to " + MAX_LINES + " lines");
        }
        List<InvoiceTotals.LineInput> lines = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            lines.add(line(node.get(i), "lines[" + i + "]"));
        }
        return lines;
    }

    private static InvoiceTotals.LineInput line(JsonNode node, String at) {
        if (!node.isObject()) {
            throw Refusal.unprocessable(at, at + " must be an object with description, quantity and unit_amount");
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!LINE_FIELDS.contains(name)) {
                throw Refusal.badRequest(at + "." + name, "unknown field: " + at + "." + name);
            }
        }
        String descriptionField = at + ".description";
        JsonNode description = node.get("description");
        if (description == null || description.isNull()) {
            throw Refusal.badRequest(descriptionField, descriptionField + " is required");
        }
        if (!description.isTextual() || description.textValue().isBlank()
                || description.textValue().length() > MAX_DESCRIPTION) {
            throw Refusal.unprocessable(descriptionField, descriptionField + " must be text of 1 to "
                    + MAX_DESCRIPTION + " characters");
        }
        CardNumbers.requireNone(descriptionField, description.textValue());
        long quantity = integer(node, at + ".quantity", "quantity", true, 1, MAX_QUANTITY);
        long unitAmount = integer(node, at + ".unit_amount", "unit_amount", true, 0, InvoiceTotals.MAX_TOTAL);
        long bps = integer(node, at + ".tax_rate_bps", "tax_rate_bps", false, 0, InvoiceTotals.MAX_BPS);
        return new InvoiceTotals.LineInput(description.textValue(), quantity, unitAmount, (int) bps);
    }

    private static long integer(JsonNode line, String field, String name, boolean required, long min, long max) {
        JsonNode node = line.get(name);
        if (node == null || node.isNull()) {
            if (required) {
                throw Refusal.badRequest(field, field + " is required");
            }
            return 0;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < min || node.longValue() > max) {
            throw Refusal.unprocessable(field, field + " must be an integer from " + min + " to " + max);
        }
        return node.longValue();
    }

    private static LocalDate dueDate(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            try {
                return LocalDate.parse(node.textValue());
            } catch (DateTimeParseException e) {
                // answered below
            }
        }
        throw Refusal.unprocessable("due_date", "due_date must be an ISO 8601 date such as 2026-12-31");
    }

    private static UUID uuid(String paymentId) {
        try {
            return UUID.fromString(paymentId);
        } catch (IllegalArgumentException e) {
            throw new Refusal(Refusal.Kind.UNPROCESSABLE, "unknown-payment", "no payment with id " + paymentId, "payment_id");
        }
    }
}
