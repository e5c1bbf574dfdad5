SELECT * FROM orders WHERE id = CAST(:#id AS uuid) FOR UPDATE
