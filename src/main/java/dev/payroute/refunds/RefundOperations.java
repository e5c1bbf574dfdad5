package dev.payroute.refunds;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payroute.RouteVariables;
import dev.payroute.domain.RefundRequest;
import dev.payroute.domain.RefundStatus;
import dev.payroute.domain.Refusal;
import dev.payroute.payments.PaymentRow;
import dev.payroute.payments.PaymentStore;
import dev.payroute.stripe.GatewayException;
import dev.payroute.stripe.PaymentGateway;
import dev.payroute.stripe.PaymentGateway.RefundSnapshot;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The steps of the refund routes (routes/refunds): read a request into a {@link RefundCommand}, reserve the
 * refund, make the one Stripe call (its idempotency key derives from the refund's id, so every retry, the
 * sweeper's and {@code process}'s included, is the same call), and record the answer. A Stripe call that
 * fails transiently leaves the refund PENDING for the sweeper; one that Stripe refuses marks it FAILED,
 * which frees its reservation.
 */
public final class RefundOperations {

    private static final Logger LOG = LoggerFactory.getLogger(RefundOperations.class);

    /** What one Stripe create call came to: Stripe's refund, or the failure. */
    public record StripeAnswer(RefundSnapshot refund, GatewayException failure) {
    }

    private final PaymentGateway gateway;
    private final PaymentStore payments;
    private final RefundStore refunds;

    public RefundOperations(PaymentGateway gateway, PaymentStore payments, RefundStore refunds) {
        this.gateway = gateway;
        this.payments = payments;
        this.refunds = refunds;
    }

    // ---- requests

    /** POST /api/v1/refunds: by our payment id (404 when there is no such payment). */
    public RefundCommand parseCreate(@Variable(RouteVariables.JSON) JsonNode json,
                                     @Variable(RouteVariables.PRINCIPAL) String principal,
                                     @Header(RouteVariables.CORRELATION_ID) String correlationId) {
        RefundRequest request = RefundRequest.canonical(json);
        PaymentRow payment = paymentById(request.paymentRef());
        return command(request, payment, correlationId, principal, "api");
    }

    /** POST /api/refund/process: by PaymentIntent id (404 when no payment of ours has it). */
    public RefundCommand parseEventBilling(@Variable(RouteVariables.JSON) JsonNode json,
                                           @Variable(RouteVariables.PRINCIPAL) String principal,
                                           @Header(RouteVariables.CORRELATION_ID) String correlationId) {
        RefundRequest request = RefundRequest.eventBilling(json);
        PaymentRow payment = payments.findByIntent(request.paymentRef())
                .orElseThrow(() -> Refusal.notFound("no payment with payment_intent_id " + request.paymentRef()));
        return command(request, payment, correlationId, principal, "event-billing");
    }

    /** POST /api/v1/refunds/{id}/process: the body, if any, must be an empty object. */
    public String parseProcess(@Variable(RouteVariables.JSON) JsonNode json, @Header("id") String id) {
        if (json != null && !(json.isObject() && json.isEmpty())) {
            throw Refusal.badRequest(null, "process takes no fields");
        }
        return id;
    }

    /** POST /api/refund/verify: {"refund_id": "re_..."} (or our refund id or reference). */
    public String parseVerify(@Variable(RouteVariables.JSON) JsonNode json) {
        return dev.payroute.domain.RequestFields.of(json, java.util.Set.of("refund_id")).requiredString("refund_id");
    }

    private static RefundCommand command(RefundRequest request, PaymentRow payment, String correlationId, String principal,
                                         String source) {
        return new RefundCommand(null, payment.id(), request.amount(), request.reason(), request.metadata(), correlationId,
                principal == null ? "unknown" : principal, source);
    }

    private PaymentRow paymentById(String id) {
        try {
            return payments.find(UUID.fromString(id)).orElseThrow(() -> Refusal.notFound("payment_id", "no payment with id " + id));
        } catch (IllegalArgumentException notAUuid) {
            throw Refusal.notFound("payment_id", "no payment with id " + id);
        }
    }

    // ---- what the refund routes read from the refund row, here rather than by simple expressions on the
    // record (which make Camel build bean metadata for every new row)

    /** The refunded payment's id, for the log lines (exchange property paymentId); null without a refund. */
    public String paymentIdOf(@Variable("refund") RefundRow refund) {
        return refund == null || refund.paymentId() == null ? null : refund.paymentId().toString();
    }

    /** The refund waits to be sent to Stripe: reserved, no Stripe refund yet. */
    public boolean toSend(@Variable("refund") RefundRow refund) {
        return refund.status() == RefundStatus.PENDING && refund.stripeRefundId() == null;
    }

    /** The refund is pending (sent or not): a sent one is read back from Stripe. */
    public boolean pending(@Variable("refund") RefundRow refund) {
        return refund.status() == RefundStatus.PENDING;
    }

    // ---- the operation

    /** Step 1 of refund-create: the reservation (or a refusal that changes nothing). */
    public RefundRow reserve(@Body RefundCommand command) {
        return refunds.reserve(command);
    }

