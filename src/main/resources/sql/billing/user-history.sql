-- A user's totals, one row per currency in which they have counted payments (sorted by currency): spent as
-- the payer, named as user_id or as guest_id (a payment naming them in both is one payment), captured less
-- refunds; earned as the payee, transferred. With nothing counted, one row with counted false and zero totals
-- whose currency is that of any of the user's payments (null when they have none).
WITH spent AS (
    SELECT currency, sum(amount_received - amount_refunded) AS total_spent, count(*) AS spent_count
    FROM payments
    WHERE (user_id = :#userId OR guest_id = :#userId)
      AND status IN ('SUCCEEDED', 'RELEASED', 'PARTIALLY_REFUNDED', 'DISPUTED')
    GROUP BY currency
), earned AS (
    SELECT currency, sum(coalesce(payee_amount, 0)) AS total_earned, count(*) AS earned_count
    FROM payments
    WHERE payee_id = :#userId AND status IN ('RELEASED', 'PARTIALLY_REFUNDED', 'DISPUTED') AND transfer_id IS NOT NULL
    GROUP BY currency
)
SELECT currency, true AS counted,
       coalesce(total_spent, 0) AS total_spent, coalesce(total_earned, 0) AS total_earned,
       coalesce(spent_count, 0) AS spent_count, coalesce(earned_count, 0) AS earned_count
FROM spent FULL JOIN earned USING (currency)
UNION ALL
SELECT min(currency), false, 0, 0, 0, 0
FROM payments
WHERE user_id = :#userId OR guest_id = :#userId OR payee_id = :#userId
HAVING NOT EXISTS (SELECT 1 FROM spent) AND NOT EXISTS (SELECT 1 FROM earned)
ORDER BY currency
