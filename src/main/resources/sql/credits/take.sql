UPDATE credit_accounts
SET balance = balance - :#credits, updated_at = now()
WHERE user_id = :#userId AND balance >= :#credits
RETURNING balance
