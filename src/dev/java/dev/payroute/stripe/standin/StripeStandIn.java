package dev.payroute.stripe.standin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An offline stand-in for Stripe's REST API, good enough for the real stripe-java client pointed
 * at {@link #baseUrl()}, which also sends signed webhooks. State lives in memory, except what long runs
 * would pile up: finished objects move to disk after {@link Options#finishedAge} (or when more than
 * {@link Options#maxObjectsInMemory} objects are in memory) and come back when asked for by id, and
 * idempotent answers are kept on disk for their 24 hours. The disk data lives in a folder of its own
 * under {@link Options#storageDirectory}, deleted on {@link #close}.
 *
 * <pre>{@code
 * try (StripeStandIn stripe = StripeStandIn.start(new StripeStandIn.Options())) {
 *   StripeClient client = StripeClient.builder().setApiKey("sk_test_x")
 *       .setApiBase(stripe.baseUrl()).setConnectBase(stripe.baseUrl()).setFilesBase(stripe.baseUrl())
 *       .build();
 * }
 * }</pre>
 */
public final class StripeStandIn implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService httpThreads;
  private final WebhookDispatcher dispatcher;
  private final StandInFaults faults;
  private final RequestStats stats;
  private final TestHooks hooks;
  private final String baseUrl;
  private final Storage storage;

  /** What holds data on disk, closed with the stand-in. */
  private record Storage(StandInState state, IdempotencyCache idempotency, StorageDirectory directory) {}

  private StripeStandIn(
      HttpServer server,
      ExecutorService httpThreads,
      WebhookDispatcher dispatcher,
      StandInFaults faults,
      RequestStats stats,
      TestHooks hooks,
      String baseUrl,
      Storage storage) {
    this.server = server;
    this.httpThreads = httpThreads;
    this.dispatcher = dispatcher;
    this.faults = faults;
    this.stats = stats;
    this.hooks = hooks;
    this.baseUrl = baseUrl;
    this.storage = storage;
  }

  public static StripeStandIn start(Options options) {
    HttpServer server;
    try {
      // Without TCP_NODELAY the JDK server's small writes meet the client's delayed ACK: ~40 ms a call
      // (found by bench/commands). The JDK reads this once, when its server configuration loads.
      System.setProperty("sun.net.httpserver.nodelay", "true");
      server = HttpServer.create(new InetSocketAddress(options.host, options.port), 64);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + options.host + ":" + options.port, e);
    }
    String baseUrl = "http://" + options.host + ":" + server.getAddress().getPort();

    WebhookDispatcher dispatcher = new WebhookDispatcher(options.webhookRetryDelays);
    if (options.webhookTargetUrl != null) {
      dispatcher.setTarget(options.webhookTargetUrl, options.webhookSecret);
    }
    StorageDirectory directory = new StorageDirectory(options.storageDirectory);
    StandInState state = new StandInState(
        new ObjectStore(directory, options.clock, options.finishedAge, options.maxObjectsInMemory,
            options.archiveRetention),
        dispatcher);
    IdempotencyCache idempotency = new IdempotencyCache(directory, options.clock);
    PaymentMethodResource paymentMethods = new PaymentMethodResource(state);
    ChargeResource charges = new ChargeResource(state, baseUrl);
    PaymentIntentResource paymentIntents = new PaymentIntentResource(state, paymentMethods, charges, baseUrl);
    RefundResource refunds = new RefundResource(state, charges);
    CheckoutSessionResource checkoutSessions = new CheckoutSessionResource(state, paymentIntents, baseUrl);
    AccountResource accounts = new AccountResource(state, options.accountId);
    DisputeResource disputes = new DisputeResource(state, charges);
    Router api = Router.api();
    // Search first: the router takes the first matching template, and /v1/charges/{id} would take /v1/charges/search.
    for (Resource resource :
        List.of(
            new SearchResource(state), new CustomerResource(state), paymentMethods, paymentIntents, charges, refunds, checkoutSessions,
            accounts, new TransferResource(state, accounts), new TransferReversalResource(state), disputes,
            new EventResource(state),
            new BalanceResource(state))) {
      resource.register(api);
    }

    StandInFaults faults = new StandInFaults();
    RequestStats stats = new RequestStats();
    TestHooks hooks = new TestHooks(state, paymentIntents, refunds, checkoutSessions, disputes, dispatcher);
    Storage storage = new Storage(state, idempotency, directory);
    ControlEndpoints control = new ControlEndpoints(hooks, faults, () -> storageReport(storage, dispatcher));
    server.createContext("/", new StandInHttpHandler(api, control, state, idempotency, faults, stats));
    // Unbounded on purpose: DELAY faults park a thread per request and must not starve the rest.
    ExecutorService httpThreads = Executors.newCachedThreadPool(daemonThreads("stripe-standin-http-"));
    server.setExecutor(httpThreads);
    server.start();
    return new StripeStandIn(server, httpThreads, dispatcher, faults, stats, hooks, baseUrl, storage);
  }

  public String baseUrl() {
    return baseUrl;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public StandInFaults faults() {
    return faults;
  }

  /** Where events are posted, signed with {@code signingSecret}; a null url stops sending. */
  public void setWebhookTarget(String url, String signingSecret) {
    dispatcher.setTarget(url, signingSecret);
  }

  /** Ids of events the webhook target answered with a 2xx, in delivery order (redeliveries repeat). */
  public List<String> deliveredEventIds() {
    return dispatcher.deliveredEventIds();
  }

  /** A copy of the stored object with this id (pi_, ch_, re_, cs_, tr_, acct_, cus_, evt_, dp_, pm_). */
  public Optional<ObjectNode> object(String id) {
    return hooks.object(id);
  }

  /** API requests received (including replays, faults and errors) whose path starts with the prefix. */
  public int requestCount(String method, String pathPrefix) {
    return stats.received(method, pathPrefix);
  }

  /** API requests that actually ran: not idempotent replays or conflicts, not failed by a fault. */
  public int executedCount(String method, String pathPrefix) {
    return stats.executed(method, pathPrefix);
  }

  /** Finishes the 3-D Secure challenge of a PaymentIntent in requires_action. */
  public ObjectNode authenticate(String paymentIntentId, boolean succeed) {
    return hook(() -> hooks.authenticate(paymentIntentId, succeed));
  }

  /** The customer pays a Checkout Session with the test Visa card. */
  public ObjectNode completeCheckoutSession(String sessionId) {
    return hook(() -> hooks.completeCheckoutSession(sessionId));
  }

  public ObjectNode expireCheckoutSession(String sessionId) {
    return hook(() -> hooks.expireCheckoutSession(sessionId));
  }

  /** Settles a refund created pending (with {@code metadata[standin_pending]=true}). */
  public ObjectNode settleRefund(String refundId, boolean succeed) {
    return hook(() -> hooks.settleRefund(refundId, succeed));
  }

  /** The cardholder disputes a captured charge (full amount, reason fraudulent). */
  public ObjectNode createDispute(String chargeId) {
    return hook(() -> hooks.openDispute(chargeId, Params.empty()));
  }

  /**
   * Stops sending events of a type ({@code "*"} for all) while withheld. Withheld events are stored
   * but never sent on their own, like webhooks that got lost; {@link #redeliver} sends one.
   */
  public void withholdWebhooks(String eventType, boolean withhold) {
    hooks.withholdWebhooks(eventType, withhold);
  }

  /** Sends a stored event again (same id and payload), as a duplicate delivery would. */
  public void redeliver(String eventId) {
    hook(() -> {
      hooks.redeliver(eventId);
      return null;
    });
  }

  /** What is kept where, as {@code GET /_standin/storage} answers it. */
  ObjectNode storageReport() {
    return storageReport(storage, dispatcher);
  }

  private static ObjectNode storageReport(Storage storage, WebhookDispatcher dispatcher) {
    ObjectStore.Usage objects = storage.state.atomically(storage.state.store::usage);
    ObjectNode report = Json.object();
    ObjectNode objectsJson = report.putObject("objects");
    objectsJson.put("in_memory", objects.inMemory());
    objectsJson.put("moved_to_disk", objects.archived());
    objectsJson.put("brought_back", objects.restored());
    objectsJson.set("on_disk", usageJson(objects.onDisk()));
    ObjectNode idempotencyJson = report.putObject("idempotency");
    idempotencyJson.put("running", storage.idempotency.running());
    idempotencyJson.set("on_disk", usageJson(storage.idempotency.onDisk()));
    report.putObject("webhooks").put("not_sent_queue_full", dispatcher.droppedDeliveries());
    var folder = storage.directory.pathIfMade();
    report.put("directory", folder == null ? null : folder.toString());
    return report;
  }

  private static ObjectNode usageJson(SegmentLog.Usage usage) {
    ObjectNode json = Json.object();
    json.put("segments", usage.segments());
    json.put("records", usage.records());
    json.put("bytes", usage.bytesOnDisk());
    return json;
  }

  /** Stops serving and sending, and deletes the stand-in's folder on disk. */
  @Override
  public void close() {
    server.stop(0);
    httpThreads.shutdownNow();
    dispatcher.close();
    try {
      httpThreads.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    storage.idempotency.close();
    storage.state.store.close();
    storage.directory.close();
  }

  private static <T> T hook(java.util.function.Supplier<T> action) {
    try {
      return action.get();
    } catch (ApiError e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
    AtomicInteger counter = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + counter.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Start-up settings; fluent setters return {@code this}. */
  public static final class Options {
    private int port = 0;
    private String host = "127.0.0.1";
    private String webhookTargetUrl;
    private String webhookSecret;
    private List<Duration> webhookRetryDelays =
        List.of(
            Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8),
            Duration.ofSeconds(16), Duration.ofSeconds(32), Duration.ofSeconds(64));
    private String accountId = "acct_standin";
    private Duration finishedAge = Duration.ofMinutes(10);
    private int maxObjectsInMemory = 10_000;
    private Duration archiveRetention = Duration.ofHours(24);
    private Path storageDirectory = Path.of(System.getProperty("java.io.tmpdir"));
    private Clock clock = Clock.systemUTC();

    /** 0 picks a free port. */
    public Options port(int port) {
      this.port = port;
      return this;
    }

    public Options host(String host) {
      this.host = host;
      return this;
    }

    public Options webhookTarget(String url, String signingSecret) {
      this.webhookTargetUrl = url;
      this.webhookSecret = signingSecret;
      return this;
    }

    public Options webhookTargetUrl(String url) {
      this.webhookTargetUrl = url;
      return this;
    }

    /** The endpoint's signing secret ({@code whsec_...}); never logged. */
    public Options webhookSecret(String signingSecret) {
      this.webhookSecret = signingSecret;
      return this;
    }

    /** Waits between delivery attempts; attempts = delays + 1 (default 1 s doubling, 8 attempts). */
    public Options webhookRetryDelays(List<Duration> delays) {
      this.webhookRetryDelays = List.copyOf(delays);
      return this;
    }

    /** The platform account id, answered by {@code GET /v1/account}. */
    public Options accountId(String accountId) {
      this.accountId = accountId;
      return this;
    }

    /**
     * How long a finished object (a PaymentIntent succeeded with nothing to capture or canceled, with
     * its charges and refunds; a completed or expired Checkout Session; an event; a transfer) stays in
     * memory untouched before it moves to disk. Lists show only objects in memory. Default 10 minutes.
     */
    public Options finishedAge(Duration age) {
      if (age.isNegative()) {
        throw new IllegalArgumentException("the finished age must not be negative");
      }
      this.finishedAge = age;
      return this;
    }

    /**
     * Above this many objects in memory, finished ones move to disk before their age, least recently
     * used first (about 6 KB of heap each). Unfinished objects always stay. Default 10,000.
     */
    public Options maxObjectsInMemory(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("at least one object must fit in memory");
      }
      this.maxObjectsInMemory = max;
      return this;
    }

    /** How long objects moved to disk can still be retrieved; then they are gone (404). Default 24 hours. */
    public Options archiveRetention(Duration retention) {
      if (retention.isNegative() || retention.isZero()) {
        throw new IllegalArgumentException("the archive retention must be positive");
      }
      this.archiveRetention = retention;
      return this;
    }

    /** Where the stand-in makes its own folder for data on disk (deleted on close). Default java.io.tmpdir. */
    public Options storageDirectory(Path parent) {
      this.storageDirectory = parent;
      return this;
    }

    /** The time that ages objects and idempotency keys; tests move it forward. */
    Options clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public int port() {
      return port;
    }

    public String host() {
      return host;
    }

    public String webhookTargetUrl() {
      return webhookTargetUrl;
    }

    public List<Duration> webhookRetryDelays() {
      return webhookRetryDelays;
    }

    public String accountId() {
      return accountId;
    }

    public Duration finishedAge() {
      return finishedAge;
    }

    public int maxObjectsInMemory() {
      return maxObjectsInMemory;
    }

    public Duration archiveRetention() {
      return archiveRetention;
    }

    public Path storageDirectory() {
      return storageDirectory;
    }

    @Override
    public String toString() {
      // The webhook secret is left out on purpose.
      return "Options[host=" + host + ", port=" + port + ", webhookTargetUrl=" + webhookTargetUrl
          + ", webhookRetryDelays=" + webhookRetryDelays + ", accountId=" + accountId
          + ", finishedAge=" + finishedAge + ", maxObjectsInMemory=" + maxObjectsInMemory
          + ", archiveRetention=" + archiveRetention + ", storageDirectory=" + storageDirectory + "]";
    }
  }
}
