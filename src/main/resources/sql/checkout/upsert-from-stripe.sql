INSERT INTO checkout_sessions (stripe_session_id, status, payment_status, payment_intent_id, amount_total, currency,
                               customer_email, client_reference_id, payment_id)
VALUES (:#sessionId, :#status, :#paymentStatus, :#paymentIntentId, :#amountTotal, :#currency, :#customerEmail,
        :#clientReferenceId, CAST(:#paymentId AS uuid))
ON CONFLICT (stripe_session_id) DO UPDATE
SET status            = EXCLUDED.status,
    payment_status    = EXCLUDED.payment_status,
    payment_intent_id = COALESCE(EXCLUDED.payment_intent_id, checkout_sessions.payment_intent_id),
    payment_id        = COALESCE(EXCLUDED.payment_id, checkout_sessions.payment_id),
    updated_at        = now()
