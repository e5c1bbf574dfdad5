UPDATE orders
SET status          = :#status,
    amount_refunded = GREATEST(amount_refunded, :#amountRefunded),
    updated_at      = now()
WHERE payment_id = CAST(:#paymentId AS uuid)
  AND (status <> :#status OR amount_refunded < :#amountRefunded)
RETURNING id
