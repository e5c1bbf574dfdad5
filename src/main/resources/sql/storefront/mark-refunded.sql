UPDATE orders
SET status          = CASE WHEN status = 'AMOUNT_MISMATCH' AND :#status <> 'REFUNDED' THEN status ELSE :#status END,
    amount_refunded = GREATEST(amount_refunded, :#amountRefunded),
    updated_at      = now()
WHERE payment_id = CAST(:#paymentId AS uuid)
  AND (status <> :#status OR amount_refunded < :#amountRefunded)
RETURNING id
