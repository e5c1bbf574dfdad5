-- A transient failure: the refund stays PENDING and is sent again after a pause that doubles each time.
UPDATE refunds
SET attempts        = attempts + 1,
    last_error      = :#error,
    next_attempt_at = now() + make_interval(secs => LEAST(CAST(:#maxSeconds AS integer),
                                                          CAST(:#baseSeconds AS integer) * power(2, LEAST(attempts, 20))::integer)),
    updated_at      = now()
WHERE id = CAST(:#id AS uuid) AND status = 'PENDING'
