UPDATE payments
SET escrow_decision = 'REVERT', revert_reason = COALESCE(:#reason, revert_reason)
WHERE id = CAST(:#id AS uuid) AND (escrow_decision IS NULL OR escrow_decision = 'REVERT')
