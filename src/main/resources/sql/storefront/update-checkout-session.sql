UPDATE checkout_sessions
SET status            = :#status,
    payment_status    = :#paymentStatus,
    payment_intent_id = COALESCE(:#paymentIntentId, payment_intent_id),
    updated_at        = now()
WHERE stripe_session_id = :#sessionId
