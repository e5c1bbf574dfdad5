package dev.payroute.http;

import dev.payroute.domain.IdempotencyRules;
import dev.payroute.domain.IdempotencyRules.Decision;
import dev.payroute.domain.IdempotencyRules.State;
import dev.payroute.security.DataCipher;
import dev.payroute.sql.Database;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Idempotency-Key records in PostgreSQL; stored responses are sealed with the data key. */
public final class IdempotencyStore {

    /** What a claim yields: run the operation under operationId, or answer with the stored response. */
    public record Claim(Decision decision, UUID operationId, Integer storedStatus, String storedBody) {
    }

    private final Database db;
    private final DataCipher cipher;
    private final int leaseSeconds;
    private final int retentionHours;

    public IdempotencyStore(Database db, DataCipher cipher, int leaseSeconds, int retentionHours) {
        this.db = db;
        this.cipher = cipher;
        this.leaseSeconds = leaseSeconds;
        this.retentionHours = retentionHours;
    }

    public Claim claim(String principal, String key, String method, String path, String fingerprint) {
        return db.inTransaction(() -> {
            UUID fresh = UUID.randomUUID();
            Map<String, Object> params = new HashMap<>();
            params.put("principal", principal);
            params.put("idemKey", key);
            params.put("method", method);
            params.put("path", path);
            params.put("fingerprint", fingerprint);
            params.put("operationId", fresh);
            params.put("leaseSeconds", leaseSeconds);
            params.put("retentionHours", retentionHours);
            if (db.update("idempotency/insert-claim", params) == 1) {
                return new Claim(Decision.TAKE_OVER, fresh, null, null);
            }
            Map<String, Object> row = db.queryOne("idempotency/select-for-update", params).orElseThrow();
            Decision decision = IdempotencyRules.decide((String) row.get("fingerprint"),
                    State.valueOf((String) row.get("state")),
                    Database.instant(row.get("locked_until")),
                    fingerprint,
                    Database.instant(row.get("db_now")));
            UUID operationId = (UUID) row.get("operation_id");
            if (decision == Decision.TAKE_OVER) {
                db.update("idempotency/take-over", params);
            }
            if (decision == Decision.REPLAY) {
                String body;
                try {
                    body = cipher.open((String) row.get("response_body"));
                } catch (IllegalArgumentException e) {
                    // Sealed with a data key that is no longer configured: nothing to replay.
                    return new Claim(Decision.UNREADABLE, operationId, null, null);
                }
                return new Claim(decision, operationId, (Integer) row.get("response_status"), body);
            }
            return new Claim(decision, operationId, null, null);
        });
    }

    public void recordOutcome(String principal, String key, UUID operationId, int status, String body) {
        State state = IdempotencyRules.stateAfter(status);
        Map<String, Object> params = new HashMap<>();
        params.put("principal", principal);
        params.put("idemKey", key);
        params.put("operationId", operationId);
        params.put("state", state.name());
        params.put("responseStatus", state == State.COMPLETED ? status : null);
        params.put("responseBody", state == State.COMPLETED ? cipher.seal(body) : null);
        db.update("idempotency/record-outcome", params);
    }

    /** Forgets a claim whose request did nothing, so that the key is free for a corrected request. */
    public void release(String principal, String key, UUID operationId) {
        Map<String, Object> params = new HashMap<>();
        params.put("principal", principal);
        params.put("idemKey", key);
        params.put("operationId", operationId);
        db.update("idempotency/release-claim", params);
    }

    public int deleteExpired() {
        return db.update("idempotency/delete-expired", Map.of());
    }
}