    /** The Stripe call of a refund waiting to be sent; any Stripe failure is returned, not thrown. */
    public StripeAnswer callStripe(@Variable("refund") RefundRow refund) {
        PaymentRow payment = payments.find(refund.paymentId()).orElseThrow();
        Map<String, String> metadata = new LinkedHashMap<>(refund.metadata());
        metadata.put("payroute_refund_id", refund.id().toString());
        metadata.put("payroute_payment_id", payment.id().toString());
        metadata.put("payroute_reference", refund.reference());
        try {
            return new StripeAnswer(gateway.refund(payment.paymentIntentId(), refund.amount(), refund.reason(), metadata,
                    refund.stripeIdempotencyKey()), null);
        } catch (GatewayException failure) {
            return new StripeAnswer(null, failure);
        }
    }

    /** Records the Stripe call's outcome: Stripe's refund, a refusal (FAILED), or a transient fault (stays PENDING). */
    public RefundRow recordAnswer(@Variable("refund") RefundRow refund, @Variable("stripeAnswer") StripeAnswer answer) {
        if (answer.refund() != null) {
            refunds.recordAttempt(refund);
            return refunds.recordAnswer(refund, answer.refund());
        }
        GatewayException failure = answer.failure();
        if (failure instanceof GatewayException.Transient) {
            LOG.warn("refund {} not sent (Stripe unavailable: {}); it stays PENDING and is sent again later",
                    refund.reference(), failure.getMessage());
            return refunds.recordTransientFailure(refund, failure.getClass().getSimpleName() + ": " + failure.getMessage());
        }
        LOG.warn("refund {} refused by Stripe: {}", refund.reference(), failure.getMessage());
        refunds.recordAttempt(refund);
        return refunds.recordRefused(refund, failure.code(), failure.getMessage());
    }

    /** The refund in header id (404 otherwise). */
    public RefundRow require(@Header("id") String id) {
        try {
            return refunds.find(UUID.fromString(id)).orElseThrow(() -> Refusal.notFound("no refund with id " + id));
        } catch (IllegalArgumentException | NullPointerException notAUuid) {
            throw Refusal.notFound("no refund with id " + id);
        }
    }

    /** A refund by Stripe's id (re_...), our id or our reference; 404 otherwise. */
    public RefundRow locate(String ref) {
        Optional<RefundRow> row = ref.startsWith("re_") ? refunds.findByStripeId(ref)
                : ref.startsWith("REF-") ? refunds.findByReference(ref) : Optional.empty();
        if (row.isEmpty() && !ref.startsWith("re_") && !ref.startsWith("REF-")) {
            try {
                row = refunds.find(UUID.fromString(ref));
            } catch (IllegalArgumentException notAUuid) {
                // not ours
            }
        }
        return row.orElseThrow(() -> Refusal.notFound("no refund " + ref));
    }

    public RefundRow locateHeader(@Header("refund_id") String ref) {
        return locate(ref);
    }

    public RefundRow byReference(@Header("reference") String reference) {
        return refunds.findByReference(reference).orElseThrow(() -> Refusal.notFound("no refund with reference " + reference));
    }

    /**
     * Asks Stripe about the refund and applies what it says through the same code as webhooks. A refund
     * Stripe has not seen yet (waiting to be sent) has nothing to ask and is answered as it is; a Stripe id we
     * do not know is read from Stripe and recorded when its payment is ours.
     */
    public RefundRow verify(@Variable("refundRef") String ref) {
        Optional<RefundRow> known;
        try {
            known = Optional.of(locate(ref));
        } catch (Refusal notOurs) {
            if (!ref.startsWith("re_")) {
                throw notOurs;
            }
            known = Optional.empty();
        }
        if (known.isPresent() && known.get().stripeRefundId() == null) {
            return known.get();
        }
        String stripeId = known.map(RefundRow::stripeRefundId).orElse(ref);
        RefundSnapshot now;
        try {
            now = gateway.retrieveRefund(stripeId);
        } catch (GatewayException.Rejected rejected) {
            if (rejected.providerStatus() == 404) {
                throw Refusal.notFound("Stripe has no refund " + stripeId);
            }
            throw rejected;
        }
        UUID paymentId = known.map(RefundRow::paymentId).orElseGet(() -> now.paymentIntentId() == null ? null
                : payments.findByIntent(now.paymentIntentId()).map(PaymentRow::id).orElse(null));
        if (paymentId == null) {
            throw Refusal.notFound("refund " + stripeId + " is not of a payment of ours");
        }
        return refunds.applyReport(now, paymentId, null).refund();
    }

    /** A refund pending at Stripe, read again (process, reconciliation). */
    public RefundRow refresh(@Variable("refund") RefundRow refund) {
        return refunds.applyReport(gateway.retrieveRefund(refund.stripeRefundId()), refund.paymentId(), null).refund();
    }

    /** Reconciliation: a refund pending at Stripe too long (one row of sql/refunds/claim-pending-at-stripe), read again. */
    public String reconcile(@Body Map<String, Object> claimed) {
        RefundRow refund = refunds.find((UUID) claimed.get("id")).orElseThrow();
        RefundStore.Applied applied = refunds.applyReport(gateway.retrieveRefund(refund.stripeRefundId()), refund.paymentId(), null);
        return "refund " + refund.reference() + " " + refund.status() + " -> " + applied.refund().status() + ": " + applied.outcome();
    }

    /** The sweeper's claimed row: the refund, read again. */
    public RefundRow claimed(@Body Map<String, Object> row) {
        return refunds.find((UUID) row.get("id")).orElseThrow();
    }
}
