-- Reconciliation claims every checkout session still open past its age, whatever its payment's status
-- (sql/storefront/reconcile-checkout-claim.sql); open sessions are few among all sessions ever created, so the
-- claim reads them in created_at order from this index rather than scanning the table.
CREATE INDEX checkout_sessions_open_idx ON checkout_sessions (created_at) WHERE status = 'open';
