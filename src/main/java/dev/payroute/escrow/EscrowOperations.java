package dev.payroute.escrow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payroute.domain.ApiProblem;
import dev.payroute.domain.EscrowRequests;
import dev.payroute.domain.PaymentStatus;
import dev.payroute.domain.PaymentTransitions;
import dev.payroute.domain.References;
import dev.payroute.http.ExchangeKeys;
import dev.payroute.payments.PaymentChange;
import dev.payroute.payments.PaymentStore;
import dev.payroute.payments.PaymentStore.Operation;
import dev.payroute.payments.PaymentViews;
import dev.payroute.sql.Database;
import dev.payroute.stripe.GatewayException;
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
 * Connect transfer of the payee's share), revert it (cancel, or refund once captured).
 *
 * <p>Money decisions are made under the payment's row lock before Stripe is called: a hold is
 * reserved in the database first (one live hold per order, a unique index), and a release or a
 * revert is recorded as the order's escrow decision, which the other can never override. The
 * decision and the operation in flight are committed before the first Stripe call, so concurrent
 * requests answer 409 and Stripe sees only the winner's calls. Every Stripe call carries an
 * idempotency key derived from the payment id, and every step looks at the payment's status first,
 * so a decided operation re-run after a crash, a redelivery or by the sweeper continues it and never
 * charges, captures or transfers twice.
 */
public final class EscrowOperations {

    public static final String REQUEST = "escrowRequest";
    public static final String PAYMENT_REF = "escrowPaymentRef";
    static final String PAYMENT_ID = "escrowPaymentId";
    static final String DONE = "escrowDone";
    static final String INTENT = "escrowIntent";
    static final String ACCOUNT = "escrowConnectAccount";
    static final String PAYEE = "escrowPayeeId";
    static final String TRANSFER = "escrowTransferId";
    static final String REFUND = "escrowRefund";

    private static final Set<PaymentStatus> CANCELABLE = EnumSet.of(PaymentStatus.PENDING, PaymentStatus.REQUIRES_ACTION,
            PaymentStatus.PROCESSING, PaymentStatus.AUTHORIZED, PaymentStatus.FAILED);

    private final PaymentGateway gateway;
    private final PaymentStore store;
    private final Database db;
    private final int holdDays;
    private final int platformFeeBps;
    private final int leaseSeconds;

