SELECT id, source, event_id, routing_key, payload_sealed, replayed_at FROM dead_letters WHERE id = :#id
