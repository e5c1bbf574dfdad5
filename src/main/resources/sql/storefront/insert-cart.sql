INSERT INTO storefront_carts (payment_id, order_id, user_id, channel, checkout_session_id, items, total_cents, currency)
VALUES (CAST(:#paymentId AS uuid), CAST(:#orderId AS uuid), :#userId, :#channel, :#checkoutSessionId,
        CAST(:#items AS jsonb), :#totalCents, :#currency)
ON CONFLICT (payment_id) DO NOTHING
