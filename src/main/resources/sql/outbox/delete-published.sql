DELETE FROM outbox
WHERE id IN (SELECT id FROM outbox
             WHERE (CAST(:#kafkaRelayed AS boolean) OR CAST(:#rabbitRelayed AS boolean))
               AND (NOT CAST(:#kafkaRelayed AS boolean)
                    OR kafka_published_at < now() - make_interval(days => CAST(:#retentionDays AS integer)))
               AND (NOT CAST(:#rabbitRelayed AS boolean)
                    OR rabbit_published_at < now() - make_interval(days => CAST(:#retentionDays AS integer)))
             ORDER BY id
             LIMIT CAST(:#batchSize AS integer))
