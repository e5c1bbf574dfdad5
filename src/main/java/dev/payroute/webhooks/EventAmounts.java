package dev.payroute.webhooks;

import dev.payroute.stripe.IntentSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Function;

/**
 * The amounts a payment_intent.* event reports are believed only when one PaymentIntent could have
 * them: an amount above zero, and neither amount_received nor amount_capturable below zero or above
 * the amount. Otherwise the event says something Stripe cannot have meant (a bug, or a forged body
 * signed with a leaked secret), and the intent is read again from Stripe, whose answer is applied.
 */
final class EventAmounts {

    private static final Logger LOG = LoggerFactory.getLogger(EventAmounts.class);

    private EventAmounts() {
    }

    static boolean plausible(IntentSnapshot intent) {
        return intent.amount() > 0
                && within(intent.amountReceived(), intent.amount())
                && within(intent.amountCapturable(), intent.amount());
    }

    /** The event's intent when its amounts can be true, else the intent as Stripe has it now. */
    static IntentSnapshot trusted(IntentSnapshot fromEvent, Function<String, IntentSnapshot> retrieve) {
        if (plausible(fromEvent)) {
            return fromEvent;
        }
        LOG.warn("an event for {} reports amount {}, amount_received {}, amount_capturable {}, which no PaymentIntent"
                        + " can have: reading the intent from Stripe instead", fromEvent.id(), fromEvent.amount(),
                fromEvent.amountReceived(), fromEvent.amountCapturable());
        return retrieve.apply(fromEvent.id());
    }

    private static boolean within(long part, long amount) {
        return part >= 0 && part <= amount;
    }
}
