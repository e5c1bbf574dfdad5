SELECT * FROM webhook_events WHERE id = :#id
