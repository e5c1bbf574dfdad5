package dev.payroute.payments;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How a payment row is shown: in full to API callers, and reduced for polling by reference. */
public final class PaymentViews {

    private PaymentViews() {
    }

    public static Map<String, Object> full(PaymentRow row) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", row.id().toString());
        view.put("object", "payment");
        view.put("reference", row.reference());
        view.put("status", row.status().name());
        view.put("amount", row.amount());
        view.put("amount_received", row.amountReceived());
        view.put("amount_refunded", row.amountRefunded());
        view.put("currency", row.currency());
        view.put("description", row.description());
        view.put("order_id", row.orderId());
        view.put("booking_id", row.bookingId());
        view.put("user_id", row.userId());
        view.put("guest_id", row.guestId());
        view.put("event_id", row.eventId());
        view.put("organizer_id", row.organizerId());
        view.put("payee_id", row.payeeId());
        view.put("metadata", row.metadata());
        view.put("capture_method", row.captureMethod());
        view.put("payment_intent_id", row.paymentIntentId());
        view.put("card", card(row));
        view.put("failure", failure(row));
        view.put("livemode", row.livemode());
        view.put("created_at", timestamp(row.createdAt()));
        view.put("updated_at", timestamp(row.updatedAt()));
        return view;
    }

    /** Safe to poll from a browser: status and amounts, card brand and last 4 at most. */
    public static Map<String, Object> polling(PaymentRow row) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("reference", row.reference());
        view.put("status", row.status().name());
        view.put("amount", row.amount());
        view.put("amount_received", row.amountReceived());
        view.put("amount_refunded", row.amountRefunded());
        view.put("currency", row.currency());
        view.put("card", card(row));
        view.put("failure_code", row.failureCode());
        view.put("updated_at", timestamp(row.updatedAt()));
        return view;
    }

    /** A canonical list page from rows that carry count(*) OVER () as total_count. */
    public static Map<String, Object> page(List<Map<String, Object>> rows, int page, int pageSize) {
        return Paging.page(rows, page, pageSize, row -> full(PaymentRow.of(row)));
    }

    /**
     * What a client needs for 3-D Secure: the kind of action and, for redirect_to_url (confirmed with a return_url),
     * where to send the customer. Confirmed without one, Stripe answers use_stripe_sdk: no URL, Stripe.js handles
     * the challenge with the payment's client secret.
     */
    public static Map<String, Object> nextAction(dev.payroute.stripe.IntentSnapshot intent) {
        Map<String, Object> next = new LinkedHashMap<>();
        next.put("type", intent.nextActionType());
        next.put("redirect_url", intent.nextActionUrl());
        return next;
    }

    private static Map<String, Object> card(PaymentRow row) {
        if (row.cardLast4() == null) {
            return null;
        }
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("brand", row.cardBrand());
        card.put("last4", row.cardLast4());
        return card;
    }

    private static Map<String, Object> failure(PaymentRow row) {
        if (row.failureCode() == null) {
            return null;
        }
        Map<String, Object> failure = new LinkedHashMap<>();
        failure.put("code", row.failureCode());
        failure.put("message", row.failureMessage());
        return failure;
    }

    public static String timestamp(Object value) {
        if (value instanceof OffsetDateTime time) {
            return time.withOffsetSameInstant(ZoneOffset.UTC).toString();
        }
        if (value instanceof java.sql.Timestamp time) {
            return time.toInstant().toString();
        }
        if (value instanceof java.time.Instant time) {
            return time.toString();
        }
        return value == null ? null : value.toString();
    }
}
