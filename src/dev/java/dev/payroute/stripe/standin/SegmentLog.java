package dev.payroute.stripe.standin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;

/**
 * A key-value store on disk that keeps nothing per record on the heap, for what the stand-in must still
 * answer but no longer holds in memory (idempotent replies for 24 hours, finished objects). Records go
 * to the newest of a series of segments; each segment is a data file of appended records and an index
 * file, an open-addressing hash table of fixed size read and written in place (16 bytes a slot: key hash,
 * offset, length). A segment is closed to writes when its index is half full, its data reaches 1 GiB or
 * it is older than a 24th of the retention; whole segments are deleted once their newest record is older
 * than the retention, so expiry costs no per-record work. Lookups try the segments newest first, and
 * within one the last record of a key wins, so writing a key again replaces it. Values are compressed
 * ({@link Compressor}). Thread-safe; files live in the owner's {@link StorageDirectory}.
 */
final class SegmentLog implements AutoCloseable {
  private static final int SLOT_BYTES = 16;
  private static final int PROBE_SLOTS = 8;
  private static final long MAX_SEGMENT_DATA = 1L << 30;

  private final StorageDirectory directory;
  private final String name;
  private final long retentionMillis;
  private final long spanMillis;
  private final int slots;
  private final Clock clock;
  private final Compressor compressor = new Compressor();
  /** Oldest first; the last one takes the writes. */
  private final ArrayDeque<Segment> segments = new ArrayDeque<>();
  private int segmentsCreated;
  private boolean closed;

