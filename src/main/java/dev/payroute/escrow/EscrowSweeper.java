package dev.payroute.escrow;

import dev.payroute.domain.PaymentStatus;
import dev.payroute.http.ExchangeKeys;
import dev.payroute.payments.PaymentChange;
import dev.payroute.payments.PaymentStore;
import dev.payroute.payments.PaymentStore.Operation;
import dev.payroute.sql.Database;
import org.apache.camel.Exchange;
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

    /** The body is a row claimed by sql/operations/claim-unfinished.sql; sets what the operation's route needs. */
    public void resume(Exchange exchange) {
        @SuppressWarnings("unchecked")
        Map<String, Object> claimed = exchange.getMessage().getBody(Map.class);
        UUID paymentId = (UUID) claimed.get("id");
        Operation operation = Operation.valueOf((String) claimed.get("operation"));
        String correlationId = (String) claimed.get("correlation_id");
        exchange.setProperty(EscrowOperations.PAYMENT_REF, paymentId.toString());
        exchange.setProperty(EscrowOperations.PAYMENT_ID, paymentId);
        exchange.setProperty(ExchangeKeys.OPERATION_ID, claimed.get("operation_owner"));
        exchange.setProperty(ExchangeKeys.CORRELATION_ID, correlationId);
        exchange.getMessage().setHeader(ExchangeKeys.CORRELATION_ID, correlationId);
        Map<String, Object> payment = store.find(paymentId).orElseThrow();
        String moot = mootReason(operation, payment);
        if (moot != null) {
            LOG.warn("escrow {} of payment {} ends without Stripe: {}", operation, paymentId, moot);
            store.finishOperation(paymentId, operation);
            exchange.setProperty(RESUME, "NONE");
            return;
        }
        LOG.info("resuming the unfinished escrow {} of payment {}", operation, paymentId);
        exchange.setProperty(RESUME, operation.name());
    }

    /** Before a hold creation is replayed: one too old to replay under Stripe's idempotency window is failed. */
    public void resumeHold(Exchange exchange) {
        UUID paymentId = exchange.getProperty(EscrowOperations.PAYMENT_ID, UUID.class);
        Map<String, Object> payment = store.find(paymentId).orElseThrow();
        boolean tooOld = Database.instant(payment.get("created_at")).isBefore(Instant.now().minus(HOLD_REPLAY_WINDOW));
        exchange.setProperty(EscrowOperations.DONE, tooOld);
        if (tooOld) {
            db.inTransaction(() -> {
                store.apply(paymentId, new PaymentChange(PaymentStatus.FAILED, "escrow-sweeper",
                        "the hold's creation was never confirmed by Stripe", null, null, null, null, "hold_not_confirmed",
                        "the hold could not be confirmed with Stripe; authorise the order again"),
                        exchange.getProperty(ExchangeKeys.CORRELATION_ID, String.class));
                store.finishOperation(paymentId, Operation.AUTHORIZE);
                return null;
            });
        }
    }

    /** An attempt failed: recorded on the payment for admins, tried again after a growing pause. */
    public void failed(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        UUID paymentId = exchange.getProperty(EscrowOperations.PAYMENT_ID, UUID.class);
        String operation = exchange.getProperty(RESUME, String.class);
        String error = cause == null ? "unknown" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        LOG.warn("escrow {} of payment {} failed again ({}); the sweeper tries it later", operation, paymentId, error);
        if (paymentId != null && operation != null && !operation.equals("NONE")) {
            store.recordOperationFailure(paymentId, Operation.valueOf(operation), error, retryBaseSeconds);
        }
    }

    private static String mootReason(Operation operation, Map<String, Object> payment) {
        PaymentStatus status = PaymentStatus.valueOf((String) payment.get("status"));
        switch (operation) {
            case AUTHORIZE:
                return payment.get("payment_intent_id") != null ? "the hold exists" : null;
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
