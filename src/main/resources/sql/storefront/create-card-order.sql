INSERT INTO orders (id, user_id, status, paid_with, payment_id, checkout_session_id, items, total_cents, currency,
                    total_credits, correlation_id)
SELECT c.order_id, c.user_id,
       CASE WHEN c.total_cents = CAST(:#amountReceived AS bigint) THEN 'PAID' ELSE 'AMOUNT_MISMATCH' END,
       CASE c.channel WHEN 'checkout_session' THEN 'checkout' ELSE 'card' END,
       c.payment_id, c.checkout_session_id, c.items, c.total_cents, c.currency, NULL, :#correlationId
FROM storefront_carts c
WHERE c.payment_id = CAST(:#paymentId AS uuid)
ON CONFLICT DO NOTHING
RETURNING id, status
