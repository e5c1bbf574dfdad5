SELECT balance FROM credit_accounts WHERE user_id = :#userId
