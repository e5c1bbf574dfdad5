SELECT count(*) FILTER (WHERE kafka_published_at IS NULL) AS kafka_backlog,
       count(*) FILTER (WHERE kafka_published_at IS NULL AND kafka_claimed_until >= now()) AS kafka_in_flight,
       CAST(coalesce(floor(extract(epoch FROM now() - min(created_at) FILTER (WHERE kafka_published_at IS NULL))), 0) AS bigint)
           AS kafka_oldest_seconds,
       count(*) FILTER (WHERE rabbit_published_at IS NULL) AS rabbit_backlog,
       count(*) FILTER (WHERE rabbit_published_at IS NULL AND rabbit_claimed_until >= now()) AS rabbit_in_flight,
       CAST(coalesce(floor(extract(epoch FROM now() - min(created_at) FILTER (WHERE rabbit_published_at IS NULL))), 0) AS bigint)
           AS rabbit_oldest_seconds
FROM outbox
WHERE kafka_published_at IS NULL OR rabbit_published_at IS NULL
