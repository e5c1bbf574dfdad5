SELECT * FROM credit_entries WHERE id = CAST(:#id AS uuid)
