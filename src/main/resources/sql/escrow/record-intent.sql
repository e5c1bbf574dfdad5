UPDATE payments SET payment_intent_id = :#paymentIntentId, livemode = :#livemode, latest_charge_id = :#latestChargeId
WHERE id = CAST(:#id AS uuid) AND (payment_intent_id IS NULL OR payment_intent_id = :#paymentIntentId)
RETURNING *
