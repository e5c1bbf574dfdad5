INSERT INTO checkout_sessions (stripe_session_id, status, payment_status, amount_total, currency, customer_email,
                               client_reference_id, payment_id, url, expires_at, success_url, cancel_url, user_id)
VALUES (:#sessionId, :#status, :#paymentStatus, :#amountTotal, :#currency, :#customerEmail, :#clientReferenceId,
        CAST(:#paymentId AS uuid), :#url, :#expiresAt, :#successUrl, :#cancelUrl, :#userId)
ON CONFLICT (stripe_session_id) DO UPDATE
SET url         = EXCLUDED.url,
    expires_at  = EXCLUDED.expires_at,
    success_url = EXCLUDED.success_url,
    cancel_url  = EXCLUDED.cancel_url,
    user_id     = EXCLUDED.user_id,
    payment_id  = COALESCE(checkout_sessions.payment_id, EXCLUDED.payment_id),
    updated_at  = now()
