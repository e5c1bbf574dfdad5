package dev.payroute.escrow;

import dev.payroute.domain.PaymentStatus;
import dev.payroute.http.HttpReplies;
import dev.payroute.payments.PaymentRow;
import dev.payroute.payments.PaymentViews;
import dev.payroute.stripe.IntentSnapshot;
import org.apache.camel.Exchange;

import java.util.Map;

/** The canonical escrow replies: the payment with its hold, transfer and decision. */
public final class EscrowViews {

    private final HttpReplies replies;

    public EscrowViews(HttpReplies replies) {
        this.replies = replies;
    }

    /** Takes Exchange: it writes the reply (200) for the payment row in the body and the variable intent. */
    public void reply(Exchange exchange) {
        replies.reply(exchange, 200, "application/json",
                view(exchange.getMessage().getBody(PaymentRow.class), exchange.getVariable("intent", IntentSnapshot.class)));
    }

    static Map<String, Object> view(PaymentRow row, IntentSnapshot intent) {
        Map<String, Object> view = PaymentViews.full(row);
        view.put("external_payment_id", row.externalPaymentId());
        view.put("hold_expires_at", PaymentViews.timestamp(row.holdExpiresAt()));
        view.put("transfer_id", row.transferId());
        view.put("transfer_group", row.transferGroup());
        view.put("payee_amount", row.payeeAmount());
        view.put("escrow_decision", row.escrowDecision());
        if (intent != null && intent.paymentStatus() == PaymentStatus.REQUIRES_ACTION && intent.id().equals(row.paymentIntentId())) {
            // The customer must authenticate: this caller gets what Stripe.js needs, once.
            view.put("client_secret", intent.clientSecret());
            view.put("next_action", PaymentViews.nextAction(intent));
        }
        return view;
    }
}
