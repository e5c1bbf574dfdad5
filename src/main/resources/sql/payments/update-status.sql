-- The payment as updated, and whether anything follows its capture or refund in the same transaction
-- (PaymentStore.CaptureFollower): an invoice still to be paid, or a storefront cart whose order it makes.
-- Both are written under the payment's row lock, which the caller holds, so the answer is exact.
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
RETURNING *,
    EXISTS (SELECT 1 FROM invoices i WHERE i.payment_id = payments.id AND i.status IN ('draft', 'open'))
    OR EXISTS (SELECT 1 FROM storefront_carts c WHERE c.payment_id = payments.id) AS followed
