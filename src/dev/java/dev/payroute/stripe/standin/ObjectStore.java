package dev.payroute.stripe.standin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Every stored Stripe object by id. Not thread-safe by itself: callers hold the {@link StandInState}
 * lock.
 *
 * <p>Objects live on the heap while in use. {@link #sweep} moves {@link Finished finished} ones to an
 * archive on disk once untouched (neither read nor written) for the finished age, or sooner, least
 * recently used first, while more than the memory limit of objects are on the heap; a PaymentIntent
 * takes its charges and refunds along. Any lookup by id finds an archived object and brings it back,
 * so retrieving, expanding, refunding or capturing still work; lists show only the objects on the heap.
 * The archive forgets objects after its own retention. Data kept beside an object that Stripe does not
 * show on it (its {@link #sidecar}) moves with it.
 */
final class ObjectStore implements AutoCloseable {
  /**
   * 2^20 slots: a segment takes 524,288 objects (16 MiB of index) before the next one starts, so a day
   * at 100 payments/s is some 75 segments (two open files each).
   */
  private static final int SLOTS_PER_SEGMENT = 1 << 20;

  /** Least recently used first: a lookup moves an entry to the end. */
  private final LinkedHashMap<String, Entry> heap = new LinkedHashMap<>(1024, 0.75f, true);
  private final SegmentLog archive;
  private final Clock clock;
  private final long finishedAgeMillis;
  private final int maxObjectsInMemory;
  private final long sweepIntervalMillis;
  private long lastSeq;
  private long nextSweepAt;
  private int nextLimitSweepSize;
  private long archived;
  private long restored;

  private static final class Entry {
    final String id;
    final long seq;
    final String root;
    /** A PaymentIntent's charges and refunds on the heap. */
    final List<Entry> members = new ArrayList<>(2);
    ObjectNode object;
    ObjectNode sidecar;
    long touchedAt;

    Entry(long seq, ObjectNode object, ObjectNode sidecar, long touchedAt) {
      this.id = object.get("id").asText();
      this.seq = seq;
      this.object = object;
      this.root = Finished.rootOf(object);
      this.sidecar = sidecar;
      this.touchedAt = touchedAt;
    }
  }

  /** Counts for the storage report. */
  record Usage(int inMemory, long archived, long restored, SegmentLog.Usage onDisk) {}

  ObjectStore(StorageDirectory directory, Clock clock, Duration finishedAge, int maxObjectsInMemory,
      Duration archiveRetention) {
    this.archive = new SegmentLog(directory, "objects", archiveRetention, SLOTS_PER_SEGMENT, clock);
    this.clock = clock;
    this.finishedAgeMillis = finishedAge.toMillis();
    this.maxObjectsInMemory = maxObjectsInMemory;
    this.sweepIntervalMillis = Math.min(Math.max(1, finishedAgeMillis / 10), 10_000);
    this.nextLimitSweepSize = maxObjectsInMemory;
  }

  void put(ObjectNode object) {
    Entry existing = heap.get(object.get("id").asText());
    if (existing != null) {
      existing.object = object;
      existing.touchedAt = clock.millis();
    } else {
      add(new Entry(++lastSeq, object, null, clock.millis()));
    }
  }

  Optional<ObjectNode> find(String id) {
    return Optional.ofNullable(id == null ? null : entry(id)).map(e -> e.object);
  }

  Optional<ObjectNode> find(String id, String objectType) {
    return find(id).filter(o -> objectType.equals(o.path("object").asText()));
  }

  /** The object named in the URL, or Stripe's 404. */
  ObjectNode require(String id, String objectType, String param) {
    return find(id, objectType).orElseThrow(() -> ApiError.resourceMissing(objectType, id, param));
  }

  /** The object named by a request parameter, or Stripe's 400. */
  ObjectNode requireReference(String id, String objectType, String param) {
    return find(id, objectType).orElseThrow(() -> ApiError.missingReference(objectType, id, param));
  }

  /**
   * What the stand-in keeps beside a stored object but Stripe does not show on it (a write-only
   * parameter, a session's line items); made empty on first use. The object must exist.
   */
  ObjectNode sidecar(String id) {
    Entry entry = entry(id);
    if (entry == null) {
      throw new IllegalStateException("no stored object " + id);
    }
    if (entry.sidecar == null) {
      entry.sidecar = Json.object();
    }
    return entry.sidecar;
  }

  /** Objects of one type on the heap, newest first, as Stripe lists them; archived ones are left out. */
  List<ObjectNode> newestFirst(String objectType, Predicate<ObjectNode> filter) {
    List<Entry> matching = new ArrayList<>();
    for (Entry entry : heap.values()) {
      if (objectType.equals(entry.object.path("object").asText()) && filter.test(entry.object)) {
        matching.add(entry);
      }
    }
    matching.sort(Comparator.comparingLong((Entry e) -> e.seq).reversed());
    return matching.stream().map(e -> e.object).toList();
  }

  /**
   * Archives finished objects untouched for the finished age and, over the memory limit, finished ones
   * least recently used first until 1% below it. Callers run it before a unit of work, when no object
   * is in use. Cheap when there is nothing to do: the age rule runs at most every tenth of the age
   * (10 s at most), the limit rule when the heap holds 1% more objects than after the last sweep.
   */
  void sweep() {
    long now = clock.millis();
    boolean overLimit = heap.size() > nextLimitSweepSize;
    if (!overLimit && now < nextSweepAt) {
      return;
    }
    nextSweepAt = now + sweepIntervalMillis;
    int target = overLimit ? maxObjectsInMemory - Math.max(1, maxObjectsInMemory / 100) : Integer.MAX_VALUE;
    Set<Entry> leaving = new LinkedHashSet<>();
    for (Entry entry : heap.values()) {
      boolean idle = now - entry.touchedAt >= finishedAgeMillis;
      boolean tooMany = heap.size() - leaving.size() > target;
      if (!idle && !tooMany) {
        break;
      }
      if (entry.root != null && heap.containsKey(entry.root)) {
        continue; // its PaymentIntent decides
      }
      if (Finished.finished(entry.object, entry.members.stream().map(e -> e.object).toList())
          && (tooMany || entry.members.stream().allMatch(e -> now - e.touchedAt >= finishedAgeMillis))) {
        leaving.add(entry);
        leaving.addAll(entry.members);
      }
    }
    for (Entry entry : leaving) {
      archive.put(entry.id.getBytes(StandardCharsets.UTF_8), encode(entry));
      heap.remove(entry.id);
      archived++;
    }
    nextLimitSweepSize = Math.max(maxObjectsInMemory, heap.size() + Math.max(1, maxObjectsInMemory / 100));
  }

  Usage usage() {
    return new Usage(heap.size(), archived, restored, archive.usage());
  }

  @Override
  public void close() {
    archive.close();
  }

  private Entry entry(String id) {
    Entry entry = heap.get(id);
    if (entry != null) {
      entry.touchedAt = clock.millis();
      return entry;
    }
    byte[] stored = archive.get(id.getBytes(StandardCharsets.UTF_8));
    if (stored == null) {
      return null;
    }
    entry = decode(stored);
    restored++;
    if (entry.root != null && !heap.containsKey(entry.root)) {
      // Back with its PaymentIntent, so that they leave together again.
      entry(entry.root);
    }
    add(entry);
    return entry;
  }

  private void add(Entry entry) {
    heap.put(entry.id, entry);
    Entry root = entry.root == null ? null : heap.get(entry.root);
    if (root != null) {
      root.members.add(entry);
    }
  }

  private static byte[] encode(Entry entry) {
    return RecordCodec.encode(2048, out -> {
      out.writeLong(entry.seq);
      RecordCodec.writeBytes(out, Json.bytes(entry.object));
      out.writeBoolean(entry.sidecar != null);
      if (entry.sidecar != null) {
        RecordCodec.writeBytes(out, Json.bytes(entry.sidecar));
      }
    });
  }

  private Entry decode(byte[] stored) {
    return RecordCodec.decode(stored, in -> {
      long seq = in.readLong();
      ObjectNode object = Json.parseObject(RecordCodec.readBytes(in));
      ObjectNode sidecar = in.readBoolean() ? Json.parseObject(RecordCodec.readBytes(in)) : null;
      return new Entry(seq, object, sidecar, clock.millis());
    });
  }
}
