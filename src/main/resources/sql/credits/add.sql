INSERT INTO credit_accounts (user_id, balance)
VALUES (:#userId, :#credits)
ON CONFLICT (user_id) DO UPDATE SET balance = credit_accounts.balance + EXCLUDED.balance, updated_at = now()
RETURNING balance
