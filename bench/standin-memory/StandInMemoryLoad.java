import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.payroute.stripe.IntentSnapshot;
import dev.payroute.stripe.PaymentGateway;
import dev.payroute.stripe.StripeIdempotencyKeys;
import dev.payroute.stripe.StripePaymentGateway;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Driver of bench/standin-memory: starts the Stripe stand-in (target/payroute-standin.jar) as its own JVM with
 * a small heap and a webhook target in this JVM that answers 200, then pays N times through it the way payroute
 * does, with payroute's own gateway (stripe-java): create a PaymentIntent (Idempotency-Key
 * payroute-payment-create-&lt;id&gt;), confirm it with pm_card_visa expanding latest_charge
 * (payroute-payment-confirm-&lt;id&gt;). Every 100th payment sends its confirmation again and every 1000th
 * retries the create of the payment 1000 before it; both must be answered with the same PaymentIntent (replays,
 * the older one from disk).
 *
 * <p>Every checkpoint (100,000 payments by default) the clients pause between payments and the stand-in's live
 * heap is read after a full collection (jcmd GC.class_histogram: collects, then sums the objects left), with its
 * RSS, its own storage report (GET /_standin/storage) and the payments/s of the window. Writes one JSON file.
 *
 * <pre>
 * java -cp "target/payroute.jar:target/lib/*:classes" StandInMemoryLoad --jar target/payroute-standin.jar \
 *      --payments 1000000 --every 100000 --clients 3 --xmx 256m --work target/bench-standin-memory --out raw.json
 * </pre>
 */
