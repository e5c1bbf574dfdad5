SELECT * FROM verification_records WHERE id = CAST(:#id AS uuid)
