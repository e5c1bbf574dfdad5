-- A payee's first Connect account (a release that names it registers the payee); an account registered already is
-- kept as it is (only PUT /api/v1/payees changes it). Returns the payee's account either way.
WITH inserted AS (
    INSERT INTO payees (payee_id, connect_account_id) VALUES (:#payeeId, :#connectAccountId)
    ON CONFLICT (payee_id) DO NOTHING
    RETURNING connect_account_id
)
SELECT connect_account_id FROM inserted
UNION ALL
SELECT connect_account_id FROM payees WHERE payee_id = :#payeeId AND NOT EXISTS (SELECT 1 FROM inserted)
