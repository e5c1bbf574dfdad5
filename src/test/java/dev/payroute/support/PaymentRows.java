package dev.payroute.support;

import dev.payroute.payments.PaymentRow;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Payment rows for unit tests, as the database would return them: a few columns given, the rest defaults. */
public final class PaymentRows {

    private PaymentRows() {
    }

    public static PaymentRow escrow(String status, Object... columns) {
        Map<String, Object> row = new HashMap<>();
        row.put("id", UUID.randomUUID());
        row.put("reference", "PAY-TEST");
        row.put("status", status);
        row.put("amount", 1500L);
        row.put("amount_received", 0L);
        row.put("amount_refunded", 0L);
        row.put("currency", "usd");
        row.put("order_id", "order-1");
        row.put("capture_method", "manual");
        row.put("payment_intent_id", "pi_test");
        row.put("livemode", false);
        row.put("created_at", Timestamp.from(Instant.now()));
        row.put("updated_at", Timestamp.from(Instant.now()));
        for (int i = 0; i < columns.length; i += 2) {
            row.put((String) columns[i], columns[i + 1]);
        }
        return PaymentRow.of(row);
    }
}
