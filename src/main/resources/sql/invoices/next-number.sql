INSERT INTO invoice_number_counters (year, last_number)
VALUES (:#year, 1)
ON CONFLICT (year) DO UPDATE SET last_number = invoice_number_counters.last_number + 1
RETURNING last_number
