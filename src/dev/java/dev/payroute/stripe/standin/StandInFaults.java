package dev.payroute.stripe.standin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Fault injection for API requests. Each rule matches a method ({@code "*"} for any) and a path
 * prefix, and fires for the next {@code times} matching requests; the first matching rule wins.
 */
public final class StandInFaults {
  private final List<Rule> rules = new ArrayList<>();

  StandInFaults() {}

  /** Fails the next {@code times} matching requests; for {@link FaultKind#DELAY} use {@link #delayNext}. */
  public void failNext(String method, String pathPrefix, FaultKind kind, int times) {
    if (kind == FaultKind.DELAY) {
      throw new IllegalArgumentException("DELAY needs a duration: use delayNext");
    }
    add(method, pathPrefix, kind, Duration.ZERO, times);
  }

  /** Executes the next {@code times} matching requests normally but answers each {@code delay} late. */
  public void delayNext(String method, String pathPrefix, Duration delay, int times) {
    if (delay == null || delay.isNegative()) {
      throw new IllegalArgumentException("delay must be zero or positive");
    }
    add(method, pathPrefix, FaultKind.DELAY, delay, times);
  }

  public synchronized void clear() {
    rules.clear();
  }

  private synchronized void add(
      String method, String pathPrefix, FaultKind kind, Duration delay, int times) {
    if (kind == null || pathPrefix == null || times < 1) {
      throw new IllegalArgumentException("a fault needs a kind, a path prefix and times >= 1");
    }
    String normalisedMethod = method == null ? "*" : method.toUpperCase(Locale.ROOT);
    rules.add(new Rule(normalisedMethod, pathPrefix, kind, delay, times));
  }

  /** Consumes one firing of the first rule matching this request, if any. */
  synchronized Optional<Fault> take(String method, String path) {
    Iterator<Rule> it = rules.iterator();
    while (it.hasNext()) {
      Rule rule = it.next();
      if (rule.matches(method, path)) {
        rule.remaining--;
        if (rule.remaining == 0) {
          it.remove();
        }
        return Optional.of(new Fault(rule.kind, rule.delay));
      }
    }
    return Optional.empty();
  }

  record Fault(FaultKind kind, Duration delay) {}

  private static final class Rule {
    final String method;
    final String pathPrefix;
    final FaultKind kind;
    final Duration delay;
    int remaining;

    Rule(String method, String pathPrefix, FaultKind kind, Duration delay, int times) {
      this.method = method;
      this.pathPrefix = pathPrefix;
      this.kind = kind;
      this.delay = delay;
      this.remaining = times;
    }

    boolean matches(String requestMethod, String path) {
      return ("*".equals(method) || method.equalsIgnoreCase(requestMethod)) && path.startsWith(pathPrefix);
    }
  }
}
