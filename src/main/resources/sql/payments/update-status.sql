UPDATE payments
SET status          = :#status,
    amount_received = GREATEST(amount_received, COALESCE(:#amountReceived, 0)),
    amount_refunded = GREATEST(amount_refunded, COALESCE(:#amountRefunded, 0)),
    card_brand      = COALESCE(:#cardBrand, card_brand),
    card_last4      = COALESCE(:#cardLast4, card_last4),
    failure_code    = :#failureCode,
    failure_message = :#failureMessage,
    payment_intent_id = COALESCE(payment_intent_id, :#paymentIntentId),
    version         = version + 1,
    updated_at      = now()
WHERE id = CAST(:#id AS uuid)
