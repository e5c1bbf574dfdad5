INSERT INTO verification_records (id, payment_id, payment_intent_id, event_id, organizer_id, user_id, amount,
                                  currency, status, source)
VALUES (:#id, CAST(:#paymentId AS uuid), :#paymentIntentId, :#eventId, :#organizerId, :#userId, :#amount,
        :#currency, :#status, :#source)
ON CONFLICT (payment_id, status) DO NOTHING
