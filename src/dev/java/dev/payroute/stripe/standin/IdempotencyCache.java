package dev.payroute.stripe.standin;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Stripe's idempotency rules for POST requests, keyed by API key and {@code Idempotency-Key}: the
 * first request reserves the key; while it runs, a second use answers 409; afterwards the same
 * request replays the saved answer and a different one (other path or parameters) answers 400.
 * Keys are forgotten after 24 hours, as Stripe does.
 */
final class IdempotencyCache {
  private static final Duration RETENTION = Duration.ofHours(24);

  private final Map<String, Entry> entries = new HashMap<>();

  sealed interface Outcome permits Reserved, Replay, Mismatch, InFlight {}

  /** The caller must later {@link #complete} or {@link #release} the key. */
  record Reserved() implements Outcome {}

  record Replay(Reply reply, String originalRequestId) implements Outcome {}

  record Mismatch() implements Outcome {}

  record InFlight() implements Outcome {}

  synchronized Outcome begin(String scopedKey, String target, JsonNode params) {
    long now = System.currentTimeMillis();
    Entry existing = entries.get(scopedKey);
    if (existing != null && now - existing.createdAtMillis > RETENTION.toMillis()) {
      entries.remove(scopedKey);
      existing = null;
    }
    if (existing == null) {
      entries.put(scopedKey, new Entry(target, params.deepCopy(), now));
      return new Reserved();
    }
    if (!existing.target.equals(target) || !existing.params.equals(params)) {
      return new Mismatch();
    }
    if (existing.reply == null) {
      return new InFlight();
    }
    return new Replay(existing.reply, existing.requestId);
  }

  synchronized void complete(String scopedKey, Reply reply, String requestId) {
    Entry entry = entries.get(scopedKey);
    if (entry != null) {
      entry.reply = reply;
      entry.requestId = requestId;
    }
  }

  /** Forgets a reservation whose request never started executing, so the key can be used again. */
  synchronized void release(String scopedKey) {
    entries.remove(scopedKey);
  }

  private static final class Entry {
    final String target;
    final JsonNode params;
    final long createdAtMillis;
    Reply reply;
    String requestId;

    Entry(String target, JsonNode params, long createdAtMillis) {
      this.target = target;
      this.params = params;
      this.createdAtMillis = createdAtMillis;
    }
  }
}
