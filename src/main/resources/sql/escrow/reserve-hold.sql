INSERT INTO payments (id, reference, status, amount, currency, description, order_id, user_id, payee_id, capture_method,
                      stripe_customer_id, payment_method_id, return_url, external_payment_id, hold_expires_at,
                      operation, operation_owner, operation_until, correlation_id)
VALUES (:#id, :#reference, 'PENDING', :#amount, :#currency, :#description, :#orderId, :#userId, :#payeeId, 'manual',
        :#stripeCustomerId, :#paymentMethodId, :#returnUrl, :#externalPaymentId, now() + make_interval(days => :#holdDays),
        'AUTHORIZE', :#owner, now() + make_interval(secs => :#leaseSeconds), :#correlationId)
ON CONFLICT DO NOTHING
