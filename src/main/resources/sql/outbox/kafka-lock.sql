SELECT aggregate_id
FROM (SELECT aggregate_id, min(id) AS first_id
      FROM outbox
      WHERE kafka_published_at IS NULL
      GROUP BY aggregate_id
      HAVING bool_and(kafka_claimed_until IS NULL OR kafka_claimed_until < now())
      ORDER BY first_id
      LIMIT :#aggregates) AS candidates
WHERE pg_try_advisory_xact_lock(hashtext('outbox-kafka:' || aggregate_id))
ORDER BY first_id
