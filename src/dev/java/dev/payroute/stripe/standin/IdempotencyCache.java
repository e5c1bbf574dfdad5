package dev.payroute.stripe.standin;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stripe's idempotency rules for POST requests, keyed by API key and {@code Idempotency-Key}: the
 * first request reserves the key; while it runs, a second use answers 409; afterwards the same
 * request replays the saved answer and a different one (other path or parameters) answers 400.
 * Keys are forgotten after 24 hours, as Stripe does.
 *
 * <p>Only reservations of requests still running are on the heap. A finished request's answer goes to
 * a {@link SegmentLog} on disk at once: at 100 payments a second, 24 hours of keys are millions of
 * answers. The log is keyed by a SHA-256 of the scoped key, so API keys never reach the disk.
 */
final class IdempotencyCache implements AutoCloseable {
  static final Duration RETENTION = Duration.ofHours(24);
  /** 2^21 slots: a segment takes a million answers (32 MiB of index) before the next one starts. */
  private static final int SLOTS_PER_SEGMENT = 1 << 21;

  private final Map<String, Reservation> running = new HashMap<>();
  private final SegmentLog answers;
  private final Clock clock;

  IdempotencyCache(StorageDirectory directory, Clock clock) {
    this.answers = new SegmentLog(directory, "idempotency", RETENTION, SLOTS_PER_SEGMENT, clock);
    this.clock = clock;
  }

  sealed interface Outcome permits Reserved, Replay, Mismatch, InFlight {}

  /** The caller must later {@link #complete} or {@link #release} the key. */
  record Reserved() implements Outcome {}

  record Replay(Reply reply, String originalRequestId) implements Outcome {}

  record Mismatch() implements Outcome {}

  record InFlight() implements Outcome {}

  synchronized Outcome begin(String scopedKey, String target, JsonNode params) {
    long now = clock.millis();
    Reservation reservation = running.get(scopedKey);
    if (reservation != null) {
      return reservation.matches(target, params) ? new InFlight() : new Mismatch();
    }
    byte[] stored = answers.get(digest(scopedKey));
    if (stored != null) {
      Saved saved = Saved.decode(stored);
      if (now - saved.reservation.createdAtMillis <= RETENTION.toMillis()) {
        return saved.reservation.matches(target, params)
            ? new Replay(saved.reply, saved.requestId)
            : new Mismatch();
      }
    }
    running.put(scopedKey, new Reservation(target, params.deepCopy(), now));
    return new Reserved();
  }

  /** Saves the answer of a reserved key (to disk) for replays during the next 24 hours. */
  synchronized void complete(String scopedKey, Reply reply, String requestId) {
    Reservation reservation = running.remove(scopedKey);
    if (reservation != null) {
      answers.put(digest(scopedKey), new Saved(reservation, reply, requestId).encode());
    }
  }

  /** Forgets a reservation whose request never started executing, so the key can be used again. */
  synchronized void release(String scopedKey) {
    running.remove(scopedKey);
  }

  synchronized int running() {
    return running.size();
  }

  SegmentLog.Usage onDisk() {
    return answers.usage();
  }

  @Override
  public void close() {
    answers.close();
  }

  private static byte[] digest(String scopedKey) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(scopedKey.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private record Reservation(String target, JsonNode params, long createdAtMillis) {
    boolean matches(String otherTarget, JsonNode otherParams) {
      return target.equals(otherTarget) && params.equals(otherParams);
    }
  }

  /** A finished request as stored: what it was (to tell a replay from a mismatch) and its answer. */
  private record Saved(Reservation reservation, Reply reply, String requestId) {
    byte[] encode() {
      return RecordCodec.encode(reply.body().length + 512, out -> {
        out.writeLong(reservation.createdAtMillis);
        out.writeUTF(reservation.target);
        RecordCodec.writeBytes(out, Json.bytes(reservation.params));
        out.writeUTF(requestId);
        out.writeShort(reply.status());
        out.writeUTF(reply.contentType());
        out.writeShort(reply.headers().size());
        for (Map.Entry<String, String> header : reply.headers().entrySet()) {
          out.writeUTF(header.getKey());
          out.writeUTF(header.getValue());
        }
        RecordCodec.writeBytes(out, reply.body());
      });
    }

    static Saved decode(byte[] stored) {
      return RecordCodec.decode(stored, in -> {
        long createdAt = in.readLong();
        String target = in.readUTF();
        JsonNode params = Json.parseObject(RecordCodec.readBytes(in));
        String requestId = in.readUTF();
        int status = in.readShort();
        String contentType = in.readUTF();
        int headerCount = in.readShort();
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < headerCount; i++) {
          headers.put(in.readUTF(), in.readUTF());
        }
        Reply reply = new Reply(status, contentType, RecordCodec.readBytes(in), Map.copyOf(headers));
        return new Saved(new Reservation(target, params, createdAt), reply, requestId);
      });
    }
  }
}
