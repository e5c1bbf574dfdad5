SELECT id, kind, invoice_id, refund_id, amount, currency, actor, correlation_id, created_at
FROM billing_records
WHERE payment_id = CAST(:#id AS uuid)
ORDER BY created_at, id
