INSERT INTO payees (payee_id, connect_account_id) VALUES (:#payeeId, :#connectAccountId)
ON CONFLICT (payee_id) DO UPDATE SET connect_account_id = EXCLUDED.connect_account_id, updated_at = now()
RETURNING payee_id, connect_account_id, created_at, updated_at
