SELECT * FROM payments
WHERE order_id = :#orderId AND capture_method = 'manual' AND status NOT IN ('FAILED', 'CANCELED')
