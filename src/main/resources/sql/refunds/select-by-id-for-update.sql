SELECT * FROM refunds WHERE id = CAST(:#id AS uuid) FOR UPDATE
