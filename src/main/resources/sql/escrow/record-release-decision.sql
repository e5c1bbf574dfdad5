UPDATE payments
SET escrow_decision = 'RELEASE', payee_id = :#payeeId, transfer_destination = :#destination
WHERE id = CAST(:#id AS uuid) AND (escrow_decision IS NULL OR escrow_decision = 'RELEASE')
