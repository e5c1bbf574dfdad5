SELECT * FROM payments WHERE id = CAST(:#id AS uuid) FOR UPDATE
