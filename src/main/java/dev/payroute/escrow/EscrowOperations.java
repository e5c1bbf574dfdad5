package dev.payroute.escrow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payroute.RouteVariables;
import dev.payroute.domain.EscrowRequests;
import dev.payroute.domain.PaymentStatus;
import dev.payroute.domain.PaymentTransitions;
import dev.payroute.domain.References;
import dev.payroute.domain.Refusal;
import dev.payroute.payments.PaymentChange;
import dev.payroute.payments.PaymentLogContext;
import dev.payroute.payments.PaymentRow;
import dev.payroute.payments.PaymentStore;
import dev.payroute.payments.PaymentStore.Cause;
import dev.payroute.payments.PaymentStore.Operation;
import dev.payroute.refunds.RefundCommand;
import dev.payroute.refunds.RefundRow;
import dev.payroute.refunds.RefundStore;
import dev.payroute.sql.Database;
import dev.payroute.stripe.GatewayException;
import dev.payroute.stripe.IntentSnapshot;
import dev.payroute.stripe.PaymentGateway;
import dev.payroute.stripe.StripeIdempotencyKeys;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Variable;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
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
 *
 * <p>State travels in route variables: request (the parsed request), paymentRef (a payment named by
 * id rather than by its order), payment (the payment's row as the last step left it), payee, intent,
 * transfer and refund (what Stripe answered).
 */
public final class EscrowOperations {

    /**
     * Who a release pays: the payee and its Connect account. accountField: the request's name of the account when
     * the request itself gave it (the payee had none registered, and the release registers it), else null.
     */
    public record Payee(String id, String connectAccountId, String accountField) {
        boolean registers() {
            return accountField != null;
        }
    }

    private final PaymentGateway gateway;
    private final PaymentStore store;
    private final RefundStore refunds;
    private final Database db;
    private final int holdDays;
    private final int platformFeeBps;
    private final int leaseSeconds;

    public EscrowOperations(PaymentGateway gateway, PaymentStore store, RefundStore refunds, Database db, int holdDays,
                            int platformFeeBps, int leaseSeconds) {
        this.gateway = gateway;
        this.store = store;
        this.refunds = refunds;
        this.db = db;
        this.holdDays = holdDays;
        this.platformFeeBps = platformFeeBps;
        this.leaseSeconds = leaseSeconds;
    }

    // ---- requests

    public EscrowRequests.Authorize parseAuthorize(@Header("order_id") String orderId, @Variable(RouteVariables.JSON) JsonNode json) {
        return EscrowRequests.authorize(orderId, json);
    }

    public EscrowRequests.Authorize parseCampusGAuthorize(@Header("order_id") String orderId,
                                                         @Variable(RouteVariables.JSON) JsonNode json) {
        return EscrowRequests.campusGAuthorize(orderId, json);
    }

    public EscrowRequests.Release parseRelease(@Variable(RouteVariables.JSON) JsonNode json) {
        return EscrowRequests.release(json);
    }

    public EscrowRequests.Release parseCampusGRelease(@Variable(RouteVariables.JSON) JsonNode json) {
        return EscrowRequests.campusGRelease(json);
    }

    public EscrowRequests.Revert parseRevert(@Variable(RouteVariables.JSON) JsonNode json) {
        return EscrowRequests.revert(json);
    }

    public EscrowRequests.Revert parseCampusGRevert(@Variable(RouteVariables.JSON) JsonNode json) {
        return EscrowRequests.campusGRevert(json);
    }

    // ---- what the escrow routes branch on, read from the payment row here rather than by simple
    // expressions on the record (which make Camel build bean metadata for every new row)

    /** The reserved hold has no PaymentIntent yet: Stripe is still to be called. */
    public boolean holdToPlace(@Variable("payment") PaymentRow payment) {
        return payment.paymentIntentId() == null;
    }

    /** The payment is not released (yet): the release still has work to do. */
    public boolean notReleased(@Variable("payment") PaymentRow payment) {
        return !EscrowRules.released(payment);
    }

    /** The payment is neither canceled nor refunded: the revert still has work to do. */
    public boolean notReverted(@Variable("payment") PaymentRow payment) {
        return !EscrowRules.reverted(payment);
    }

    /** The hold was captured: a revert refunds it rather than cancelling it. */
    public boolean captured(@Variable("payment") PaymentRow payment) {
        return payment.status() == PaymentStatus.SUCCEEDED;
    }

    // ---- authorise

    /**
     * Reserves the order's one live hold: a PENDING row without a PaymentIntent, under the unique index
     * of live holds per order, before Stripe is called. A second request for the order is refused here
     * with 409; the same operation run again (a retry, a redelivered command) finds its own row and
     * either continues it or, when the hold exists already (it has a PaymentIntent), is done.
     */
    public PaymentRow reserveHold(@Variable(RouteVariables.REQUEST) EscrowRequests.Authorize request,
                                  @Variable(RouteVariables.OPERATION_ID) UUID owner,
                                  @Header(RouteVariables.CORRELATION_ID) String correlationId,
                                  @Variable(RouteVariables.COMMAND_KEY) String commandKey, Exchange exchange) {
        PaymentRow row = reserve(request, owner, correlationId, commandKey);
        PaymentLogContext.about(exchange, row.id());
        return row;
    }

    private PaymentRow reserve(EscrowRequests.Authorize request, UUID owner, String correlationId, String commandKey) {
        UUID paymentId = request.externalPaymentId() != null
                ? UUID.nameUUIDFromBytes(("external-payment:" + request.externalPaymentId()).getBytes(StandardCharsets.UTF_8))
                : owner;
        if (request.externalPaymentId() != null) {
            requireUnambiguousCustomId(request.externalPaymentId(), request.externalPaymentIdField(), paymentId);
        }
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
        params.put("commandKey", commandKey);
        // A new reservation is one statement, on its own.
        Optional<PaymentRow> reserved = db.queryOne("escrow/reserve-hold", params).map(PaymentRow::of);
        if (reserved.isPresent()) {
            return reserved.get();
        }
        return db.inTransaction(() -> {
            // Our own row (a retry), another live hold of the order (or another payment's external id), or a
            // command that was run to its end already.
            Optional<PaymentRow> own = store.lock(paymentId);
            if (own.isEmpty() && commandKey != null
                    && db.queryOne("commands/select-done", Map.of("commandKey", commandKey)).isPresent()) {
                throw new CommandAlreadyDone(commandKey);
            }
            PaymentRow mine = own.orElseThrow(() -> orderAlreadyAuthorized(request));
            if (!request.orderId().equals(mine.orderId())) {
                throw Refusal.conflict("payment-id-in-use", "payment id " + request.externalPaymentId() + " belongs to another order");
            }
            if (mine.paymentIntentId() == null) {
                // Our own reservation whose hold creation did not finish: continue it under the same Stripe key.
                PaymentStore.requireNoOtherOperation(mine, Operation.AUTHORIZE, owner);
                store.claimOperation(paymentId, Operation.AUTHORIZE, owner, correlationId, leaseSeconds);
            }
            return mine;
        });
    }

    private Refusal orderAlreadyAuthorized(EscrowRequests.Authorize request) {
        Refusal problem = Refusal.conflict("order-already-authorized", "order " + request.orderId()
                + " already has a live escrow payment");
        store.findBy("escrow/select-live-hold", Map.of("orderId", request.orderId())).ifPresent(live -> problem
                .with("payment_id", live.id().toString()).with("payment_status", live.status().name()));
        return problem;
    }

    /**
     * The Stripe call of an authorisation: a manual-capture PaymentIntent confirmed at once. A request
     * Stripe refuses as invalid created nothing there, so its reservation is removed and the order is free.
     */
    public IntentSnapshot createHold(@Variable("payment") PaymentRow reserved) {
        UUID paymentId = reserved.id();
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("payroute_payment_id", paymentId.toString());
        metadata.put("order_id", reserved.orderId());
        metadata.put("customer_id", reserved.userId());
        PaymentGateway.Hold hold = new PaymentGateway.Hold(reserved.amount(), reserved.currency(), reserved.description(),
                reserved.paymentMethodId(), reserved.stripeCustomerId(), reserved.returnUrl(), transferGroup(reserved.orderId()),
                metadata);
        try {
            return store.attempt(paymentId, Operation.AUTHORIZE,
                    () -> gateway.createHold(hold, StripeIdempotencyKeys.of("payment-authorize", paymentId)));
        } catch (GatewayException.Rejected rejected) {
            db.update("escrow/delete-refused-reservation", Map.of("id", paymentId.toString()));
            throw rejected;
        }
    }

    /**
     * Records the hold's PaymentIntent and applies its status (AUTHORIZED, REQUIRES_ACTION, FAILED) with its event, in
     * one transaction that also ends the operation and, for a Kafka command, writes it to the command log.
     */
    public PaymentRow recordHold(@Variable("payment") PaymentRow reserved, @Variable("intent") IntentSnapshot intent,
                                 @Header(RouteVariables.CORRELATION_ID) String correlationId,
                                 @Variable(RouteVariables.PRINCIPAL) String actor,
                                 @Variable(RouteVariables.COMMAND_KEY) String commandKey) {
        UUID paymentId = reserved.id();
        return db.inTransaction(() -> {
            Map<String, Object> params = new HashMap<>();
            params.put("id", paymentId.toString());
            params.put("paymentIntentId", intent.id());
            params.put("livemode", intent.livemode());
            params.put("latestChargeId", intent.latestChargeId());
            // The update takes the row's lock and returns the row (a payment holding another intent: locked as it is).
            PaymentRow locked = db.queryOne("escrow/record-intent", params).map(PaymentRow::of)
                    .or(() -> store.lock(paymentId)).orElseThrow();
            store.applyLocked(locked, PaymentChange.fromIntent(intent, "escrow-authorize"), Cause.request(correlationId, actor));
            if (commandKey != null) {
                db.updateLater("commands/record-done", Map.of("commandKey", commandKey));
            }
            return store.finishOperation(paymentId, Operation.AUTHORIZE).or(() -> store.find(paymentId)).orElseThrow();
        });
    }

    // ---- release

    /** Loads the payment and refuses what cannot be released, before any Stripe call; a released payment is returned as it is. */
    public PaymentRow prepareRelease(@Header("order_id") String orderId, @Variable("paymentRef") String paymentRef,
                                     Exchange exchange) {
        PaymentRow payment = locate(orderId, paymentRef);
        PaymentLogContext.about(exchange, payment.id());
        if (!EscrowRules.released(payment)) {
            EscrowRules.requireReleasable(payment);
        }
        return payment;
    }

    /** Who the release pays: decided earlier, named by the request, or the payee registry's account. */
    public Payee payeeOf(@Variable("payment") PaymentRow payment, @Variable(RouteVariables.REQUEST) EscrowRequests.Release request) {
        if (payment.decided("RELEASE")) {
            return new Payee(payment.payeeId(), payment.transferDestination(), null);
        }
        String payeeId = request != null && request.payeeId() != null ? request.payeeId() : payment.payeeId();
        if (payeeId == null) {
            String field = request == null ? "payee_id" : request.payeeField();
            throw Refusal.missing(field, field + " is required to release a payment whose authorisation named no payee");
        }
        Optional<String> registered = registeredAccount(payeeId);
        if (request != null && request.connectAccountId() != null) {
            if (registered.isPresent()) {
                requireRegisteredAccount(payeeId, registered.get(), request.connectAccountId(), request.connectAccountField());
                return new Payee(payeeId, registered.get(), null);
            }
            return new Payee(payeeId, request.connectAccountId(), request.connectAccountField());
        }
        String account = registered.orElseThrow(() -> Refusal.conflict("payee-without-account", "payee " + payeeId
                        + " has no Stripe Connect account; register it with PUT /api/v1/payees/" + payeeId)
                        .with("payee_id", payeeId));
        return new Payee(payeeId, account, null);
    }

    private Optional<String> registeredAccount(String payeeId) {
        return db.queryOne("payees/select", Map.of("payeeId", payeeId)).map(row -> (String) row.get("connect_account_id"));
    }

    /**
     * A release may name the payee's account, but never another one than the payee registry holds: only an admin
     * changes where a registered payee is paid (PUT /api/v1/payees/{payee_id}), so a payments key cannot redirect
     * a payee's payouts. Refused (409, the request's field) before anything is captured.
     */
    private static void requireRegisteredAccount(String payeeId, String registered, String named, String field) {
        if (!registered.equals(named)) {
            throw new Refusal(Refusal.Kind.CONFLICT, "payee-account-mismatch", field + " " + named + " is not the Stripe"
                    + " Connect account registered for payee " + payeeId + "; an admin changes it with PUT /api/v1/payees/"
                    + payeeId, field).with("payee_id", payeeId);
        }
    }

    /**
     * The Stripe read before a release: the payee's Connect account must exist and be able to receive
     * transfers, or nothing is captured (409, the payment stays AUTHORIZED). A release already decided
     * checked its account then.
     */
    public void checkPayeeAccount(@Variable("payment") PaymentRow payment, @Variable("payee") Payee payee) {
        if (payment.decided("RELEASE")) {
            return;
        }
        String field = payee.accountField() != null ? payee.accountField() : "connect_account_id";
        PayeeAccounts.requireTransferable(gateway, payee.connectAccountId(), field).ifPresent(refusal -> {
            throw Refusal.conflict("payee-account-unusable", refusal)
                    .with("payment_id", payment.id().toString())
                    .with("payment_status", payment.status().name())
                    .with("payee_id", payee.id())
                    .with("connect_account_id", payee.connectAccountId());
        });
    }

    /**
     * Decides the release under the row lock: a revert decided first, another operation in flight or a
     * status that moved on is refused with 409; otherwise the release is the order's decision for good,
     * committed with its payee and account before the capture. An account the request named registers
     * the payee.
     */
    public PaymentRow decideRelease(@Variable("payment") PaymentRow payment, @Variable("payee") Payee payee,
                                    @Variable(RouteVariables.OPERATION_ID) UUID owner,
                                    @Header(RouteVariables.CORRELATION_ID) String correlationId) {
        return db.inTransaction(() -> {
            PaymentRow locked = store.lock(payment.id()).orElseThrow();
            if (EscrowRules.released(locked)) {
                return locked;
            }
            EscrowRules.requireReleasable(locked);
            PaymentStore.requireNoOtherOperation(locked, Operation.RELEASE, owner);
            Map<String, Object> params = new HashMap<>();
            params.put("id", payment.id().toString());
            params.put("payeeId", payee.id());
            params.put("destination", payee.connectAccountId());
            db.update("escrow/record-release-decision", params);
            if (payee.registers() && locked.escrowDecision() == null) {
                // Registered only when the payee has no account yet; one registered meanwhile must be the same.
                // (A registration committed after this statement's snapshot is read by a statement of its own.)
                String account = db.queryOne("payees/insert-if-absent", Map.of("payeeId", payee.id(),
                                "connectAccountId", payee.connectAccountId())).map(row -> (String) row.get("connect_account_id"))
                        .or(() -> registeredAccount(payee.id())).orElseThrow();
                requireRegisteredAccount(payee.id(), account, payee.connectAccountId(), payee.accountField());
            }
            store.claimOperation(payment.id(), Operation.RELEASE, owner, correlationId, leaseSeconds);
            return store.find(payment.id()).orElseThrow();
        });
    }

    /** The Stripe capture of the hold; none once captured, so a retry after a failed transfer never captures again. */
    public IntentSnapshot capture(@Variable("payment") PaymentRow payment) {
        if (payment.status() != PaymentStatus.AUTHORIZED) {
            return null;
        }
        return store.attempt(payment.id(), Operation.RELEASE, () -> gateway.capture(payment.paymentIntentId(),
                StripeIdempotencyKeys.of("payment-capture", payment.id())));
    }

    public PaymentRow recordCapture(@Variable("payment") PaymentRow payment, @Variable("intent") IntentSnapshot captured,
                                    @Header(RouteVariables.CORRELATION_ID) String correlationId,
                                 @Variable(RouteVariables.PRINCIPAL) String actor) {
        if (captured == null) {
            return payment;
        }
        PaymentStore.Transition t = store.applyIntent(payment.id(), captured, "escrow-release", Cause.request(correlationId, actor));
        if (t.outcome() == PaymentTransitions.Outcome.REFUSE) {
            throw Refusal.conflict("payment-not-releasable", "the payment moved to " + t.from() + " during the release");
        }
        return t.payment();
    }

    /** The Stripe Connect transfer of the payee's share to the decided account (idempotency key from the payment id). */
    public String transfer(@Variable("payment") PaymentRow payment) {
        if (payment.status() != PaymentStatus.SUCCEEDED) {
            throw Refusal.conflict("payment-not-releasable", "the payment is " + payment.status() + ", not captured");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("payroute_payment_id", payment.id().toString());
        metadata.put("payee_id", payment.payeeId());
        if (payment.orderId() != null) {
            metadata.put("order_id", payment.orderId());
        }
        return store.attempt(payment.id(), Operation.RELEASE, () -> {
            String sourceCharge = payment.latestChargeId() != null ? payment.latestChargeId()
                    : gateway.retrieveIntent(payment.paymentIntentId()).latestChargeId();
            return gateway.transfer(payeeAmount(payment), payment.currency(), payment.transferDestination(),
                    transferGroup(payment.orderId()), sourceCharge, metadata, StripeIdempotencyKeys.of("payment-transfer", payment.id()));
        });
    }

    /** Marks the payment RELEASED with its transfer, in one transaction with its event; the release is finished. */
    public PaymentRow recordTransfer(@Variable("payment") PaymentRow payment, @Variable("transfer") String transferId,
                                     @Header(RouteVariables.CORRELATION_ID) String correlationId,
                                 @Variable(RouteVariables.PRINCIPAL) String actor) {
        return db.inTransaction(() -> {
            PaymentRow locked = store.lock(payment.id()).orElseThrow();
            Map<String, Object> params = new HashMap<>();
            params.put("id", payment.id().toString());
            params.put("transferId", transferId);
            params.put("transferGroup", transferGroup(locked.orderId()));
            params.put("payeeAmount", payeeAmount(locked));
            params.put("payeeId", locked.payeeId());
            db.update("escrow/record-release", params);
            store.apply(payment.id(), PaymentChange.to(PaymentStatus.RELEASED, "escrow-release",
                    "transfer " + transferId + " of " + payeeAmount(locked) + " to " + locked.payeeId()), Cause.request(correlationId, actor));
            return store.finishOperation(payment.id(), Operation.RELEASE).or(() -> store.find(payment.id())).orElseThrow();
        });
    }

    private long payeeAmount(PaymentRow payment) {
        long received = payment.amountReceived();
        return received - Math.floorDiv(received * platformFeeBps, 10_000);
    }

    // ---- revert

    /** Loads the payment and refuses what cannot be reverted, before any Stripe call; a reverted payment is returned as it is. */
    public PaymentRow prepareRevert(@Header("order_id") String orderId, @Variable("paymentRef") String paymentRef,
                                    Exchange exchange) {
        PaymentRow payment = locate(orderId, paymentRef);
        PaymentLogContext.about(exchange, payment.id());
        if (!EscrowRules.reverted(payment)) {
            EscrowRules.requireRevertible(payment);
        }
        return payment;
    }

    /**
     * Decides the revert under the row lock: a release decided first or another operation in flight is 409.
     * A captured hold is refunded through the refund reservation like any refund (all that is left), in this
     * same transaction, so a revert racing a refund request can never refund more than was captured: the one
     * that comes second is refused (409 over-refund) before Stripe is called.
     */
    public PaymentRow decideRevert(@Variable("payment") PaymentRow payment,
                                   @Variable(RouteVariables.REQUEST) EscrowRequests.Revert request,
                                   @Variable(RouteVariables.OPERATION_ID) UUID owner,
                                   @Variable(RouteVariables.PRINCIPAL) String principal,
                                   @Header(RouteVariables.CORRELATION_ID) String correlationId) {
        return db.inTransaction(() -> {
            PaymentRow locked = store.lock(payment.id()).orElseThrow();
            if (EscrowRules.reverted(locked)) {
                return locked;
            }
            EscrowRules.requireRevertible(locked);
            PaymentStore.requireNoOtherOperation(locked, Operation.REVERT, owner);
            Map<String, Object> params = new HashMap<>();
            params.put("id", payment.id().toString());
            params.put("reason", request == null ? null : request.reason());
            db.update("escrow/record-revert-decision", params);
            if (locked.status() == PaymentStatus.SUCCEEDED) {
                Map<String, String> metadata = new LinkedHashMap<>();
                if (request != null && request.reason() != null) {
                    metadata.put("revert_reason", request.reason().length() > 400 ? request.reason().substring(0, 400) : request.reason());
                }
                refunds.reserveLocked(locked, new RefundCommand(revertRefundId(payment.id()), payment.id(), null,
                        "requested_by_customer", metadata, correlationId, principal == null ? "kafka" : principal, "escrow"));
            }
            store.claimOperation(payment.id(), Operation.REVERT, owner, correlationId, leaseSeconds);
            return store.find(payment.id()).orElseThrow();
        });
    }

    /** The Stripe call of a revert, for a hold not captured: cancel it (idempotency key from the payment id). */
    public IntentSnapshot cancel(@Variable("payment") PaymentRow payment) {
        if (!EscrowRules.cancelable(payment)) {
            return null;
        }
        return store.attempt(payment.id(), Operation.REVERT,
                () -> gateway.cancel(payment.paymentIntentId(), StripeIdempotencyKeys.of("payment-cancel", payment.id())));
    }

    /**
     * The Stripe call of a revert, for a captured hold: the refund reserved when the revert was decided (all
     * that was left), under that refund's idempotency key. A refusal from Stripe fails the refund, which frees
     * its reservation.
     */
    public PaymentGateway.RefundSnapshot refund(@Variable("payment") PaymentRow payment) {
        if (payment.status() != PaymentStatus.SUCCEEDED) {
            return null;
        }
        RefundRow reserved = refunds.find(revertRefundId(payment.id())).orElseThrow();
        Map<String, String> metadata = new LinkedHashMap<>(reserved.metadata());
        metadata.put("payroute_payment_id", payment.id().toString());
        metadata.put("payroute_refund_id", reserved.id().toString());
        metadata.put("payroute_reference", reserved.reference());
        try {
            return store.attempt(payment.id(), Operation.REVERT, () -> gateway.refund(payment.paymentIntentId(), reserved.amount(),
                    reserved.reason(), metadata, reserved.stripeIdempotencyKey()));
        } catch (GatewayException.Rejected rejected) {
            refunds.recordRefused(reserved, rejected.code(), rejected.getMessage());
            throw rejected;
        }
    }

    /** Records the cancel or the refund (through the refund's own record, with its events), with its event; the revert is finished. */
    public PaymentRow recordRevert(@Variable("payment") PaymentRow payment, @Variable("intent") IntentSnapshot canceled,
                                   @Variable("refund") PaymentGateway.RefundSnapshot refund,
                                   @Header(RouteVariables.CORRELATION_ID) String correlationId,
                                 @Variable(RouteVariables.PRINCIPAL) String actor) {
        UUID paymentId = payment.id();
        return db.inTransaction(() -> {
            store.lock(paymentId).orElseThrow();
            if (canceled != null) {
                store.apply(paymentId, PaymentChange.fromIntent(canceled, "escrow-revert"), Cause.request(correlationId, actor));
            } else if (refund != null) {
                refunds.recordAnswer(refunds.find(revertRefundId(paymentId)).orElseThrow(), refund);
            }
            return store.finishOperation(paymentId, Operation.REVERT).or(() -> store.find(paymentId)).orElseThrow();
        });
    }

    /** The id of the refund a revert of this payment reserves: one per payment, so a resumed revert finds its own. */
    static UUID revertRefundId(UUID paymentId) {
        return UUID.nameUUIDFromBytes(("escrow-revert-refund:" + paymentId).getBytes(StandardCharsets.UTF_8));
    }

    // ---- lookups

    /**
     * The escrow payment of the order in the path, or the escrow payment named by id (ours or the client's custom
     * id). A payment captured at once is not an escrow payment: by id it is not found here, as by order.
     */
    public PaymentRow locate(@Header("order_id") String orderId, @Variable("paymentRef") String paymentRef) {
        if (paymentRef != null) {
            return byPaymentRef(paymentRef).orElseThrow(() -> Refusal.notFound("no escrow payment " + paymentRef));
        }
        return store.findBy("escrow/select-by-order", Map.of("orderId", orderId == null ? "" : orderId))
                .orElseThrow(() -> Refusal.notFound("no escrow payment for order " + orderId));
    }

    /**
     * The escrow payment with this id, ours or the client's custom one. A custom id is never another payment's id
     * (reserveHold refuses it), so at most one payment answers to a reference; should two ever do, the
     * reference is refused (409) rather than one of them picked.
     */
    public Optional<PaymentRow> byPaymentRef(String ref) {
        Optional<PaymentRow> byId = byOurId(ref);
        Optional<PaymentRow> byCustomId = byCustomId(ref);
        if (byId.isPresent() && byCustomId.isPresent() && !byId.get().id().equals(byCustomId.get().id())) {
            throw Refusal.conflict("payment-id-ambiguous", "payment id " + ref + " names two payments").with("payment_id", ref);
        }
        return byId.or(() -> byCustomId).filter(PaymentRow::escrow);
    }

    /**
     * A client's own payment id must name only its payment: refused (409) when it is another payment's id, or when
     * the id derived from it is another payment's custom id. Run before the hold is reserved.
     */
    private void requireUnambiguousCustomId(String externalPaymentId, String field, UUID paymentId) {
        byOurId(externalPaymentId).or(() -> byCustomId(paymentId.toString()))
                .filter(other -> !other.id().equals(paymentId)).ifPresent(other -> {
            throw new Refusal(Refusal.Kind.CONFLICT, "payment-id-in-use", field + " " + externalPaymentId
                    + " is another payment's id; choose an id of your own", field);
        });
    }

    /** The payment whose payroute id this is; empty when there is none, or the text is no UUID (a client's own id). */
    private Optional<PaymentRow> byOurId(String ref) {
        try {
            return store.find(UUID.fromString(ref));
        } catch (IllegalArgumentException notAUuid) {
            return Optional.empty();
        }
    }

    private Optional<PaymentRow> byCustomId(String ref) {
        return store.findBy("escrow/select-by-external-id", Map.of("externalPaymentId", ref));
    }

    static String transferGroup(String orderId) {
        return orderId == null ? null : "order_" + orderId;
    }
}
