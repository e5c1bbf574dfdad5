SELECT * FROM credit_entries WHERE user_id = :#userId ORDER BY created_at DESC, id LIMIT :#limit
