-- Invoices. Amounts are minor units of currency, computed by payroute from the lines (domain/InvoiceTotals)
-- and stored with them, so what was issued is what is shown, whatever the rounding rules become later.
--
-- number          INV-<year>-<6+ digits>, gap-free per year: taken from invoice_number_counters in the
--                 transaction that inserts the invoice, so a create that rolls back leaves no gap and two
--                 concurrent creates wait for each other's counter row.
-- status          draft → open | void; open → paid | void | uncollectible (domain/InvoiceTransitions).
-- lines           [{description, quantity, unit_amount, tax_rate_bps, amount, tax}] as issued.
-- payment_id      the payment that pays it: when the payment succeeds the invoice is marked paid in the same
--                 transaction (PaymentStore.apply).
CREATE TABLE invoice_number_counters (
    year        integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 9999),
    last_number bigint  NOT NULL CHECK (last_number >= 1)
);

CREATE TABLE invoices (
    id            uuid PRIMARY KEY,
    number        text NOT NULL UNIQUE CHECK (number ~ '^INV-[0-9]{4}-[0-9]{6,}$'),
    year          integer NOT NULL,
    sequence      bigint NOT NULL,
    status        text NOT NULL CHECK (status IN ('draft', 'open', 'paid', 'void', 'uncollectible')),
    booking_id    text NOT NULL,
    customer_id   text NOT NULL,
    payment_id    uuid,
    currency      text NOT NULL CHECK (currency ~ '^[a-z]{3}$'),
    lines         jsonb NOT NULL,
    subtotal      bigint NOT NULL CHECK (subtotal >= 0),
    tax           bigint NOT NULL CHECK (tax >= 0),
    total         bigint NOT NULL CHECK (total = subtotal + tax),
    due_date      date,
    issued_at     timestamptz,
    paid_at       timestamptz,
    voided_at     timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (year, sequence)
);

CREATE INDEX invoices_booking_idx ON invoices (booking_id, created_at DESC);
CREATE INDEX invoices_payment_idx ON invoices (payment_id) WHERE payment_id IS NOT NULL;
