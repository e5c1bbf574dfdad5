SELECT * FROM payments WHERE external_payment_id = :#externalPaymentId