public final class StandInMemoryLoad {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "whsec_bench_standin_memory";
    private static final Pattern TOTAL = Pattern.compile("(?m)^Total\\s+(\\d+)\\s+(\\d+)\\s*$");
    private static final Pattern CLASS_ROW = Pattern.compile("(?m)^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

    private final Map<String, String> opts;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final AtomicLong webhooks = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong replays = new AtomicLong();
    private final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    /** Payments hold the read side; a checkpoint takes the write side, so it measures between payments. */
    private final ReentrantReadWriteLock pause = new ReentrantReadWriteLock(true);
    private final String[] createdIntents;
    private final long[] latencyMicros;
    private Process standIn;
    private String baseUrl;

    private StandInMemoryLoad(Map<String, String> opts, int payments) {
        this.opts = opts;
        this.createdIntents = new String[payments];
        this.latencyMicros = new long[payments];
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option, got " + args[i]);
            }
            opts.put(args[i].substring(2), args[i + 1]);
        }
        int payments = Integer.parseInt(opts.getOrDefault("payments", "1000000"));
        new StandInMemoryLoad(opts, payments).run(payments);
    }

    private void run(int payments) throws Exception {
        int every = Integer.parseInt(opts.getOrDefault("every", "100000"));
        int clients = Integer.parseInt(opts.getOrDefault("clients", "3"));
        Path work = Path.of(opts.getOrDefault("work", "target/bench-standin-memory"));
        Path storage = work.resolve("storage");
        Files.createDirectories(storage);

        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        receiver.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            if (exchange.getRequestHeaders().getFirst("Stripe-Signature") != null) {
                webhooks.incrementAndGet();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.setExecutor(Executors.newFixedThreadPool(2));
        receiver.start();
        String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";

        List<String> command = new ArrayList<>(List.of("java", "-Xmx" + opts.getOrDefault("xmx", "256m")));
        command.addAll(Arrays.asList(opts.getOrDefault("java-opts", "-XX:+UseSerialGC").trim().split("\\s+")));
        command.add("-Xlog:gc:file=" + work.resolve("standin-gc.log"));
        command.addAll(List.of("-jar", opts.getOrDefault("jar", "target/payroute-standin.jar"), "--port", "0",
                "--webhook-url", hook, "--webhook-secret", SECRET, "--storage-dir", storage.toString()));
        String extra = opts.getOrDefault("standin-args", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(Arrays.asList(extra.split("\\s+")));
        }
        Path standInLog = work.resolve("standin.log");
        standIn = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(standInLog.toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> standIn.destroy()));
        baseUrl = awaitListening(standInLog);
        log("stand-in pid " + standIn.pid() + " at " + baseUrl + ": " + String.join(" ", command));

        ObjectNode out = JSON.createObjectNode();
        out.put("payments_requested", payments);
        out.put("checkpoint_every", every);
        out.put("client_threads", clients);
        out.put("standin_command", String.join(" ", command));
        out.put("started_at", Instant.now().toString());
        ArrayNode checkpoints = out.putArray("checkpoints");
        checkpoints.add(measure(0, 0, 0));

        var pool = Executors.newFixedThreadPool(clients);
        StripePaymentGateway gateway = new StripePaymentGateway("sk_test_bench_standin_memory", baseUrl, 10_000, 60_000);
        long runStart = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            pool.execute(() -> {
                long n;
                while ((n = started.getAndIncrement()) < payments) {
                    pause.readLock().lock();
                    try {
                        pay(gateway, (int) n);
                    } finally {
                        pause.readLock().unlock();
                    }
                }
            });
        }
        pool.shutdown();

        long lastDone = 0;
        long activeNanos = 0;
        long windowStart = System.nanoTime();
        String failure = null;
        for (long next = Math.min(every, payments); lastDone < payments; next = Math.min(next + every, payments)) {
            while (completed.get() < next && !pool.isTerminated() && standIn.isAlive()) {
                Thread.sleep(50);
            }
            if (!standIn.isAlive()) {
                failure = "the stand-in ended (exit " + standIn.exitValue() + ") after " + completed.get()
                        + " payments: see standin.log";
                log(failure);
                pool.shutdownNow();
                break;
            }
            pause.writeLock().lock();
            try {
                long windowNanos = System.nanoTime() - windowStart;
                activeNanos += windowNanos;
                long done = completed.get();
                ObjectNode point = measure(done, done - lastDone, windowNanos);
                point.put("elapsed_active_s", round(activeNanos / 1e9));
                latency(point, (int) lastDone, (int) done);
                checkpoints.add(point);
                log(point.toString());
                lastDone = pool.isTerminated() ? payments : done;
            } finally {
                windowStart = System.nanoTime();
                pause.writeLock().unlock();
            }
        }
        pool.awaitTermination(1, TimeUnit.HOURS);
        out.put("failure", failure);

        long expectedEvents = 3L * completed.get();
        long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (webhooks.get() < expectedEvents && System.nanoTime() < waitUntil && standIn.isAlive()) {
            Thread.sleep(200);
        }
        ObjectNode totals = out.putObject("totals");
        totals.put("payments_completed", completed.get());
        totals.put("active_seconds", round(activeNanos / 1e9));
        totals.put("payments_per_s", round(completed.get() / (activeNanos / 1e9)));
        totals.put("replays_checked", replays.get());
        totals.put("webhooks_expected", expectedEvents);
        totals.put("webhooks_received", webhooks.get());
        ObjectNode errorsJson = totals.putObject("errors");
        errors.forEach((k, v) -> errorsJson.put(k, v.get()));
        totals.put("first_error", firstError.get());
        totals.set("final_storage_report", standIn.isAlive() ? storageReport() : null);

        standIn.destroy();
        boolean stopped = standIn.waitFor(30, TimeUnit.SECONDS);
        out.put("standin_stopped_on_sigterm", stopped);
        try (var left = Files.list(storage)) {
            out.put("storage_folders_left_after_stop", left.count());
        }
        out.put("finished_at", Instant.now().toString());
        receiver.stop(0);
        ((java.util.concurrent.ExecutorService) receiver.getExecutor()).shutdownNow();
        Files.writeString(Path.of(opts.getOrDefault("out", "raw.json")), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out));
        log("done: " + totals);
        System.exit(0);
    }

    /** One payment as payroute makes it, plus the retries described above. */
    private void pay(StripePaymentGateway gateway, int n) {
        UUID paymentId = UUID.randomUUID();
        long t0 = System.nanoTime();
        try {
            IntentSnapshot created = gateway.createIntent(createRequest(n, paymentId),
                    StripeIdempotencyKeys.of("payment-create", paymentId));
            createdIntents[n] = paymentId + " " + created.id();
            UUID confirmation = UUID.randomUUID();
            String key = StripeIdempotencyKeys.of("payment-confirm", confirmation);
            IntentSnapshot confirmed = gateway.confirmIntent(created.id(), "pm_card_visa", null, key);
            if (!"succeeded".equals(confirmed.status()) || confirmed.latestChargeId() == null) {
                throw new IllegalStateException("confirmed " + confirmed + " is not succeeded with a charge");
            }
            latencyMicros[n] = (System.nanoTime() - t0) / 1000;
            if (n % 100 == 99) {
                same(created.id(), gateway.confirmIntent(created.id(), "pm_card_visa", null, key).id(), "confirm replay");
            }
            if (n % 1000 == 999 && createdIntents[n - 999] != null) {
                String[] older = createdIntents[n - 999].split(" ");
                UUID olderId = UUID.fromString(older[0]);
                IntentSnapshot again = gateway.createIntent(createRequest(n - 999, olderId),
                        StripeIdempotencyKeys.of("payment-create", olderId));
                same(older[1], again.id(), "create replay from 1000 payments before");
            }
            completed.incrementAndGet();
        } catch (RuntimeException e) {
            errors.computeIfAbsent(e.getClass().getSimpleName(), k -> new AtomicLong()).incrementAndGet();
            firstError.compareAndSet(null, "payment " + n + ": " + e);
        }
    }

    /** What payroute's POST /api/v1/payments sends to Stripe for an order. */
    private static PaymentGateway.CreateIntent createRequest(int n, UUID paymentId) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("payroute_payment_id", paymentId.toString());
        metadata.put("order_id", "bench-order-" + n);
        return new PaymentGateway.CreateIntent(2_098, "usd", "bench payment " + n, "automatic", null, metadata);
    }

    private void same(String expected, String actual, String what) {
        if (!expected.equals(actual)) {
            throw new IllegalStateException(what + " answered " + actual + " instead of " + expected);
        }
        replays.incrementAndGet();
    }

    /** Live heap after a full collection: jcmd GC.class_histogram collects first, then sums what is left. */
    private ObjectNode measure(long payments, long inWindow, long windowNanos) throws Exception {
        long pid = standIn.pid();
        String histogram = jcmd(pid, "GC.class_histogram");
        Matcher total = TOTAL.matcher(histogram);
        if (!total.find()) {
            throw new IllegalStateException("no Total line in the class histogram: " + histogram.lines().limit(5).toList());
        }
        ObjectNode point = JSON.createObjectNode();
        point.put("payments", payments);
        point.put("heap_used_after_full_gc_mb", round(Long.parseLong(total.group(2)) / 1048576.0));
        point.put("heap_objects", Long.parseLong(total.group(1)));
        point.put("rss_mb", round(rssKb(pid) / 1024.0));
        if (windowNanos > 0) {
            point.put("window_payments", inWindow);
            point.put("window_payments_per_s", round(inWindow / (windowNanos / 1e9)));
        }
        point.put("webhooks_received", webhooks.get());
        point.set("storage", storageReport());
        ArrayNode top = point.putArray("largest_classes_mb");
        Matcher row = CLASS_ROW.matcher(histogram);
        for (int i = 0; i < 6 && row.find(); i++) {
            top.addObject().put("class", row.group(3)).put("mb", round(Long.parseLong(row.group(2)) / 1048576.0));
        }
        point.put("at", Instant.now().toString());
        return point;
    }

    private void latency(ObjectNode point, int from, int to) {
        long[] window = Arrays.stream(Arrays.copyOfRange(latencyMicros, from, to)).filter(v -> v > 0).sorted().toArray();
        if (window.length == 0) {
            return;
        }
        ObjectNode ms = point.putObject("payment_latency_ms");
        ms.put("p50", round(window[window.length / 2] / 1000.0));
        ms.put("p99", round(window[(int) Math.ceil(window.length * 0.99) - 1] / 1000.0));
        ms.put("max", round(window[window.length - 1] / 1000.0));
    }

    private JsonNode storageReport() throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/_standin/storage"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(answer.body());
    }

    private static String jcmd(long pid, String command) throws Exception {
        Process p = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + command + " failed: " + text);
        }
        return text;
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return 0;
    }

    /** The stand-in's base URL, once its output (going to the log file) says where it listens. */
    private String awaitListening(Path logFile) throws Exception {
        Pattern listening = Pattern.compile("listening on (http://[^ ,]+)");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && standIn.isAlive()) {
            Matcher m = listening.matcher(Files.readString(logFile));
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the stand-in did not start listening: see " + logFile);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static void log(String message) {
        System.err.println(Instant.now() + " " + message);
    }
}
