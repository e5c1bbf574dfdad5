SELECT * FROM invoices WHERE id = CAST(:#id AS uuid) FOR UPDATE
