package dev.payroute.escrow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payroute.domain.ApiProblem;
import dev.payroute.domain.EscrowRequests;
import dev.payroute.domain.PaymentCreateRequest;
import dev.payroute.domain.PaymentStatus;
import dev.payroute.domain.PaymentTransitions;
import dev.payroute.domain.References;
import dev.payroute.http.ExchangeKeys;
import dev.payroute.payments.PaymentChange;
import dev.payroute.payments.PaymentStore;
import dev.payroute.payments.PaymentViews;
import dev.payroute.sql.Database;
import dev.payroute.stripe.IntentSnapshot;
import dev.payroute.stripe.PaymentGateway;
import dev.payroute.stripe.StripeIdempotencyKeys;
import org.apache.camel.Exchange;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The steps of the escrow routes (routes/escrow): authorise a hold, release it (capture, then a
 * Connect transfer of the payee's share), revert it (cancel, or refund once captured). Every
 * Stripe call carries an idempotency key derived from the payment id, and every step first
 * looks at the payment's status, so re-running an operation after a crash or a redelivery
 * continues it and never charges, captures or transfers twice.
 */
public final class EscrowOperations {

    public static final String REQUEST = "escrowRequest";
    public static final String PAYMENT_REF = "escrowPaymentRef";
    static final String PAYMENT_ID = "escrowPaymentId";
    static final String DONE = "escrowDone";
    static final String INTENT = "escrowIntent";
    static final String ACCOUNT = "escrowConnectAccount";

    private static final Set<PaymentStatus> CANCELABLE = EnumSet.of(PaymentStatus.PENDING, PaymentStatus.REQUIRES_ACTION,
            PaymentStatus.PROCESSING, PaymentStatus.AUTHORIZED, PaymentStatus.FAILED);

    private final PaymentGateway gateway;
    private final PaymentStore store;
    private final Database db;
    private final int holdDays;
    private final int platformFeeBps;

    public EscrowOperations(PaymentGateway gateway, PaymentStore store, Database db, int holdDays, int platformFeeBps) {
        this.gateway = gateway;
        this.store = store;
        this.db = db;
        this.holdDays = holdDays;
        this.platformFeeBps = platformFeeBps;
    }

    // ---- authorise

    public void parseAuthorize(Exchange exchange) {
        exchange.setProperty(REQUEST, EscrowRequests.authorize(exchange.getMessage().getHeader("order_id", String.class),
                exchange.getProperty(ExchangeKeys.REQUEST_JSON, JsonNode.class)));
    }

    public void parseCampusGAuthorize(Exchange exchange) {
        exchange.setProperty(REQUEST, EscrowRequests.campusGAuthorize(exchange.getMessage().getHeader("order_id", String.class),
                exchange.getProperty(ExchangeKeys.REQUEST_JSON, JsonNode.class)));
    }

    /** Finds the payment this authorisation already made, or refuses a second live hold for the order. */
    public void prepareAuthorize(Exchange exchange) {
        EscrowRequests.Authorize request = exchange.getProperty(REQUEST, EscrowRequests.Authorize.class);
        UUID paymentId = request.externalPaymentId() != null
                ? UUID.nameUUIDFromBytes(("external-payment:" + request.externalPaymentId()).getBytes(StandardCharsets.UTF_8))
                : exchange.getProperty(ExchangeKeys.OPERATION_ID, UUID.class);
        exchange.setProperty(PAYMENT_ID, paymentId);
        Optional<Map<String, Object>> existing = store.find(paymentId);
        if (existing.isPresent()) {
            if (!request.orderId().equals(existing.get().get("order_id"))) {
                throw ApiProblem.conflict("payment-id-in-use", "payment id " + request.externalPaymentId() + " belongs to another order");
            }
            done(exchange, existing.get());
            return;
        }
        db.queryOne("escrow/select-by-order", Map.of("orderId", request.orderId()))
                .filter(row -> !Set.of("FAILED", "CANCELED").contains((String) row.get("status")))
                .ifPresent(row -> {
                    throw ApiProblem.conflict("order-already-authorized", "order " + request.orderId()
                            + " already has a payment in status " + row.get("status"))
                            .with("payment_id", row.get("id").toString()).with("payment_status", row.get("status"));
                });
        exchange.setProperty(DONE, false);
    }

    public void createHold(Exchange exchange) {
        EscrowRequests.Authorize request = exchange.getProperty(REQUEST, EscrowRequests.Authorize.class);
        UUID paymentId = exchange.getProperty(PAYMENT_ID, UUID.class);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("payroute_payment_id", paymentId.toString());
        metadata.put("order_id", request.orderId());
        metadata.put("customer_id", request.customerId());
        IntentSnapshot intent = gateway.createHold(new PaymentGateway.Hold(request.amount(), request.currency(),
                request.description(), request.paymentMethod(), request.stripeCustomerId(), request.returnUrl(),
                transferGroup(request.orderId()), metadata), StripeIdempotencyKeys.of("payment-authorize", paymentId));
        exchange.setProperty(INTENT, intent);
    }

    public void recordHold(Exchange exchange) {
        EscrowRequests.Authorize r = exchange.getProperty(REQUEST, EscrowRequests.Authorize.class);
        UUID paymentId = exchange.getProperty(PAYMENT_ID, UUID.class);
        IntentSnapshot intent = exchange.getProperty(INTENT, IntentSnapshot.class);
        PaymentCreateRequest asPayment = new PaymentCreateRequest(r.amount(), r.currency(), r.description(), r.orderId(),
                null, r.customerId(), null, null, null, r.payeeId(), Map.of());
        String correlationId = exchange.getProperty(ExchangeKeys.CORRELATION_ID, String.class);
        Map<String, Object> row = db.inTransaction(() -> {
            store.insert(paymentId, References.newPaymentReference(), asPayment, "manual", intent, correlationId);
            Map<String, Object> params = new HashMap<>();
            params.put("id", paymentId.toString());
            params.put("stripeCustomerId", r.stripeCustomerId());
            params.put("holdDays", holdDays);
            params.put("payeeId", r.payeeId());
            db.update("escrow/record-hold", params);
            if (r.externalPaymentId() != null) {
                db.update("escrow/record-external-id", Map.of("id", paymentId.toString(), "externalPaymentId", r.externalPaymentId()));
            }
            return store.find(paymentId).orElseThrow();
        });
        exchange.setProperty(PAYMENT_ID, paymentId);
        exchange.getMessage().setBody(row);
    }

    // ---- release

    public void parseRelease(Exchange exchange) {
        exchange.setProperty(REQUEST, EscrowRequests.release(exchange.getProperty(ExchangeKeys.REQUEST_JSON, JsonNode.class)));
    }

    public void parseCampusGRelease(Exchange exchange) {
        exchange.setProperty(REQUEST, EscrowRequests.campusGRelease(exchange.getProperty(ExchangeKeys.REQUEST_JSON, JsonNode.class)));
    }

    public void parseCampusGRevert(Exchange exchange) {
        exchange.setProperty(REQUEST, EscrowRequests.campusGRevert(exchange.getProperty(ExchangeKeys.REQUEST_JSON, JsonNode.class)));
    }

    /** For paths that name the payment rather than the order: our id or the client's custom id. */
    public void byPaymentIdHeader(Exchange exchange) {
        exchange.setProperty(PAYMENT_REF, exchange.getMessage().getHeader("payment_id", String.class));
    }

    /** Loads the payment, settles who is paid and to which Connect account; a released payment is done. */
    public void prepareRelease(Exchange exchange) {
        Map<String, Object> payment = locate(exchange);
        PaymentStatus status = status(payment);
        if (status == PaymentStatus.RELEASED) {
            done(exchange, payment);
            return;
        }
        if (status != PaymentStatus.AUTHORIZED && status != PaymentStatus.SUCCEEDED) {
            throw ApiProblem.conflict("payment-not-releasable", "a payment in status " + status + " cannot be released")
                    .with("payment_id", payment.get("id").toString()).with("payment_status", status.name());
        }
        EscrowRequests.Release request = exchange.getProperty(REQUEST, EscrowRequests.Release.class);
        String payeeId = request != null && request.payeeId() != null ? request.payeeId() : (String) payment.get("payee_id");
        if (payeeId == null) {
            throw ApiProblem.unprocessable("payee_id", "payee_id is required to release a payment");
        }
        String account = request != null ? request.connectAccountId() : null;
        if (account != null) {
            db.queryOne("payees/upsert", Map.of("payeeId", payeeId, "connectAccountId", account));
        } else {
            account = db.queryOne("payees/select", Map.of("payeeId", payeeId))
                    .map(row -> (String) row.get("connect_account_id"))
                    .orElseThrow(() -> ApiProblem.conflict("payee-without-account", "payee " + payeeId
                            + " has no Stripe Connect account; register it with PUT /api/v1/payees/" + payeeId)
                            .with("payee_id", payeeId));
        }
        exchange.setProperty(ACCOUNT, account);
        exchange.setProperty("escrowPayeeId", payeeId);
        exchange.setProperty(PAYMENT_ID, payment.get("id"));
        exchange.setProperty(DONE, false);
    }

    /** Captures the hold unless it already is captured: a retry after a failed transfer never captures again. */
    public void capture(Exchange exchange) {
        UUID paymentId = exchange.getProperty(PAYMENT_ID, UUID.class);
        Map<String, Object> payment = store.find(paymentId).orElseThrow();
        if (status(payment) != PaymentStatus.AUTHORIZED) {
            return;
        }
        IntentSnapshot intent = gateway.capture((String) payment.get("payment_intent_id"),
                StripeIdempotencyKeys.of("payment-capture", paymentId));
        PaymentStore.Transition t = store.applyIntent(paymentId, intent, "escrow-release",
                exchange.getProperty(ExchangeKeys.CORRELATION_ID, String.class));
        if (t.outcome() == PaymentTransitions.Outcome.REFUSE) {
            throw ApiProblem.conflict("payment-not-releasable", "the payment moved to " + t.from() + " during the release");
        }
    }

    /** Transfers the payee's share and marks the payment RELEASED, in one transaction with its event. */
    public void transfer(Exchange exchange) {
        UUID paymentId = exchange.getProperty(PAYMENT_ID, UUID.class);
        Map<String, Object> payment = store.find(paymentId).orElseThrow();
        if (status(payment) == PaymentStatus.RELEASED) {
            exchange.getMessage().setBody(payment);
            return;
        }
        String intentId = (String) payment.get("payment_intent_id");
        long received = ((Number) payment.get("amount_received")).longValue();
        long payeeAmount = received - Math.floorDiv(received * platformFeeBps, 10_000);
        String payeeId = exchange.getProperty("escrowPayeeId", String.class);
        String group = transferGroup((String) payment.get("order_id"));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("payroute_payment_id", paymentId.toString());
        metadata.put("payee_id", payeeId);
        if (payment.get("order_id") != null) {
            metadata.put("order_id", (String) payment.get("order_id"));
        }
        String sourceCharge = gateway.retrieveIntent(intentId).latestChargeId();
        String transferId = gateway.transfer(payeeAmount, (String) payment.get("currency"),
                exchange.getProperty(ACCOUNT, String.class), group, sourceCharge, metadata,
                StripeIdempotencyKeys.of("payment-transfer", paymentId));
        String correlationId = exchange.getProperty(ExchangeKeys.CORRELATION_ID, String.class);
        Map<String, Object> released = db.inTransaction(() -> {
            Map<String, Object> params = new HashMap<>();
            params.put("id", paymentId.toString());
            params.put("transferId", transferId);
            params.put("transferGroup", group);
            params.put("payeeAmount", payeeAmount);
            params.put("payeeId", payeeId);
            db.update("escrow/record-release", params);
            store.apply(paymentId, PaymentChange.to(PaymentStatus.RELEASED, "escrow-release",
                    "transfer " + transferId + " of " + payeeAmount + " to " + payeeId), correlationId);
            return store.find(paymentId).orElseThrow();
        });
        exchange.getMessage().setBody(released);
    }

    // ---- revert

    public void parseRevert(Exchange exchange) {
        exchange.setProperty(REQUEST, EscrowRequests.revert(exchange.getProperty(ExchangeKeys.REQUEST_JSON, JsonNode.class)));
    }

    public void prepareRevert(Exchange exchange) {
        Map<String, Object> payment = locate(exchange);
        PaymentStatus status = status(payment);
        if (status == PaymentStatus.CANCELED || status == PaymentStatus.REFUNDED) {
            done(exchange, payment);
            return;
        }
        if (!CANCELABLE.contains(status) && status != PaymentStatus.SUCCEEDED) {
            throw ApiProblem.conflict("payment-not-revertible", "a payment in status " + status
                    + " cannot be reverted" + (status == PaymentStatus.RELEASED ? "; the payee was paid: use a refund" : ""))
                    .with("payment_id", payment.get("id").toString()).with("payment_status", status.name());
        }
        exchange.setProperty(PAYMENT_ID, payment.get("id"));
        exchange.setProperty(DONE, false);
    }

    /** Cancels a hold that is not captured; refunds a captured one. Either way the event is payment.reverted (PaymentEvents). */
    public void revert(Exchange exchange) {
        UUID paymentId = exchange.getProperty(PAYMENT_ID, UUID.class);
        Map<String, Object> payment = store.find(paymentId).orElseThrow();
        EscrowRequests.Revert request = exchange.getProperty(REQUEST, EscrowRequests.Revert.class);
        String reason = request == null ? null : request.reason();
        String correlationId = exchange.getProperty(ExchangeKeys.CORRELATION_ID, String.class);
        String intentId = (String) payment.get("payment_intent_id");
        if (CANCELABLE.contains(status(payment))) {
            IntentSnapshot intent = gateway.cancel(intentId, StripeIdempotencyKeys.of("payment-cancel", paymentId));
            db.inTransaction(() -> {
                recordReason(paymentId, reason);
                return store.apply(paymentId, PaymentChange.fromIntent(intent, "escrow-revert"), correlationId);
            });
        } else if (status(payment) == PaymentStatus.SUCCEEDED) {
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put("payroute_payment_id", paymentId.toString());
            if (reason != null) {
                metadata.put("reason", reason.length() > 400 ? reason.substring(0, 400) : reason);
            }
            PaymentGateway.RefundSnapshot refund = gateway.refund(intentId, null, reason, metadata,
                    StripeIdempotencyKeys.of("payment-revert-refund", paymentId));
            db.inTransaction(() -> {
                recordReason(paymentId, reason);
                Map<String, Object> params = new HashMap<>();
                params.put("id", UUID.nameUUIDFromBytes(refund.id().getBytes(StandardCharsets.UTF_8)));
                params.put("stripeRefundId", refund.id());
                params.put("paymentId", paymentId.toString());
                params.put("amount", refund.amount());
                params.put("currency", refund.currency());
                params.put("status", refund.status());
                params.put("reason", reason);
                params.put("failureReason", null);
                db.update("refunds/upsert-from-stripe", params);
                return store.apply(paymentId, PaymentChange.to(PaymentStatus.REFUNDED, "escrow-revert", "refund " + refund.id())
                        .withAmountRefunded(refund.amount()), correlationId);
            });
        }
        exchange.getMessage().setBody(store.find(paymentId).orElseThrow());
    }

    // ---- views and lookups

    /** The canonical escrow view of the payment in the body (a row). */
    public void view(Exchange exchange) {
        @SuppressWarnings("unchecked")
        Map<String, Object> row = exchange.getMessage().getBody(Map.class);
        Map<String, Object> view = PaymentViews.full(row);
        view.put("external_payment_id", row.get("external_payment_id"));
        view.put("hold_expires_at", PaymentViews.timestamp(row.get("hold_expires_at")));
        view.put("transfer_id", row.get("transfer_id"));
        view.put("transfer_group", row.get("transfer_group"));
        view.put("payee_amount", row.get("payee_amount"));
        IntentSnapshot intent = exchange.getProperty(INTENT, IntentSnapshot.class);
        if (intent != null && intent.paymentStatus() == PaymentStatus.REQUIRES_ACTION) {
            // The customer must authenticate: this caller gets what Stripe.js needs, once.
            view.put("client_secret", intent.clientSecret());
            view.put("next_action", PaymentViews.nextAction(intent));
        }
        exchange.getMessage().setBody(view);
    }

    public void get(Exchange exchange) {
        exchange.getMessage().setBody(locate(exchange));
    }

    /** The payment of header order_id, or of property escrowPaymentRef (our id or the client's custom id). */
    Map<String, Object> locate(Exchange exchange) {
        String ref = exchange.getProperty(PAYMENT_REF, String.class);
        if (ref != null) {
            return byPaymentRef(ref).orElseThrow(() -> ApiProblem.notFound("no payment " + ref));
        }
        String orderId = exchange.getMessage().getHeader("order_id", String.class);
        return db.queryOne("escrow/select-by-order", Map.of("orderId", orderId == null ? "" : orderId))
                .orElseThrow(() -> ApiProblem.notFound("no escrow payment for order " + orderId));
    }

    public Optional<Map<String, Object>> byPaymentRef(String ref) {
        try {
            Optional<Map<String, Object>> byId = store.find(UUID.fromString(ref));
            if (byId.isPresent()) {
                return byId;
            }
        } catch (IllegalArgumentException notAUuid) {
            // a client's custom payment id
        }
        return db.queryOne("escrow/select-by-external-id", Map.of("externalPaymentId", ref));
    }

    private void recordReason(UUID paymentId, String reason) {
        if (reason != null) {
            db.update("escrow/record-revert-reason", Map.of("id", paymentId.toString(), "reason", reason));
        }
    }

    private static void done(Exchange exchange, Map<String, Object> payment) {
        exchange.setProperty(DONE, true);
        exchange.setProperty(PAYMENT_ID, payment.get("id"));
        exchange.getMessage().setBody(payment);
    }

    private static PaymentStatus status(Map<String, Object> payment) {
        return PaymentStatus.valueOf((String) payment.get("status"));
    }

    static String transferGroup(String orderId) {
        return orderId == null ? null : "order_" + orderId;
    }
}
