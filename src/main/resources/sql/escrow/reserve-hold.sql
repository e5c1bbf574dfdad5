-- The order's hold, reserved before Stripe is called (one live hold per order: a unique index), unless the Kafka
-- command running it is in the command log already (commandKey: null for HTTP requests). Returns the new row; none
-- when a row has this id already, the order has its live hold, or the command was done.
INSERT INTO payments (id, reference, status, amount, currency, description, order_id, user_id, payee_id, capture_method,
                      stripe_customer_id, payment_method_id, return_url, external_payment_id, hold_expires_at,
                      operation, operation_owner, operation_until, correlation_id)
SELECT CAST(:#id AS uuid), CAST(:#reference AS text), 'PENDING', CAST(:#amount AS bigint), CAST(:#currency AS text),
       CAST(:#description AS text), CAST(:#orderId AS text), CAST(:#userId AS text), CAST(:#payeeId AS text), 'manual',
       CAST(:#stripeCustomerId AS text), CAST(:#paymentMethodId AS text), CAST(:#returnUrl AS text),
       CAST(:#externalPaymentId AS text), now() + make_interval(days => CAST(:#holdDays AS integer)),
       'AUTHORIZE', CAST(:#owner AS uuid), now() + make_interval(secs => CAST(:#leaseSeconds AS integer)),
       CAST(:#correlationId AS text)
WHERE NOT EXISTS (SELECT 1 FROM camel_messageprocessed
                  WHERE processorname = 'kafka-payment-commands' AND messageid = CAST(:#commandKey AS text))
ON CONFLICT DO NOTHING
RETURNING *
