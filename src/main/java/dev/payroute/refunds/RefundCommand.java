package dev.payroute.refunds;

import java.util.Map;
import java.util.UUID;

/**
 * A request to refund a payment, from any door (the canonical API, the event billing route, booking
 * cancellations, the storefront): the one input of route {@code direct:refund-create}.
 *
 * @param refundId      our id for the refund; the Stripe idempotency key derives from it, so a door that
 *                      may deliver the same request twice (a redelivered message) passes an id derived from
 *                      its message id and gets the same refund back; null: a new id
 * @param paymentId     our payment's id
 * @param amount        minor units, or null for all that is left to refund
 * @param reason        duplicate, fraudulent or requested_by_customer, or null
 * @param metadata      the caller's metadata (kept on our row and sent to Stripe)
 * @param correlationId the request's or message's correlation id; every refund.* event of the refund carries it
 * @param requestedBy   who asked: the API key's name, or kafka, rabbitmq, stripe
 * @param source        the door: api, event-billing, rabbitmq, audiobook, escrow, ...
 */
public record RefundCommand(UUID refundId, UUID paymentId, Long amount, String reason, Map<String, String> metadata,
                            String correlationId, String requestedBy, String source) {

    public RefundCommand {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
