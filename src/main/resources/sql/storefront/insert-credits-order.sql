INSERT INTO orders (id, user_id, status, paid_with, payment_id, items, total_cents, currency, total_credits, correlation_id)
VALUES (CAST(:#id AS uuid), :#userId, 'PAID', 'credits', NULL, CAST(:#items AS jsonb), :#totalCents, 'usd', :#totalCredits,
        :#correlationId)
