-- The history of a user (sql/billing/user-history.sql) counts as spent what the user paid, named in user_id
-- or, for the booking service's payments, in guest_id. payments_user_id_idx (V1) serves the first; this one
-- serves the second, so the OR stays a bitmap of two index lookups rather than a scan of every payment.
CREATE INDEX payments_guest_id_idx ON payments (guest_id) WHERE guest_id IS NOT NULL;