  /** @param slots index slots per segment, a power of two; half of them are used before the next segment */
  SegmentLog(StorageDirectory directory, String name, Duration retention, int slots, Clock clock) {
    if (Integer.bitCount(slots) != 1 || slots < PROBE_SLOTS) {
      throw new IllegalArgumentException("slots must be a power of two of at least " + PROBE_SLOTS);
    }
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("the retention must be positive");
    }
    this.directory = directory;
    this.name = name;
    this.retentionMillis = retention.toMillis();
    this.spanMillis = Math.max(1, retentionMillis / 24);
    this.slots = slots;
    this.clock = clock;
  }

  /** What the log holds now. */
  record Usage(int segments, long records, long bytesOnDisk) {}

  synchronized void put(byte[] key, byte[] value) {
    if (closed) {
      throw new IllegalStateException(name + " is closed");
    }
    long now = clock.millis();
    dropExpired(now);
    Segment segment = segments.peekLast();
    if (segment == null || segment.full(now)) {
      segment = openSegment(now);
      segments.addLast(segment);
    }
    byte[] stored = compressor.compress(value);
    ByteBuffer record = ByteBuffer.allocate(2 + key.length + stored.length);
    record.putShort((short) key.length).put(key).put(stored).flip();
    try {
      segment.append(hash(key), record, now);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to " + name, e);
    }
  }

  /** The newest value stored for the key in a segment not yet deleted, or null. */
  synchronized byte[] get(byte[] key) {
    if (closed) {
      return null;
    }
    dropExpired(clock.millis());
    long hash = hash(key);
    try {
      for (Iterator<Segment> newestFirst = segments.descendingIterator(); newestFirst.hasNext(); ) {
        byte[] stored = newestFirst.next().find(hash, key);
        if (stored != null) {
          return compressor.decompress(stored);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read from " + name, e);
    }
    return null;
  }

  synchronized Usage usage() {
    long records = 0;
    long bytes = 0;
    for (Segment segment : segments) {
      records += segment.count;
      bytes += segment.dataSize + segment.indexBytes();
    }
    return new Usage(segments.size(), records, bytes);
  }

  /** Deletes the segment files; later reads find nothing. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    while (!segments.isEmpty()) {
      segments.pollFirst().delete();
    }
    compressor.close();
  }

  private void dropExpired(long now) {
    while (!segments.isEmpty() && segments.peekFirst().lastWriteMillis < now - retentionMillis) {
      segments.pollFirst().delete();
    }
  }

  private Segment openSegment(long now) {
    segmentsCreated++;
    String base = String.format("%s-%06d", name, segmentsCreated);
    Path dir = directory.path();
    try {
      return new Segment(dir.resolve(base + ".dat"), dir.resolve(base + ".idx"), now);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a segment of " + name + " in " + dir, e);
    }
  }

  /** FNV-1a, then MurmurHash3's finaliser: ids share long prefixes, so every byte must move every bit. */
  static long hash(byte[] key) {
    long h = 0xcbf29ce484222325L;
    for (byte b : key) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  private final class Segment {
    final Path dataPath;
    final Path indexPath;
    final FileChannel data;
    final FileChannel index;
    final long createdMillis;
    long lastWriteMillis;
    long dataSize;
    int count;

    Segment(Path dataPath, Path indexPath, long now) throws IOException {
      this.dataPath = dataPath;
      this.indexPath = indexPath;
      this.data = open(dataPath);
      this.index = open(indexPath);
      this.createdMillis = now;
      this.lastWriteMillis = now;
    }

    private FileChannel open(Path path) throws IOException {
      return FileChannel.open(
          path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    boolean full(long now) {
      return count >= slots / 2 || dataSize >= MAX_SEGMENT_DATA || now - createdMillis >= spanMillis;
    }

    void append(long hash, ByteBuffer record, long now) throws IOException {
      int length = record.remaining();
      long offset = dataSize;
      while (record.hasRemaining()) {
        data.write(record, offset + record.position());
      }
      dataSize += length;
      int slot = (int) (hash & (slots - 1));
      ByteBuffer block = ByteBuffer.allocate(PROBE_SLOTS * SLOT_BYTES);
      while (true) {
        int run = readBlock(slot, block);
        for (int i = 0; i < run; i++) {
          if (block.getInt(i * SLOT_BYTES + 8) == 0) {
            ByteBuffer entry = ByteBuffer.allocate(SLOT_BYTES);
            entry.putLong(hash).putInt((int) offset + 1).putInt(length).flip();
            index.write(entry, (long) (slot + i) * SLOT_BYTES);
            count++;
            lastWriteMillis = now;
            return;
          }
        }
        slot = (slot + run) & (slots - 1);
      }
    }

    /** The stored value of the last record of this key in the key's probe run, or null. */
    byte[] find(long hash, byte[] key) throws IOException {
      if (count == 0) {
        return null;
      }
      int slot = (int) (hash & (slots - 1));
      ByteBuffer block = ByteBuffer.allocate(PROBE_SLOTS * SLOT_BYTES);
      byte[] found = null;
      while (true) {
        int run = readBlock(slot, block);
        for (int i = 0; i < run; i++) {
          int offsetPlusOne = block.getInt(i * SLOT_BYTES + 8);
          if (offsetPlusOne == 0) {
            return found;
          }
          if (block.getLong(i * SLOT_BYTES) == hash) {
            byte[] value = read(offsetPlusOne - 1L, block.getInt(i * SLOT_BYTES + 12), key);
            found = value == null ? found : value;
          }
        }
        slot = (slot + run) & (slots - 1);
      }
    }

    /** Reads up to {@link #PROBE_SLOTS} slots from {@code slot} on, not past the table's end; unwritten ones read as 0. */
    private int readBlock(int slot, ByteBuffer block) throws IOException {
      int run = Math.min(PROBE_SLOTS, slots - slot);
      Arrays.fill(block.array(), (byte) 0);
      block.clear().limit(run * SLOT_BYTES);
      long position = (long) slot * SLOT_BYTES;
      while (block.hasRemaining()) {
        if (index.read(block, position + block.position()) < 0) {
          break;
        }
      }
      return run;
    }

    private byte[] read(long offset, int length, byte[] key) throws IOException {
      ByteBuffer record = ByteBuffer.allocate(length);
      while (record.hasRemaining()) {
        if (data.read(record, offset + record.position()) < 0) {
          throw new IOException(name + ": a record ends past its segment");
        }
      }
      record.flip();
      int keyLength = record.getShort() & 0xffff;
      if (keyLength != key.length || !Arrays.equals(record.array(), 2, 2 + keyLength, key, 0, keyLength)) {
        return null;
      }
      return Arrays.copyOfRange(record.array(), 2 + keyLength, length);
    }

    long indexBytes() {
      try {
        return index.size();
      } catch (IOException e) {
        return 0;
      }
    }

    void delete() {
      try {
        data.close();
        index.close();
        Files.deleteIfExists(dataPath);
        Files.deleteIfExists(indexPath);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete a segment of " + name, e);
      }
    }
  }
}
