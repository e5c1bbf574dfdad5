package dev.payroute.stripe.standin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentLogTest {
  @TempDir Path parent;
  private final ManualClock clock = new ManualClock();

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String paymentIntentJson(int i) {
    return "{\"id\":\"pi_" + i + "\",\"object\":\"payment_intent\",\"amount\":" + (1000 + i)
        + ",\"currency\":\"usd\",\"status\":\"succeeded\",\"metadata\":{\"order\":\"order-" + i + "\"}}";
  }

  @Test
  void values_come_back_from_many_segments_and_the_last_write_of_a_key_wins() {
    StorageDirectory directory = new StorageDirectory(parent);
    try (SegmentLog log = new SegmentLog(directory, "test", Duration.ofHours(1), 16, clock)) {
      for (int i = 0; i < 200; i++) {
        log.put(bytes("pi_" + i), bytes(paymentIntentJson(i)));
      }
      log.put(bytes("pi_7"), bytes("replaced"));
      log.put(bytes("pi_7"), bytes("replaced again"));

      assertEquals(26, log.usage().segments(), "8 records a segment: " + log.usage());
      for (int i = 0; i < 200; i++) {
        if (i != 7) {
          assertArrayEquals(bytes(paymentIntentJson(i)), log.get(bytes("pi_" + i)), "pi_" + i);
        }
      }
      assertArrayEquals(bytes("replaced again"), log.get(bytes("pi_7")));
      assertNull(log.get(bytes("pi_200")));
      assertNull(log.get(bytes("pi_")), "a prefix of a key is another key");
    } finally {
      directory.close();
    }
  }

  @Test
  void a_key_written_twice_in_one_segment_answers_its_last_value() {
    StorageDirectory directory = new StorageDirectory(parent);
    try (SegmentLog log = new SegmentLog(directory, "test", Duration.ofHours(1), 1 << 10, clock)) {
      log.put(bytes("k"), bytes("first"));
      log.put(bytes("other"), bytes("x"));
      log.put(bytes("k"), bytes("second"));

      assertEquals(1, log.usage().segments());
      assertArrayEquals(bytes("second"), log.get(bytes("k")));
    } finally {
      directory.close();
    }
  }

  @Test
  void whole_segments_older_than_the_retention_are_deleted() throws Exception {
    StorageDirectory directory = new StorageDirectory(parent);
    try (SegmentLog log = new SegmentLog(directory, "test", Duration.ofHours(24), 1 << 10, clock)) {
      log.put(bytes("old"), bytes("1"));
      clock.advance(Duration.ofHours(12));
      log.put(bytes("newer"), bytes("2"));
      assertEquals(2, log.usage().segments(), "a segment spans an hour at most");

      clock.advance(Duration.ofHours(12).plusSeconds(1));
      assertNull(log.get(bytes("old")));
      assertArrayEquals(bytes("2"), log.get(bytes("newer")));
      assertEquals(1, log.usage().segments());
      try (Stream<Path> files = Files.list(directory.path())) {
        assertEquals(2, files.count(), "one data and one index file left");
      }
    } finally {
      directory.close();
    }
  }

  @Test
  void values_are_stored_compressed() {
    StorageDirectory directory = new StorageDirectory(parent);
    try (SegmentLog log = new SegmentLog(directory, "test", Duration.ofHours(1), 1 << 12, clock)) {
      long raw = 0;
      for (int i = 0; i < 1_500; i++) {
        String json = paymentIntentJson(i);
        raw += json.length();
        log.put(bytes("pi_" + i), bytes(json));
      }
      long dataBytes = log.usage().bytesOnDisk() - (1 << 12) * 16L;
      assertTrue(dataBytes < raw / 3, dataBytes + " bytes on disk for " + raw + " bytes of JSON");
    } finally {
      directory.close();
    }
  }

  @Test
  void closing_deletes_the_files_and_the_folder() throws Exception {
    StorageDirectory directory = new StorageDirectory(parent);
    SegmentLog log = new SegmentLog(directory, "test", Duration.ofHours(1), 16, clock);
    log.put(bytes("k"), bytes("v"));
    Path folder = directory.path();
    assertTrue(Files.isDirectory(folder));

    log.close();
    directory.close();

    assertFalse(Files.exists(folder));
    assertNull(log.get(bytes("k")));
  }
}
