package dev.payroute.stripe.standin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Posts signed events to the webhook target from {@value #LANES} worker threads, each object's events
 * always from the same one. Events about the same object go out in creation order: the next one waits
 * until the previous one was delivered or given up, while events about other objects are not held back
 * by a failing one. Each lane waits for its post's answer, so the lanes bound how fast events go out:
 * {@value #LANES} posts at a time. Four lanes did not keep up in a profiled run of bench/payments at 80
 * payments (240 events) a second, the endpoint slowed by the profiler: more than {@value #MAX_PENDING}
 * deliveries waited and over 1,000 events were dropped, so the benchmark measured the stand-in's
 * delivery instead of the endpoint.
 *
 * <p>Bounded for long runs: at most {@value #MAX_PENDING} deliveries wait at a time (retries included);
 * an event beyond that is stored but not sent, like a webhook Stripe lost (a WARNING says how many), and
 * can be redelivered. {@link #deliveredEventIds} remembers the last {@value #DELIVERED_KEPT} deliveries.
 */
final class WebhookDispatcher implements AutoCloseable {
  static final String USER_AGENT = "Stripe/1.0 (+https://stripe.com/docs/webhooks)";
  static final int MAX_PENDING = 5_000;
  static final int DELIVERED_KEPT = 10_000;
  static final int LANES = 16;
  private static final System.Logger LOG = System.getLogger(WebhookDispatcher.class.getName());
  private static final String ALL_TYPES = "*";

  private final List<Duration> retryDelays;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Lane[] lanes = new Lane[LANES];
  private final Set<String> withheldTypes = ConcurrentHashMap.newKeySet();
  private final ArrayDeque<String> delivered = new ArrayDeque<>();
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  private volatile Target target;

  WebhookDispatcher(List<Duration> retryDelays) {
    this.retryDelays = List.copyOf(retryDelays);
    for (int i = 0; i < LANES; i++) {
      lanes[i] = new Lane(i + 1);
    }
  }

  void setTarget(String url, String signingSecret) {
    if (url == null) {
      target = null;
      return;
    }
    if (signingSecret == null || signingSecret.isEmpty()) {
      throw new IllegalArgumentException("a webhook target needs a signing secret");
    }
    target = new Target(URI.create(url), signingSecret);
  }

  void withhold(String eventType, boolean withhold) {
    if (withhold) {
      withheldTypes.add(eventType);
    } else if (ALL_TYPES.equals(eventType)) {
      withheldTypes.clear();
    } else {
      withheldTypes.remove(eventType);
    }
  }

  boolean hasTarget() {
    return target != null;
  }

  boolean willDeliver(String eventType) {
    return target != null && !isWithheld(eventType);
  }

  private boolean isWithheld(String eventType) {
    return withheldTypes.contains(ALL_TYPES) || withheldTypes.contains(eventType);
  }

  /**
   * Queues an event unless no target is set or its type is withheld; a withheld event is never sent
   * on its own later, like a webhook Stripe lost. {@code explicit} (a redelivery) ignores withholding.
   */
  void submit(ObjectNode event, boolean explicit) {
    if (target == null || (!explicit && isWithheld(event.path("type").asText()))) {
      return;
    }
    if (pending.incrementAndGet() > MAX_PENDING) {
      pending.decrementAndGet();
      long total = dropped.incrementAndGet();
      if (total == 1 || total % 1000 == 0) {
        LOG.log(System.Logger.Level.WARNING, "{0} deliveries are waiting: not sending {1} more event(s) so far",
            MAX_PENDING, total);
      }
      return;
    }
    Delivery delivery =
        new Delivery(
            event.path("id").asText(),
            event.path("data").path("object").path("id").asText(""),
            new String(Json.bytes(event), StandardCharsets.UTF_8));
    Lane lane = lanes[Math.floorMod(delivery.objectId.hashCode(), LANES)];
    try {
      lane.worker.execute(() -> lane.enqueue(delivery));
    } catch (RejectedExecutionException closed) {
      // The stand-in is shutting down; the event stays stored.
      pending.decrementAndGet();
    }
  }

  List<String> deliveredEventIds() {
    synchronized (delivered) {
      return List.copyOf(delivered);
    }
  }

  /** Events not sent because {@value #MAX_PENDING} deliveries were already waiting. */
  long droppedDeliveries() {
    return dropped.get();
  }

  /** One worker thread and the deliveries waiting on it, per object id (touched by that thread only). */
  private final class Lane {
    final ScheduledExecutorService worker;
    final Map<String, ArrayDeque<Delivery>> chains = new HashMap<>();

    Lane(int number) {
      worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "stripe-standin-webhooks-" + number);
        t.setDaemon(true);
        return t;
      });
    }

    void enqueue(Delivery delivery) {
      ArrayDeque<Delivery> chain = chains.computeIfAbsent(delivery.objectId, k -> new ArrayDeque<>());
      chain.addLast(delivery);
      if (chain.size() == 1) {
        attempt(delivery);
      }
    }

    void attempt(Delivery delivery) {
      Target current = target;
      if (current == null) {
        finish(delivery);
        return;
      }
      if (post(current, delivery)) {
        synchronized (delivered) {
          delivered.addLast(delivery.eventId);
          if (delivered.size() > DELIVERED_KEPT) {
            delivered.pollFirst();
          }
        }
        finish(delivery);
      } else if (delivery.failures < retryDelays.size()) {
        Duration delay = retryDelays.get(delivery.failures);
        delivery.failures++;
        schedule(() -> attempt(delivery), delay);
      } else {
        LOG.log(System.Logger.Level.WARNING, "giving up on webhook {0} after {1} attempts",
            delivery.eventId, delivery.failures + 1);
        finish(delivery);
      }
    }

    void finish(Delivery delivery) {
      pending.decrementAndGet();
      ArrayDeque<Delivery> chain = chains.get(delivery.objectId);
      chain.pollFirst();
      if (chain.isEmpty()) {
        chains.remove(delivery.objectId);
      } else {
        Delivery next = chain.peekFirst();
        schedule(() -> attempt(next), Duration.ZERO);
      }
    }

    void schedule(Runnable task, Duration delay) {
      try {
        worker.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException closed) {
        // Shutting down.
      }
    }
  }

  private boolean post(Target to, Delivery delivery) {
    long timestamp = Json.nowSeconds();
    HttpRequest request =
        HttpRequest.newBuilder(to.url)
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json; charset=utf-8")
            .header("User-Agent", USER_AGENT)
            .header("Stripe-Signature", WebhookSigner.header(delivery.payload, to.secret, timestamp))
            .POST(HttpRequest.BodyPublishers.ofString(delivery.payload, StandardCharsets.UTF_8))
            .build();
    try {
      HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
      return response.statusCode() >= 200 && response.statusCode() < 300;
    } catch (java.io.IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "webhook {0} not delivered: {1}", delivery.eventId, e.toString());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    for (Lane lane : lanes) {
      lane.worker.shutdownNow();
    }
    try {
      for (Lane lane : lanes) {
        lane.worker.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private record Target(URI url, String secret) {
    @Override
    public String toString() {
      return "Target[" + url + ", secret=***]";
    }
  }

  private static final class Delivery {
    final String eventId;
    final String objectId;
    final String payload;
    int failures;

    Delivery(String eventId, String objectId, String payload) {
      this.eventId = eventId;
      this.objectId = objectId;
      this.payload = payload;
    }
  }
}
