SELECT COALESCE(sum(amount) FILTER (WHERE status IN ('PENDING', 'SUCCEEDED')), 0) AS active,
       COALESCE(sum(amount) FILTER (WHERE status = 'SUCCEEDED'), 0) AS succeeded,
       count(*) AS refunds
FROM refunds WHERE payment_id = CAST(:#paymentId AS uuid)
