SELECT source, count(*) AS open_dead_letters FROM dead_letters WHERE replayed_at IS NULL GROUP BY source
