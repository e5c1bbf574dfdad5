INSERT INTO payment_transitions (payment_id, from_status, to_status, outcome, source, reason)
VALUES (CAST(:#paymentId AS uuid), :#fromStatus, :#toStatus, :#outcome, :#source, :#reason)
