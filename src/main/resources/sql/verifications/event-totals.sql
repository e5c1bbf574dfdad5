-- What the event's payments that succeeded hold now, per currency (sorted): captured less refunds, of the
-- payments with a SUCCEEDED verification record for this event and organiser that are not refunded in full.
SELECT p.currency, sum(p.amount_received - p.amount_refunded) AS total_paid
FROM payments p
WHERE p.id IN (SELECT v.payment_id FROM verification_records v
               WHERE v.event_id = :#eventId AND v.organizer_id = :#organizerId AND v.status = 'SUCCEEDED')
  AND p.status IN ('SUCCEEDED', 'RELEASED', 'PARTIALLY_REFUNDED', 'DISPUTED')
  AND p.amount_received > p.amount_refunded
GROUP BY p.currency
ORDER BY p.currency
