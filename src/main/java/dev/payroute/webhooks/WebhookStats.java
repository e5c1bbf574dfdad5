package dev.payroute.webhooks;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** This instance's webhook counters, for the debug endpoint. */
public final class WebhookStats {

    public enum Counter { RECEIVED, SIGNATURE_FAILURES, UNSIGNED_ACCEPTED, LIVEMODE_MISMATCHES, DUPLICATES, STORED, PROCESSED, IGNORED, DEAD }

    private final Map<Counter, AtomicLong> counters = new LinkedHashMap<>();
    private final AtomicReference<Map<String, Object>> lastEvent = new AtomicReference<>();

    public WebhookStats() {
        for (Counter c : Counter.values()) {
            counters.put(c, new AtomicLong());
        }
    }

    public void count(Counter counter) {
        counters.get(counter).incrementAndGet();
    }

    public void lastEvent(String id, String type) {
        Map<String, Object> last = new LinkedHashMap<>();
        last.put("id", id);
        last.put("type", type);
        last.put("received_at", Instant.now().toString());
        lastEvent.set(last);
    }

    public Map<String, Object> snapshot() {
        Map<String, Object> out = new LinkedHashMap<>();
        counters.forEach((k, v) -> out.put(k.name().toLowerCase(), v.get()));
        return out;
    }

    public Map<String, Object> lastEvent() {
        return lastEvent.get();
    }
}
