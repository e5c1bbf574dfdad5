-- The payments whose waiting rows the next rabbit relay run may claim: the oldest ones, by their first waiting
-- row. Only the first :#scanRows waiting rows without a live lease are read (index outbox_rabbit_waiting_idx,
-- V12), so a run costs the same with a backlog of a hundred rows or of a million. A payment seen here may
-- still have a live lease on an older row; the claim (rabbit-claim.sql) looks again and skips it.
SELECT aggregate_id
FROM (SELECT aggregate_id, min(id) AS first_id
      FROM (SELECT aggregate_id, id
            FROM outbox
            WHERE rabbit_published_at IS NULL
              AND (rabbit_claimed_until IS NULL OR rabbit_claimed_until < now())
            ORDER BY id
            LIMIT :#scanRows) AS waiting
      GROUP BY aggregate_id
      ORDER BY first_id
      LIMIT :#aggregates) AS candidates
WHERE pg_try_advisory_xact_lock(hashtext('outbox-rabbit:' || aggregate_id))
ORDER BY first_id
