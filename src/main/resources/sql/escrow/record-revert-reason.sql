UPDATE payments SET revert_reason = :#reason WHERE id = CAST(:#id AS uuid)
