package dev.payroute.stripe.standin;

import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Which API requests arrived, and which of them actually ran (not replayed, not failed by a fault). */
final class RequestStats {
  private record Hit(String method, String path) {}

  private final Queue<Hit> received = new ConcurrentLinkedQueue<>();
  private final Queue<Hit> executed = new ConcurrentLinkedQueue<>();

  void recordReceived(String method, String path) {
    received.add(new Hit(method.toUpperCase(Locale.ROOT), path));
  }

  void recordExecuted(String method, String path) {
    executed.add(new Hit(method.toUpperCase(Locale.ROOT), path));
  }

  int received(String method, String pathPrefix) {
    return count(received, method, pathPrefix);
  }

  int executed(String method, String pathPrefix) {
    return count(executed, method, pathPrefix);
  }

  private static int count(Queue<Hit> hits, String method, String pathPrefix) {
    return (int)
        hits.stream()
            .filter(h -> method == null || "*".equals(method) || h.method.equalsIgnoreCase(method))
            .filter(h -> h.path.startsWith(pathPrefix))
            .count();
  }
}
