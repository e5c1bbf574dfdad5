UPDATE invoices
SET status      = CAST(:#status AS text),
    customer_id = :#customerId,
    lines       = CAST(:#lines AS jsonb),
    subtotal    = :#subtotal,
    tax         = :#tax,
    total       = :#total,
    due_date    = CAST(:#dueDate AS date),
    issued_at   = CASE WHEN CAST(:#status AS text) IN ('open', 'paid', 'uncollectible') THEN COALESCE(issued_at, now())
                       ELSE issued_at END,
    paid_at     = CASE WHEN CAST(:#status AS text) = 'paid' THEN COALESCE(paid_at, now()) ELSE paid_at END,
    voided_at   = CASE WHEN CAST(:#status AS text) = 'void' THEN COALESCE(voided_at, now()) ELSE voided_at END,
    updated_at  = now()
WHERE id = CAST(:#id AS uuid)
