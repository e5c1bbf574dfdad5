SELECT stripe_event_id, event_type, object_id, status, outcome, attempts, received_at, processed_at
FROM webhook_events
WHERE object_id = CAST(:#intentId AS text)
   OR object_id IN (SELECT stripe_refund_id FROM refunds WHERE payment_id = CAST(:#id AS uuid))
ORDER BY received_at, id
