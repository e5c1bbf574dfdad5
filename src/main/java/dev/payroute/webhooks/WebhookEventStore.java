package dev.payroute.webhooks;

import dev.payroute.security.DataCipher;
import dev.payroute.sql.Database;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** webhook_events rows: raw events sealed at rest, and their processing state. */
public final class WebhookEventStore {

    /**
     * What storing an event found: the row to queue (fresh, or a stored one whose processing never finished and
     * whose claim had lapsed), or none (rowId -1, status null) for a duplicate that is not to be queued.
     */
    public record Stored(long rowId, boolean fresh, String status) {
        static final Stored DUPLICATE = new Stored(-1, false, null);
    }

    private final Database db;
    private final DataCipher cipher;
    private final int leaseSeconds;

    /** @param leaseSeconds how long a stored event is left to its first processor before the sweeper takes it up */
    public WebhookEventStore(Database db, DataCipher cipher, int leaseSeconds) {
        this.db = db;
        this.cipher = cipher;
        this.leaseSeconds = leaseSeconds;
    }

    /** Stores the event and says whether to queue it, in one statement (sql/webhooks/receive.sql). */
    public Stored store(StripeEvent event, String payload) {
        Map<String, Object> params = params(event, payload);
        params.put("leaseSeconds", leaseSeconds);
        return db.queryOne("webhooks/receive", params)
                .map(row -> new Stored(((Number) row.get("id")).longValue(), Boolean.TRUE.equals(row.get("fresh")), "RECEIVED"))
                .orElse(Stored.DUPLICATE);
    }

    /**
     * Stores an event that is never to be applied, closed at once as IGNORED with its outcome, in one
     * statement, so that neither the queue nor the sweeper ever hands it to a handler.
     */
    public Stored storeIgnored(StripeEvent event, String payload, String outcome) {
        Map<String, Object> params = params(event, payload);
        params.put("outcome", outcome);
        return db.queryOne("webhooks/insert-ignored", params)
                .map(row -> new Stored(((Number) row.get("id")).longValue(), true, "IGNORED"))
                .orElse(Stored.DUPLICATE);
    }

    private Map<String, Object> params(StripeEvent event, String payload) {
        Map<String, Object> params = new HashMap<>();
        params.put("stripeEventId", event.id());
        params.put("eventType", event.type());
        params.put("apiVersion", event.apiVersion());
        params.put("livemode", event.livemode());
        params.put("objectId", event.objectId());
        params.put("payloadSealed", cipher.seal(payload));
        return params;
    }

    /** The event of a row, opened; empty when the row no longer waits for processing. */
    public Optional<StripeEvent> pending(long rowId) {
        return db.queryOne("webhooks/select-by-id", Map.of("id", rowId))
                .filter(row -> "RECEIVED".equals(row.get("status")))
                .map(row -> StripeEvent.parse(cipher.open((String) row.get("payload_sealed"))));
    }

    /**
     * Closes a waiting row with its outcome; false when it was no longer waiting (another processor closed it
     * first). Inside a transaction this is its last statement, and it carries the transaction's waiting writes.
     */
    public boolean markDone(long rowId, String status, String outcome) {
        return db.update("webhooks/mark-done", Map.of("id", rowId, "status", status, "outcome", outcome)) == 1;
    }

    /** @return the Stripe event id of the row now dead */
    public String markDead(long rowId, String error) {
        return (String) db.queryOne("webhooks/mark-dead", Map.of("id", rowId, "error", error)).orElseThrow()
                .get("stripe_event_id");
    }

    /** Rows whose processor is gone: claims them for this instance for leaseSeconds. */
    public List<Long> claimStale(int limit, int leaseSeconds) {
        return db.query("webhooks/claim-stale", Map.of("limit", limit, "leaseSeconds", leaseSeconds)).stream()
                .map(row -> ((Number) row.get("id")).longValue())
                .toList();
    }

    /** Puts a dead event back in the queue; false when it is not dead. */
    public boolean resetForReplay(String stripeEventId, int leaseSeconds) {
        return db.update("webhooks/reset-for-replay", Map.of("stripeEventId", stripeEventId, "leaseSeconds", leaseSeconds)) == 1;
    }

    public Optional<Long> rowId(String stripeEventId) {
        return db.queryOne("webhooks/select-by-stripe-id", Map.of("stripeEventId", stripeEventId))
                .map(row -> ((Number) row.get("id")).longValue());
    }
}
