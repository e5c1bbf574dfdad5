SELECT status, count(*) AS payments FROM payments GROUP BY status
