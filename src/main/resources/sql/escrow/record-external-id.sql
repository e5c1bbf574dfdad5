UPDATE payments SET external_payment_id = :#externalPaymentId WHERE id = CAST(:#id AS uuid)
