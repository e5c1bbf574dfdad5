SELECT * FROM payments
WHERE order_id = :#orderId AND capture_method = 'manual'
ORDER BY (status IN ('FAILED', 'CANCELED')), created_at DESC
LIMIT 1
