SELECT from_status, to_status, outcome, source, reason, occurred_at
FROM payment_transitions
WHERE payment_id = CAST(:#id AS uuid)
ORDER BY id
