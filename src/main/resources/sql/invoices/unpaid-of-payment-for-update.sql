SELECT * FROM invoices
WHERE payment_id = CAST(:#paymentId AS uuid) AND status IN ('draft', 'open')
ORDER BY number
FOR UPDATE
