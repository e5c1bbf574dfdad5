package dev.payroute.stripe.standin;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Which API requests arrived, and which of them actually ran (not replayed, not failed by a fault),
 * counted by method and path and asked for by path prefix.
 *
 * <p>Paths name objects, so there is one per payment and more: exact counts are kept for the
 * {@value #EXACT_PATHS} paths used last. An older path's counts are folded into its shape, the path cut
 * before its first segment with a digit or a capital (an object id such as {@code pi_3Nf…}), e.g.
 * {@code /v1/payment_intents/}. Prefixes that end before any id ({@code /v1/}, {@code /v1/refunds})
 * therefore count every request ever made; a prefix naming an object counts its requests while its path
 * is among the recent ones.
 */
final class RequestStats {
  static final int EXACT_PATHS = 20_000;

  private record Key(String method, String path) {}

  private static final class Counts {
    int received;
    int executed;

    void add(Counts other) {
      received += other.received;
      executed += other.executed;
    }
  }

  private final Map<Key, Counts> folded = new HashMap<>();
  private final LinkedHashMap<Key, Counts> recent =
      new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Counts> eldest) {
          if (size() <= EXACT_PATHS) {
            return false;
          }
          Key key = eldest.getKey();
          folded.computeIfAbsent(new Key(key.method, shape(key.path)), k -> new Counts()).add(eldest.getValue());
          return true;
        }
      };

  synchronized void recordReceived(String method, String path) {
    counts(method, path).received++;
  }

  synchronized void recordExecuted(String method, String path) {
    counts(method, path).executed++;
  }

  int received(String method, String pathPrefix) {
    return count(method, pathPrefix, false);
  }

  int executed(String method, String pathPrefix) {
    return count(method, pathPrefix, true);
  }

  private Counts counts(String method, String path) {
    return recent.computeIfAbsent(new Key(method.toUpperCase(Locale.ROOT), path), k -> new Counts());
  }

  private synchronized int count(String method, String pathPrefix, boolean executed) {
    int total = 0;
    for (Map.Entry<Key, Counts> entry : recent.entrySet()) {
      if (matches(entry.getKey(), method) && entry.getKey().path.startsWith(pathPrefix)) {
        total += executed ? entry.getValue().executed : entry.getValue().received;
      }
    }
    for (Map.Entry<Key, Counts> entry : folded.entrySet()) {
      // Every folded path starts with its shape; longer prefixes may or may not match, so they are not counted.
      if (matches(entry.getKey(), method) && entry.getKey().path.startsWith(pathPrefix)) {
        total += executed ? entry.getValue().executed : entry.getValue().received;
      }
    }
    return total;
  }

  private static boolean matches(Key key, String method) {
    return method == null || "*".equals(method) || key.method.equalsIgnoreCase(method);
  }

  /** The path up to its first segment (after the first) holding a digit or a capital letter. */
  static String shape(String path) {
    int start = path.indexOf('/', 1);
    while (start >= 0) {
      int end = path.indexOf('/', start + 1);
      String segment = path.substring(start + 1, end < 0 ? path.length() : end);
      if (segment.chars().anyMatch(c -> Character.isDigit(c) || Character.isUpperCase(c))) {
        return path.substring(0, start + 1);
      }
      start = end;
    }
    return path;
  }
}
