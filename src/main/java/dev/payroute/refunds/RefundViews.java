package dev.payroute.refunds;

import dev.payroute.payments.Paging;
import dev.payroute.payments.PaymentRow;
import dev.payroute.payments.PaymentStore;
import dev.payroute.payments.PaymentViews;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.apache.camel.Variable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What refunds look like to callers: canonical, polling (nothing but status and amounts), the event billing shape. */
public final class RefundViews {

    private final PaymentStore payments;
    private final RefundStore refunds;

    public RefundViews(PaymentStore payments, RefundStore refunds) {
        this.payments = payments;
        this.refunds = refunds;
    }

    public Map<String, Object> full(@Variable("refund") RefundRow refund) {
        return of(refund);
    }

    public static Map<String, Object> of(RefundRow refund) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", refund.id().toString());
        view.put("reference", refund.reference());
        view.put("payment_id", refund.paymentId() == null ? null : refund.paymentId().toString());
        view.put("stripe_refund_id", refund.stripeRefundId());
        view.put("amount", refund.amount());
        view.put("currency", refund.currency());
        view.put("status", refund.status().name());
        view.put("reason", refund.reason());
        view.put("failure_reason", refund.failureReason());
        view.put("metadata", refund.metadata());
        view.put("requested_by", refund.requestedBy());
        view.put("source", refund.source());
        view.put("attempts", refund.attempts());
        view.put("next_attempt_at", refund.status().isFinal() || refund.stripeRefundId() != null ? null
                : PaymentViews.timestamp(refund.nextAttemptAt()));
        view.put("last_error", refund.lastError());
        view.put("created_at", PaymentViews.timestamp(refund.createdAt()));
        view.put("updated_at", PaymentViews.timestamp(refund.updatedAt()));
        return view;
    }

    /** GET /api/v1/refunds/reference/{reference}: safe for polling by a browser; no ids of Stripe, no metadata. */
    public Map<String, Object> polling(@Variable("refund") RefundRow refund) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("reference", refund.reference());
        view.put("status", refund.status().name());
        view.put("amount", refund.amount());
        view.put("currency", refund.currency());
        view.put("payment_reference", refund.paymentId() == null ? null
                : payments.find(refund.paymentId()).map(PaymentRow::reference).orElse(null));
        view.put("created_at", PaymentViews.timestamp(refund.createdAt()));
        view.put("updated_at", PaymentViews.timestamp(refund.updatedAt()));
        return view;
    }

    /** GET /api/v1/refunds/payment/{payment_id}: a canonical page (404 when there is no such payment). */
    public Map<String, Object> page(@Body List<Map<String, Object>> rows, @Header("page") int page,
                                    @Header("page_size") int pageSize) {
        return Paging.page(rows, page, pageSize, row -> of(RefundRow.of(row)));
    }

    /** The payment of the list exists (a list of nobody's refunds is 404, not an empty page). */
    public void requirePayment(@Header("payment_id") String paymentId) {
        try {
            if (payments.find(UUID.fromString(paymentId)).isPresent()) {
                return;
            }
        } catch (IllegalArgumentException | NullPointerException notAUuid) {
            // answered below
        }
        throw dev.payroute.domain.Refusal.notFound("no payment with id " + paymentId);
    }

    /**
     * The event billing service's refund (POST /api/refund/process, GET /api/refund/{refund_id}, POST
     * /api/refund/verify): its success envelope, Stripe's ids and Stripe's lower-case status words.
     */
    public Map<String, Object> eventBilling(@Variable("refund") RefundRow refund) {
        PaymentRow payment = refund.paymentId() == null ? null : payments.find(refund.paymentId()).orElse(null);
        long refunded = refund.paymentId() == null ? 0 : refunds.totals(refund.paymentId()).succeeded();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("success", true);
        view.put("refund_id", refund.stripeRefundId());
        view.put("payroute_refund_id", refund.id().toString());
        view.put("reference", refund.reference());
        view.put("payment_intent_id", payment == null ? null : payment.paymentIntentId());
        view.put("amount", refund.amount());
        view.put("currency", refund.currency());
        view.put("status", refund.status().stripeWord());
        view.put("reason", refund.reason());
        view.put("failure_reason", refund.failureReason());
        view.put("metadata", refund.metadata());
        view.put("amount_refunded", refunded);
        view.put("created", refund.createdAt().getEpochSecond());
        return view;
    }
}
