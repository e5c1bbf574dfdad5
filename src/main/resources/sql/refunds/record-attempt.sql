UPDATE refunds SET attempts = attempts + 1, updated_at = now() WHERE id = CAST(:#id AS uuid)
