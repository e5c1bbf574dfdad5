SELECT id, kind, payment_id, invoice_id, refund_id, booking_id, guest_id, user_id, amount, currency, actor,
       correlation_id, created_at, count(*) OVER () AS total_count
FROM billing_records
WHERE guest_id = :#key OR user_id = :#key
ORDER BY created_at DESC, id DESC
LIMIT :#limit OFFSET :#offset
