INSERT INTO billing_records (id, kind, payment_id, invoice_id, refund_id, booking_id, guest_id, user_id, amount, currency,
                             actor, correlation_id)
VALUES (:#id, :#kind, CAST(:#paymentId AS uuid), CAST(:#invoiceId AS uuid), :#refundId, :#bookingId, :#guestId, :#userId,
        :#amount, :#currency, :#actor, :#correlationId)
