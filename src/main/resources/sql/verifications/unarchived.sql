SELECT * FROM verification_records WHERE archived_at IS NULL ORDER BY created_at LIMIT :#limit
