SELECT s.*, c.order_id
FROM checkout_sessions s
LEFT JOIN storefront_carts c ON c.payment_id = s.payment_id
WHERE s.stripe_session_id = :#id
