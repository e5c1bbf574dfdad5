SELECT
    (SELECT coalesce(sum(amount_received - amount_refunded), 0) FROM payments
      WHERE (user_id = :#userId OR guest_id = :#userId) AND status IN ('SUCCEEDED', 'RELEASED', 'PARTIALLY_REFUNDED', 'DISPUTED')) AS total_spent,
    (SELECT count(*) FROM payments
      WHERE (user_id = :#userId OR guest_id = :#userId) AND status IN ('SUCCEEDED', 'RELEASED', 'PARTIALLY_REFUNDED', 'DISPUTED')) AS spent_count,
    (SELECT coalesce(sum(coalesce(payee_amount, 0)), 0) FROM payments
      WHERE payee_id = :#userId AND status IN ('RELEASED', 'PARTIALLY_REFUNDED', 'DISPUTED') AND transfer_id IS NOT NULL) AS total_earned,
    (SELECT count(*) FROM payments
      WHERE payee_id = :#userId AND status IN ('RELEASED', 'PARTIALLY_REFUNDED', 'DISPUTED') AND transfer_id IS NOT NULL) AS earned_count,
    (SELECT min(currency) FROM payments WHERE user_id = :#userId OR guest_id = :#userId OR payee_id = :#userId) AS currency
