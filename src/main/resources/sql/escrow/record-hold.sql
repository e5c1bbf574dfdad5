UPDATE payments
SET stripe_customer_id = :#stripeCustomerId,
    hold_expires_at    = now() + make_interval(days => :#holdDays),
    payee_id           = COALESCE(:#payeeId, payee_id)
WHERE id = CAST(:#id AS uuid)
