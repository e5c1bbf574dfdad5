SELECT * FROM orders WHERE payment_id = CAST(:#paymentId AS uuid)
