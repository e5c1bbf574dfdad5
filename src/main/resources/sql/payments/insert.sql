INSERT INTO payments (id, reference, status, amount, currency, description, order_id, booking_id, user_id,
                      guest_id, event_id, organizer_id, payee_id, metadata, capture_method, payment_intent_id,
                      livemode, card_brand, card_last4, failure_code, failure_message, correlation_id)
VALUES (:#id, :#reference, :#status, :#amount, :#currency, :#description, :#orderId, :#bookingId, :#userId,
        :#guestId, :#eventId, :#organizerId, :#payeeId, CAST(:#metadata AS jsonb), :#captureMethod,
        :#paymentIntentId, :#livemode, :#cardBrand, :#cardLast4, :#failureCode, :#failureMessage, :#correlationId)
ON CONFLICT (id) DO NOTHING