    public EscrowOperations(PaymentGateway gateway, PaymentStore store, Database db, int holdDays, int platformFeeBps,
                            int leaseSeconds) {
        this.gateway = gateway;
        this.store = store;
        this.db = db;
        this.holdDays = holdDays;
        this.platformFeeBps = platformFeeBps;
        this.leaseSeconds = leaseSeconds;
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

    /**
     * Reserves the order's one live hold: a PENDING row without a PaymentIntent, under the unique index
     * of live holds per order, before Stripe is called. A second request for the order is refused here
     * with 409; the same operation run again (a retry, a redelivered command) finds its own row and
     * either continues it or, when the hold exists already, is done.
     */
    public void reserveHold(Exchange exchange) {
        EscrowRequests.Authorize request = exchange.getProperty(REQUEST, EscrowRequests.Authorize.class);
        UUID owner = operationId(exchange);
        UUID paymentId = request.externalPaymentId() != null
                ? UUID.nameUUIDFromBytes(("external-payment:" + request.externalPaymentId()).getBytes(StandardCharsets.UTF_8))
                : owner;
        exchange.setProperty(PAYMENT_ID, paymentId);
        String correlationId = correlationId(exchange);
        Map<String, Object> params = new HashMap<>();
        params.put("id", paymentId);
        params.put("reference", References.newPaymentReference());
        params.put("amount", request.amount());
        params.put("currency", request.currency());
        params.put("description", request.description());
        params.put("orderId", request.orderId());
        params.put("userId", request.customerId());
        params.put("payeeId", request.payeeId());
        params.put("stripeCustomerId", request.stripeCustomerId());
        params.put("paymentMethodId", request.paymentMethod());
        params.put("returnUrl", request.returnUrl());
        params.put("externalPaymentId", request.externalPaymentId());
        params.put("holdDays", holdDays);
        params.put("owner", owner);
        params.put("leaseSeconds", leaseSeconds);
        params.put("correlationId", correlationId);
        Map<String, Object> row = db.inTransaction(() -> {
            if (db.update("escrow/reserve-hold", params) == 1) {
                return null;
            }
            Optional<Map<String, Object>> mine = store.lock(paymentId);
            if (mine.isPresent()) {
                return mine.get();
            }
            // Another live hold holds the order (or its external id is another payment's).
            throw orderAlreadyAuthorized(request);
        });
        if (row == null) {
            exchange.setProperty(DONE, false);
            return;
        }
        if (!request.orderId().equals(row.get("order_id"))) {
            throw ApiProblem.conflict("payment-id-in-use", "payment id " + request.externalPaymentId() + " belongs to another order");
        }
        if (row.get("payment_intent_id") != null) {
            done(exchange, row);
            return;
        }
        // Our own reservation whose hold creation did not finish: continue it under the same Stripe key.
        db.inTransaction(() -> {
            Map<String, Object> locked = store.lock(paymentId).orElseThrow();
            PaymentStore.requireNoOtherOperation(locked, Operation.AUTHORIZE, owner);
            store.claimOperation(paymentId, Operation.AUTHORIZE, owner, correlationId, leaseSeconds);
            return null;
        });
        exchange.setProperty(DONE, false);
    }

    private ApiProblem orderAlreadyAuthorized(EscrowRequests.Authorize request) {
        ApiProblem problem = ApiProblem.conflict("order-already-authorized", "order " + request.orderId()
                + " already has a live escrow payment");
        db.queryOne("escrow/select-live-hold", Map.of("orderId", request.orderId())).ifPresent(live -> problem
                .with("payment_id", live.get("id").toString()).with("payment_status", live.get("status")));
        return problem;
    }

    /**
     * The Stripe call of an authorisation: a manual-capture PaymentIntent confirmed at once. A request
     * Stripe refuses as invalid created nothing there, so its reservation is removed and the order is free.
     */
    public void createHold(Exchange exchange) {
        UUID paymentId = exchange.getProperty(PAYMENT_ID, UUID.class);
        Map<String, Object> row = store.find(paymentId).orElseThrow();
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("payroute_payment_id", paymentId.toString());
        metadata.put("order_id", (String) row.get("order_id"));
        metadata.put("customer_id", (String) row.get("user_id"));
        PaymentGateway.Hold hold = new PaymentGateway.Hold(((Number) row.get("amount")).longValue(), (String) row.get("currency"),
                (String) row.get("description"), (String) row.get("payment_method_id"), (String) row.get("stripe_customer_id"),
                (String) row.get("return_url"), transferGroup((String) row.get("order_id")), metadata);
        try {
            exchange.setProperty(INTENT, store.attempt(paymentId, Operation.AUTHORIZE,
                    () -> gateway.createHold(hold, StripeIdempotencyKeys.of("payment-authorize", paymentId))));
        } catch (GatewayException.Rejected rejected) {
            db.update("escrow/delete-refused-reservation", Map.of("id", paymentId.toString()));
            throw rejected;
        }
    }

    /** Records the hold's PaymentIntent and applies its status (AUTHORIZED, REQUIRES_ACTION, FAILED) with its event. */
    public void recordHold(Exchange exchange) {
        UUID paymentId = exchange.getProperty(PAYMENT_ID, UUID.class);
        IntentSnapshot intent = exchange.getProperty(INTENT, IntentSnapshot.class);
        String correlationId = correlationId(exchange);
        Map<String, Object> row = db.inTransaction(() -> {
            store.lock(paymentId).orElseThrow();
            Map<String, Object> params = new HashMap<>();
            params.put("id", paymentId.toString());
            params.put("paymentIntentId", intent.id());
            params.put("livemode", intent.livemode());
            params.put("latestChargeId", intent.latestChargeId());
            db.update("escrow/record-intent", params);
            store.apply(paymentId, PaymentChange.fromIntent(intent, "escrow-authorize"), correlationId);
            store.finishOperation(paymentId, Operation.AUTHORIZE);
            return store.find(paymentId).orElseThrow();
        });
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

    /**
     * Loads the payment and refuses what cannot be released (before any Stripe call), then settles who
     * is paid and to which Connect account. A release decided earlier keeps its payee and account.
     */
    public void prepareRelease(Exchange exchange) {
        Map<String, Object> payment = locate(exchange);
        exchange.setProperty(PAYMENT_ID, payment.get("id"));
        if (status(payment) == PaymentStatus.RELEASED) {
            done(exchange, payment);
            return;
        }
        refuseUnlessReleasable(payment);
        if ("RELEASE".equals(payment.get("escrow_decision"))) {
            exchange.setProperty(PAYEE, payment.get("payee_id"));
            exchange.setProperty(ACCOUNT, payment.get("transfer_destination"));
            exchange.setProperty(DONE, false);
            return;
        }
        EscrowRequests.Release request = exchange.getProperty(REQUEST, EscrowRequests.Release.class);
        String payeeId = request != null && request.payeeId() != null ? request.payeeId() : (String) payment.get("payee_id");
        if (payeeId == null) {
            throw ApiProblem.unprocessable("payee_id", "payee_id is required to release a payment");
        }
        String account = request != null ? request.connectAccountId() : null;
        if (account == null) {
            account = db.queryOne("payees/select", Map.of("payeeId", payeeId))
                    .map(row -> (String) row.get("connect_account_id"))
                    .orElseThrow(() -> ApiProblem.conflict("payee-without-account", "payee " + payeeId
                            + " has no Stripe Connect account; register it with PUT /api/v1/payees/" + payeeId)
                            .with("payee_id", payeeId));
        }
        exchange.setProperty(PAYEE, payeeId);
        exchange.setProperty(ACCOUNT, account);
        exchange.setProperty(DONE, false);
    }

    /**
     * The Stripe read before a release: the payee's Connect account must exist and be able to receive
     * transfers, or nothing is captured (409, the payment stays AUTHORIZED). A release already decided
     * checked its account then.
     */
    public void checkPayeeAccount(Exchange exchange) {
        UUID paymentId = exchange.getProperty(PAYMENT_ID, UUID.class);
        String account = exchange.getProperty(ACCOUNT, String.class);
        Map<String, Object> payment = store.find(paymentId).orElseThrow();
        if ("RELEASE".equals(payment.get("escrow_decision"))) {
            return;
        }
        PayeeAccounts.requireTransferable(gateway, account, "connect_account_id")
                .ifPresent(refusal -> {
                    throw ApiProblem.conflict("payee-account-unusable", refusal)
                            .with("payment_id", paymentId.toString())
                            .with("payment_status", payment.get("status"))
                            .with("payee_id", exchange.getProperty(PAYEE, String.class))
                            .with("connect_account_id", account);
                });
    }

    /**
     * Decides the release under the row lock: a revert decided first, another operation in flight or a
     * status that moved on is refused with 409; otherwise the release is the order's decision for good,
     * committed with its payee and account before the capture.
     */
    public void decideRelease(Exchange exchange) {
        UUID paymentId = exchange.getProperty(PAYMENT_ID, UUID.class);
        UUID owner = operationId(exchange);
        Map<String, Object> decided = db.inTransaction(() -> {
            Map<String, Object> payment = store.lock(paymentId).orElseThrow();
            if (status(payment) == PaymentStatus.RELEASED) {
                return payment;
            }
            refuseUnlessReleasable(payment);
            PaymentStore.requireNoOtherOperation(payment, Operation.RELEASE, owner);
            Map<String, Object> params = new HashMap<>();
            params.put("id", paymentId.toString());
            params.put("payeeId", exchange.getProperty(PAYEE, String.class));
            params.put("destination", exchange.getProperty(ACCOUNT, String.class));
            db.update("escrow/record-release-decision", params);
            EscrowRequests.Release request = exchange.getProperty(REQUEST, EscrowRequests.Release.class);
            if (request != null && request.connectAccountId() != null && payment.get("escrow_decision") == null) {
                // An account named with the release (checked with Stripe above) registers the payee.
                db.queryOne("payees/upsert", Map.of("payeeId", params.get("payeeId"), "connectAccountId", request.connectAccountId()));
            }
            store.claimOperation(paymentId, Operation.RELEASE, owner, correlationId(exchange), leaseSeconds);
            return null;
        });
        if (decided != null) {
            done(exchange, decided);
        }
    }

    /** The Stripe capture of the hold; skipped once captured, so a retry after a failed transfer never captures again. */
    public void capture(Exchange exchange) {
        UUID paymentId = exchange.getProperty(PAYMENT_ID, UUID.class);
        Map<String, Object> payment = store.find(paymentId).orElseThrow();
        exchange.setProperty(INTENT, status(payment) != PaymentStatus.AUTHORIZED ? null : store.attempt(paymentId, Operation.RELEASE,
                () -> gateway.capture((String) payment.get("payment_intent_id"), StripeIdempotencyKeys.of("payment-capture", paymentId))));
    }

    public void recordCapture(Exchange exchange) {
        IntentSnapshot intent = exchange.getProperty(INTENT, IntentSnapshot.class);
        if (intent == null) {
            return;
        }
        UUID paymentId = exchange.getProperty(PAYMENT_ID, UUID.class);
        PaymentStore.Transition t = store.applyIntent(paymentId, intent, "escrow-release", correlationId(exchange));
        if (t.outcome() == PaymentTransitions.Outcome.REFUSE) {
            throw ApiProblem.conflict("payment-not-releasable", "the payment moved to " + t.from() + " during the release");
        }
    }

    /** The Stripe Connect transfer of the payee's share (idempotency key from the payment id). */
    public void transfer(Exchange exchange) {
        UUID paymentId = exchange.getProperty(PAYMENT_ID, UUID.class);
        Map<String, Object> payment = store.find(paymentId).orElseThrow();
        if (status(payment) != PaymentStatus.SUCCEEDED) {
            throw ApiProblem.conflict("payment-not-releasable", "the payment is " + payment.get("status") + ", not captured");
        }
        long payeeAmount = payeeAmount(payment);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("payroute_payment_id", paymentId.toString());
        metadata.put("payee_id", (String) payment.get("payee_id"));
        if (payment.get("order_id") != null) {
            metadata.put("order_id", (String) payment.get("order_id"));
        }
        exchange.setProperty(TRANSFER, store.attempt(paymentId, Operation.RELEASE, () -> {
            String sourceCharge = payment.get("latest_charge_id") != null ? (String) payment.get("latest_charge_id")
                    : gateway.retrieveIntent((String) payment.get("payment_intent_id")).latestChargeId();
            return gateway.transfer(payeeAmount, (String) payment.get("currency"), (String) payment.get("transfer_destination"),
                    transferGroup((String) payment.get("order_id")), sourceCharge, metadata,
                    StripeIdempotencyKeys.of("payment-transfer", paymentId));
        }));
    }

    /** Marks the payment RELEASED with its transfer, in one transaction with its event; the release is finished. */
    public void recordTransfer(Exchange exchange) {
        UUID paymentId = exchange.getProperty(PAYMENT_ID, UUID.class);
        String transferId = exchange.getProperty(TRANSFER, String.class);
        String correlationId = correlationId(exchange);
        Map<String, Object> released = db.inTransaction(() -> {
            Map<String, Object> payment = store.lock(paymentId).orElseThrow();
            Map<String, Object> params = new HashMap<>();
            params.put("id", paymentId.toString());
            params.put("transferId", transferId);
            params.put("transferGroup", transferGroup((String) payment.get("order_id")));
            params.put("payeeAmount", payeeAmount(payment));
            params.put("payeeId", payment.get("payee_id"));
            db.update("escrow/record-release", params);
            store.apply(paymentId, PaymentChange.to(PaymentStatus.RELEASED, "escrow-release",
                    "transfer " + transferId + " of " + payeeAmount(payment) + " to " + payment.get("payee_id")), correlationId);
            store.finishOperation(paymentId, Operation.RELEASE);
            return store.find(paymentId).orElseThrow();
        });
        exchange.getMessage().setBody(released);
    }

    private long payeeAmount(Map<String, Object> payment) {
        long received = ((Number) payment.get("amount_received")).longValue();
        return received - Math.floorDiv(received * platformFeeBps, 10_000);
    }

    private static void refuseUnlessReleasable(Map<String, Object> payment) {
        PaymentStatus status = status(payment);
        if ("REVERT".equals(payment.get("escrow_decision"))) {
            throw decidedOtherwise(payment, "release", "reverted");
        }
        if (status != PaymentStatus.AUTHORIZED && status != PaymentStatus.SUCCEEDED) {
            throw ApiProblem.conflict("payment-not-releasable", "a payment in status " + status + " cannot be released")
                    .with("payment_id", payment.get("id").toString()).with("payment_status", status.name());
        }
    }

    private static ApiProblem decidedOtherwise(Map<String, Object> payment, String asked, String decided) {
        return ApiProblem.conflict("escrow-already-decided", "the order's payment is being " + decided
                        + " (decided first); it cannot be " + (asked.equals("release") ? "released" : "reverted") + " any more")
                .with("payment_id", payment.get("id").toString())
                .with("payment_status", payment.get("status"))
                .with("escrow_decision", payment.get("escrow_decision"));
    }

    // ---- revert

    public void parseRevert(Exchange exchange) {
        exchange.setProperty(REQUEST, EscrowRequests.revert(exchange.getProperty(ExchangeKeys.REQUEST_JSON, JsonNode.class)));
    }

    public void prepareRevert(Exchange exchange) {
        Map<String, Object> payment = locate(exchange);
        exchange.setProperty(PAYMENT_ID, payment.get("id"));
        if (isReverted(payment)) {
            done(exchange, payment);
            return;
        }
        refuseUnlessRevertible(payment);
        exchange.setProperty(DONE, false);
    }

    /** Decides the revert under the row lock: a release decided first or another operation in flight is 409. */
    public void decideRevert(Exchange exchange) {
        UUID paymentId = exchange.getProperty(PAYMENT_ID, UUID.class);
        UUID owner = operationId(exchange);
        EscrowRequests.Revert request = exchange.getProperty(REQUEST, EscrowRequests.Revert.class);
        Map<String, Object> decided = db.inTransaction(() -> {
            Map<String, Object> payment = store.lock(paymentId).orElseThrow();
            if (isReverted(payment)) {
                return payment;
            }
            refuseUnlessRevertible(payment);
            PaymentStore.requireNoOtherOperation(payment, Operation.REVERT, owner);
            Map<String, Object> params = new HashMap<>();
            params.put("id", paymentId.toString());
            params.put("reason", request == null ? null : request.reason());
            db.update("escrow/record-revert-decision", params);
            store.claimOperation(paymentId, Operation.REVERT, owner, correlationId(exchange), leaseSeconds);
            return null;
        });
        if (decided != null) {
            done(exchange, decided);
        }
    }

    /** The Stripe call of a revert: cancel a hold that is not captured, refund a captured one (keys from the payment id). */
    public void cancelOrRefund(Exchange exchange) {
        UUID paymentId = exchange.getProperty(PAYMENT_ID, UUID.class);
        Map<String, Object> payment = store.find(paymentId).orElseThrow();
        String intentId = (String) payment.get("payment_intent_id");
        if (CANCELABLE.contains(status(payment))) {
            exchange.setProperty(INTENT, store.attempt(paymentId, Operation.REVERT,
                    () -> gateway.cancel(intentId, StripeIdempotencyKeys.of("payment-cancel", paymentId))));
        } else if (status(payment) == PaymentStatus.SUCCEEDED) {
            String reason = (String) payment.get("revert_reason");
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put("payroute_payment_id", paymentId.toString());
            if (reason != null) {
                metadata.put("reason", reason.length() > 400 ? reason.substring(0, 400) : reason);
            }
            exchange.setProperty(REFUND, store.attempt(paymentId, Operation.REVERT, () -> gateway.refund(intentId, null, reason,
                    metadata, StripeIdempotencyKeys.of("payment-revert-refund", paymentId))));
        }
    }

    /** Records the cancel or the refund through the state machine, with its event; the revert is finished. */
    public void recordRevert(Exchange exchange) {
        UUID paymentId = exchange.getProperty(PAYMENT_ID, UUID.class);
        String correlationId = correlationId(exchange);
        IntentSnapshot canceled = exchange.getProperty(INTENT, IntentSnapshot.class);
        PaymentGateway.RefundSnapshot refund = exchange.getProperty(REFUND, PaymentGateway.RefundSnapshot.class);
        Map<String, Object> row = db.inTransaction(() -> {
            Map<String, Object> payment = store.lock(paymentId).orElseThrow();
            if (canceled != null) {
                store.apply(paymentId, PaymentChange.fromIntent(canceled, "escrow-revert"), correlationId);
            } else if (refund != null) {
                Map<String, Object> params = new HashMap<>();
                params.put("id", UUID.nameUUIDFromBytes(refund.id().getBytes(StandardCharsets.UTF_8)));
                params.put("stripeRefundId", refund.id());
                params.put("paymentId", paymentId.toString());
                params.put("amount", refund.amount());
                params.put("currency", refund.currency());
                params.put("status", refund.status());
                params.put("reason", payment.get("revert_reason"));
                params.put("failureReason", null);
                db.update("refunds/upsert-from-stripe", params);
                store.apply(paymentId, PaymentChange.to(PaymentStatus.REFUNDED, "escrow-revert", "refund " + refund.id())
                        .withAmountRefunded(refund.amount()), correlationId);
            }
            store.finishOperation(paymentId, Operation.REVERT);
            return store.find(paymentId).orElseThrow();
        });
        exchange.getMessage().setBody(row);
    }

    private static boolean isReverted(Map<String, Object> payment) {
        PaymentStatus status = status(payment);
        return status == PaymentStatus.CANCELED || status == PaymentStatus.REFUNDED;
    }

    private static void refuseUnlessRevertible(Map<String, Object> payment) {
        PaymentStatus status = status(payment);
        if ("RELEASE".equals(payment.get("escrow_decision"))) {
            throw decidedOtherwise(payment, "revert", "released");
        }
        if (!CANCELABLE.contains(status) && status != PaymentStatus.SUCCEEDED) {
            throw ApiProblem.conflict("payment-not-revertible", "a payment in status " + status
                    + " cannot be reverted" + (status == PaymentStatus.RELEASED ? "; the payee was paid: use a refund" : ""))
                    .with("payment_id", payment.get("id").toString()).with("payment_status", status.name());
        }
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
        view.put("escrow_decision", row.get("escrow_decision"));
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

    private static void done(Exchange exchange, Map<String, Object> payment) {
        exchange.setProperty(DONE, true);
        exchange.setProperty(PAYMENT_ID, payment.get("id"));
        exchange.getMessage().setBody(payment);
    }

    private static PaymentStatus status(Map<String, Object> payment) {
        return PaymentStatus.valueOf((String) payment.get("status"));
    }

    private static UUID operationId(Exchange exchange) {
        return exchange.getProperty(ExchangeKeys.OPERATION_ID, UUID.class);
    }

    private static String correlationId(Exchange exchange) {
        return exchange.getProperty(ExchangeKeys.CORRELATION_ID, String.class);
    }

    static String transferGroup(String orderId) {
        return orderId == null ? null : "order_" + orderId;
    }
}
