INSERT INTO invoices (id, number, year, sequence, status, booking_id, customer_id, payment_id, currency, lines,
                      subtotal, tax, total, due_date)
VALUES (:#id, :#number, :#year, :#sequence, 'draft', :#bookingId, :#customerId, CAST(:#paymentId AS uuid), :#currency,
        CAST(:#lines AS jsonb), :#subtotal, :#tax, :#total, CAST(:#dueDate AS date))
