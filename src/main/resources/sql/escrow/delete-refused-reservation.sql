DELETE FROM payments
WHERE id = CAST(:#id AS uuid) AND payment_intent_id IS NULL AND status = 'PENDING' AND operation = 'AUTHORIZE'
