UPDATE orders
SET status = 'REFUNDED', credits_returned = total_credits, updated_at = now()
WHERE id = CAST(:#id AS uuid) AND paid_with = 'credits'
