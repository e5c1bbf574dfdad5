UPDATE payments
SET transfer_id = :#transferId, transfer_group = :#transferGroup, payee_amount = :#payeeAmount,
    payee_id = :#payeeId
WHERE id = CAST(:#id AS uuid)
