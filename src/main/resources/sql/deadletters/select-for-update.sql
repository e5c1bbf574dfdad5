SELECT id, source, reference, replayed_at FROM dead_letters WHERE id = :#id FOR UPDATE
