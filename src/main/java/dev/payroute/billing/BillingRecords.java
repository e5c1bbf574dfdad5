package dev.payroute.billing;

import dev.payroute.sql.Database;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The only writer of billing records. {@link #append} writes in the caller's transaction (call it inside
 * {@link Database#inTransaction}, in the transaction that makes the change it records), so a change and its
 * record commit or roll back together. The database refuses UPDATE, DELETE and TRUNCATE on the table.
 *
 * <p>Actors: the API key's name ({@code key-...}, route variable principal) for HTTP callers; {@link #STRIPE} for
 * changes Stripe reported (webhooks, reconciliation); {@link #KAFKA} for payment commands; {@link #RABBITMQ} for
 * booking events; {@link #ESCROW_SWEEPER} for escrow operations the sweeper finished. {@link #SYSTEM} stands for
 * a cause that named no actor.
 */
public final class BillingRecords {

    public static final String STRIPE = "stripe";
    public static final String KAFKA = "kafka";
    public static final String RABBITMQ = "rabbitmq";
    public static final String ESCROW_SWEEPER = "escrow-sweeper";
    public static final String SYSTEM = "payroute";

    private final Database db;

    public BillingRecords(Database db) {
        this.db = db;
    }

    /** Appends the record in the caller's transaction; returns its id. */
    public UUID append(BillingRecord record) {
        UUID id = UUID.randomUUID();
        Map<String, Object> params = new HashMap<>();
        params.put("id", id);
        params.put("kind", record.kind().wire());
        params.put("paymentId", record.paymentId() == null ? null : record.paymentId().toString());
        params.put("invoiceId", record.invoiceId() == null ? null : record.invoiceId().toString());
        params.put("refundId", record.refundId());
        params.put("bookingId", record.bookingId());
        params.put("guestId", record.guestId());
        params.put("userId", record.userId());
        params.put("amount", record.amount());
        params.put("currency", record.currency());
        params.put("actor", record.actor());
        params.put("correlationId", record.correlationId());
        // Sent with the caller's next statement, or just before its commit.
        db.updateLater("billing/insert", params);
        return id;
    }
}
