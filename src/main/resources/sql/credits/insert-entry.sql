INSERT INTO credit_entries (id, user_id, kind, credits, balance_after, order_id, reason, actor, correlation_id)
VALUES (CAST(:#id AS uuid), :#userId, :#kind, :#credits, :#balanceAfter, CAST(:#orderId AS uuid), :#reason, :#actor,
        :#correlationId)
