package dev.payroute.escrow;

import dev.payroute.domain.PaymentStatus;
import dev.payroute.RouteVariables;
import dev.payroute.billing.BillingRecords;
import dev.payroute.payments.PaymentLogContext;
import dev.payroute.payments.PaymentRow;
import dev.payroute.payments.PaymentChange;
import dev.payroute.payments.PaymentStore;
import dev.payroute.payments.PaymentStore.Operation;
import dev.payroute.sql.Database;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Resumes escrow operations left unfinished (routes/escrow/escrow-sweeper): a release whose transfer
 * failed after the capture, a revert whose cancel or refund Stripe did not answer, a hold whose creation
 * was interrupted. Each is run again through its own route, under its own operation id (so it takes its
 * own claim over) and with the correlation id of the request or command that started it. Stripe sees
 * the same idempotency keys, so nothing is captured, transferred or refunded twice.
 */
public final class EscrowSweeper {

    public static final String RESUME = "escrowResume";
    /** Stripe keeps idempotency keys for 24 hours; a hold creation not settled well before that is given up. */
    static final Duration HOLD_REPLAY_WINDOW = Duration.ofHours(23);
    private static final Logger LOG = LoggerFactory.getLogger(EscrowSweeper.class);

    private final PaymentStore store;
    private final Database db;
    private final int retryBaseSeconds;

    public EscrowSweeper(PaymentStore store, Database db, int retryBaseSeconds) {
        this.store = store;
        this.db = db;
        this.retryBaseSeconds = retryBaseSeconds;
    }

    /**
     * The body is a row claimed by sql/operations/claim-unfinished.sql. Takes Exchange: it sets the route
     * variables and the correlation id header the operation's route reads (variable escrowResume names the
     * operation to run, or NONE when there is nothing left to do).
     */
    public void resume(Exchange exchange) {
        @SuppressWarnings("unchecked")
        Map<String, Object> claimed = exchange.getMessage().getBody(Map.class);
        UUID paymentId = (UUID) claimed.get("id");
        Operation operation = Operation.valueOf((String) claimed.get("operation"));
        String correlationId = (String) claimed.get("correlation_id");
        PaymentLogContext.about(exchange, paymentId);
        exchange.setVariable("paymentRef", paymentId.toString());
        exchange.setVariable(RouteVariables.OPERATION_ID, claimed.get("operation_owner"));
        exchange.getMessage().setHeader(RouteVariables.CORRELATION_ID, correlationId);
        exchange.setVariable(RouteVariables.PRINCIPAL, BillingRecords.ESCROW_SWEEPER);
        PaymentRow payment = store.find(paymentId).orElseThrow();
        exchange.setVariable("payment", payment);
        String moot = mootReason(operation, payment);
        if (moot != null) {
            LOG.warn("escrow {} of payment {} ends without Stripe: {}", operation, paymentId, moot);
            store.finishOperation(paymentId, operation);
            exchange.setVariable(RESUME, "NONE");
            return;
        }
        LOG.info("resuming the unfinished escrow {} of payment {}", operation, paymentId);
        exchange.setVariable(RESUME, operation.name());
    }

    /**
     * Before a hold creation is replayed: one too old to replay under Stripe's idempotency window is
     * failed (and null returned, nothing to replay); otherwise the reservation to replay.
     */
    public PaymentRow resumeHold(@Variable("payment") PaymentRow payment, @Header(RouteVariables.CORRELATION_ID) String correlationId) {
        if (!payment.createdAt().isBefore(Instant.now().minus(HOLD_REPLAY_WINDOW))) {
            return payment;
        }
        db.inTransaction(() -> {
            store.apply(payment.id(), new PaymentChange(PaymentStatus.FAILED, "escrow-sweeper",
                    "the hold's creation was never confirmed by Stripe", null, null, null, null, "hold_not_confirmed",
                    "the hold could not be confirmed with Stripe; authorise the order again"),
                    PaymentStore.Cause.request(correlationId, BillingRecords.ESCROW_SWEEPER));
            store.finishOperation(payment.id(), Operation.AUTHORIZE);
            return null;
        });
        return null;
    }

    /** An attempt failed: recorded on the payment for admins, tried again after a growing pause. */
    public void failed(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable cause, @Variable("payment") PaymentRow payment,
                       @Variable(RESUME) String operation) {
        String error = cause == null ? "unknown" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        LOG.warn("escrow {} of payment {} failed again ({}); the sweeper tries it later", operation,
                payment == null ? null : payment.id(), error);
        if (payment != null && operation != null && !operation.equals("NONE")) {
            store.recordOperationFailure(payment.id(), Operation.valueOf(operation), error, retryBaseSeconds);
        }
    }

    private static String mootReason(Operation operation, PaymentRow payment) {
        PaymentStatus status = payment.status();
        switch (operation) {
            case AUTHORIZE:
                return payment.paymentIntentId() != null ? "the hold exists" : null;
            case RELEASE:
                return status == PaymentStatus.AUTHORIZED || status == PaymentStatus.SUCCEEDED ? null
                        : "the payment is " + status + ", nothing left to release";
            case REVERT:
                return status == PaymentStatus.CANCELED || status == PaymentStatus.REFUNDED || status == PaymentStatus.RELEASED
                        ? "the payment is " + status + " already" : null;
            default:
                return "not an escrow operation";
        }
    }
}
