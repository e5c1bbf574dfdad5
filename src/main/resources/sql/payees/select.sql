SELECT payee_id, connect_account_id, created_at, updated_at FROM payees WHERE payee_id = :#payeeId
