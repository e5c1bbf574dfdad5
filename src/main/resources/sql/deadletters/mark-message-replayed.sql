UPDATE dead_letters SET replayed_at = now(), replay_count = replay_count + 1 WHERE id = :#id AND replayed_at IS NULL
