SELECT * FROM storefront_carts WHERE payment_id = CAST(:#paymentId AS uuid)
