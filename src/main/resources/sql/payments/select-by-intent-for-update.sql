SELECT * FROM payments WHERE payment_intent_id = :#paymentIntentId FOR UPDATE
