import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load generator for bench/webhooks (Java 17 single-file program, no dependencies).
 *
 * <pre>
 * java bench/webhooks/WebhookLoad.java create --url http://127.0.0.1:18480 --api-key KEY --count N --out intents.txt
 * java bench/webhooks/WebhookLoad.java run --url http://127.0.0.1:18480 --secret whsec_... --api-key KEY --admin-key KEY
 *      --steps warm:100:5,s100:100:20,... --out raw.json [--service-pid PID] [--workers 64] [--run-id ID]
 *      [--drain-timeout 30] [--stop-after-failed 2] [--db-name payroute_bench] [--pids standin=PID,kafka=PID,...]
 * </pre>
 *
 * With --db-name, each step also reports the database's commits per event: PostgreSQL's own count for
 * that database (pg_stat_database, read with psql) from just before the step to the end of its drain,
 * everything included (the events' transactions, the outbox relay's, the service's timers), divided by
 * the step's events. PostgreSQL publishes a backend's counts within about a second, so each reading
 * waits 2 s for the counts before it to arrive.
 *
 * "run" first creates the payments of all its steps through POST /api/v1/payments and waits
 * until the payment_intent.created webhooks the offline Stripe stand-in sends for them are
 * processed, so the steps measure their own events only. After two steps in a row that did not
 * keep up (HTTP rate, errors, processing backlog), the remaining, higher steps are not run.
 *
 * "run" is open loop: request i of a step is due at start + i/rate, whatever happened to the
 * requests before it. Due requests go to a queue that a fixed set of worker threads (one
 * keep-alive HTTP/1.1 connection each) drain; a request that waits in the queue because every
 * worker is busy waits on the clock, since its latency is measured from its due time (no
 * coordinated omission). Every event is a fresh, uniquely identified payment_intent.succeeded
 * for a payment created beforehand, signed per request like Stripe does
 * (Stripe-Signature: t=unix,v1=hex HMAC-SHA256(secret, t + "." + body)).
 */
public final class WebhookLoad {

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: WebhookLoad create|run --option value ...");
        }
        Map<String, String> opts = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option, got " + args[i]);
            }
            opts.put(args[i].substring(2), args[i + 1]);
        }
        switch (args[0]) {
            case "create" -> create(opts);
            case "run" -> run(opts);
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    // ------------------------------------------------------------------ create payments

    private static final Pattern INTENT_ID = Pattern.compile("\"payment_intent_id\"\\s*:\\s*\"(pi_[^\"]+)\"");

    static void create(Map<String, String> o) throws Exception {
        int count = Integer.parseInt(req(o, "count"));
        long t0 = System.nanoTime();
        List<String> intents = createPayments(URI.create(req(o, "url")), req(o, "api-key"), count,
                Integer.parseInt(o.getOrDefault("concurrency", "48")));
        Files.write(Path.of(req(o, "out")), intents);
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "created %d payments in %.1f s (%.0f/s)%n", count, secs, count / secs);
    }

    /** Creates payments of 10.00 USD through the API; returns their PaymentIntent ids. */
    static List<String> createPayments(URI url, String apiKey, int count, int concurrency) throws InterruptedException {
        String[] intents = new String[count];
        AtomicInteger next = new AtomicInteger();
        byte[] body = "{\"amount\":1000,\"currency\":\"usd\"}".getBytes(StandardCharsets.UTF_8);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < Math.min(concurrency, count); w++) {
            Thread t = new Thread(() -> {
                Http http = new Http(url);
                int i;
                while ((i = next.getAndIncrement()) < count) {
                    for (int attempt = 0; ; attempt++) {
                        try {
                            Http.Response r = http.send("POST", "/api/v1/payments",
                                    List.of("Authorization", "Bearer " + apiKey, "Content-Type", "application/json"), body);
                            Matcher m = INTENT_ID.matcher(r.body());
                            if (r.status() == 201 && m.find()) {
                                intents[i] = m.group(1);
                                break;
                            }
                            throw new IOException("HTTP " + r.status() + ": " + r.body());
                        } catch (IOException e) {
                            http.close();
                            if (attempt >= 3) {
                                throw new IllegalStateException("payment create failed: " + e.getMessage(), e);
                            }
                        }
                    }
                }
                http.close();
            }, "create-" + w);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        for (String s : intents) {
            if (s == null) {
                throw new IllegalStateException("not every payment was created");
            }
        }
        return Arrays.asList(intents);
    }

    // ------------------------------------------------------------------ run the rate steps

    record Step(String name, int rate, int seconds) {
    }

    record Task(int index, long dueNanos, String intentId) {
    }

    static final class StepResult {
        final long[] latencyNanos;       // from the due time to the full response, per OK request
        final long[] serviceNanos;       // from the actual send to the full response, per OK request
        final AtomicInteger ok = new AtomicInteger();
        final AtomicInteger errors = new AtomicInteger();
        final Map<String, AtomicInteger> errorKinds = new java.util.concurrent.ConcurrentHashMap<>();
        final java.util.concurrent.atomic.AtomicLong lastCompletion = new java.util.concurrent.atomic.AtomicLong();
        Cpu cpuAtStart;

        StepResult(int n) {
            latencyNanos = new long[n];
            serviceNanos = new long[n];
            Arrays.fill(latencyNanos, -1);
        }

        void error(String kind) {
            errors.incrementAndGet();
            errorKinds.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
        }
    }

    static void run(Map<String, String> o) throws Exception {
        URI url = URI.create(req(o, "url"));
        String secret = req(o, "secret");
        String adminKey = req(o, "admin-key");
        String apiKey = req(o, "api-key");
        int stopAfterFailed = Integer.parseInt(o.getOrDefault("stop-after-failed", "2"));
        int workers = Integer.parseInt(o.getOrDefault("workers", "64"));
        int drainTimeout = Integer.parseInt(o.getOrDefault("drain-timeout", "60"));
        long servicePid = Long.parseLong(o.getOrDefault("service-pid", "0"));
        String dbName = o.get("db-name");
        // Other processes the benchmark runs (the stand-in, the Kafka broker, RabbitMQ): their CPU is reported by name.
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String p : o.getOrDefault("pids", "").split(",")) {
            String[] kv = p.split("=");
            if (kv.length == 2 && !kv[1].isBlank()) {
                pids.put(kv[0], Long.parseLong(kv[1]));
            }
        }
        String runId = o.getOrDefault("run-id", Long.toString(System.currentTimeMillis() / 1000, 36));
        List<Step> steps = new ArrayList<>();
        for (String s : req(o, "steps").split(",")) {
            String[] p = s.split(":");
            steps.add(new Step(p[0], Integer.parseInt(p[1]), Integer.parseInt(p[2])));
        }

        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        Http admin = new Http(url);

        boolean first = true;
        int failedInARow = 0;
        List<String> skipped = new ArrayList<>();
        // All the payments of this run's steps, created first through the API. The offline Stripe
        // stand-in sends a payment_intent.created webhook for each: wait until they are all
        // received and processed, so that the steps measure their own events only.
        int total = steps.stream().mapToInt(st -> st.rate * st.seconds).sum();
        Map<String, Long> c0 = counters(admin, adminKey);
        long t0 = System.nanoTime();
        List<String> allIntents = createPayments(url, apiKey, total, 48);
        double createSecs = (System.nanoTime() - t0) / 1e9;
        long quietDeadline = System.nanoTime() + 240_000_000_000L;
        Map<String, Long> c1 = counters(admin, adminKey);
        while ((c1.get("stored") - c0.get("stored") < total || backlog(c1) > 0) && System.nanoTime() < quietDeadline) {
            Thread.sleep(200);
            c1 = counters(admin, adminKey);
        }
        System.out.printf(Locale.ROOT, "created %d payments in %.1f s (%.0f/s); their %d stand-in webhooks were processed after %.1f s%n",
                total, createSecs, total / createSecs, c1.get("stored") - c0.get("stored"), (System.nanoTime() - t0) / 1e9);
        Thread.sleep(2000);
        StringBuilder json = new StringBuilder();
        json.append("{\n  \"run_id\": \"").append(runId).append("\",\n  \"workers\": ").append(workers)
                .append(",\n  \"payments_created\": ").append(total)
                .append(", \"payments_created_per_s\": ").append(fmt(total / createSecs))
                .append(",\n  \"steps\": [");
        int cursor = 0;
        for (Step step : steps) {
            if (failedInARow >= stopAfterFailed) {
                skipped.add(step.name);
                System.out.printf(Locale.ROOT, "step %s: not run (%d steps in a row were not sustained)%n", step.name,
                        failedInARow);
                continue;
            }
            int n = step.rate * step.seconds;
            List<String> stepIntents = allIntents.subList(cursor, cursor + n);
            cursor += n;
            System.out.printf(Locale.ROOT, "step %s: %d events/s for %d s (%d events)...%n", step.name, step.rate,
                    step.seconds, n);
            long commitsBefore = dbCommits(dbName);
            Map<String, Long> countersBefore = counters(admin, adminKey);
            StepResult r = new StepResult(n);
            long[] extraBefore = extraTicks(pids);
            long start = runStep(url, mac, runId, step, stepIntents, workers, r, servicePid);
            Cpu cpuBefore = r.cpuAtStart;
            long end = r.lastCompletion.get();
            Cpu cpuAfter = Cpu.sample(servicePid);
            long[] extraAfter = extraTicks(pids);
            StringBuilder extraCpu = new StringBuilder("{");
            int x = 0;
            for (String name : pids.keySet()) {
                double secs = (cpuAfter.nanos - cpuBefore.nanos) / 1e9;
                double pct = secs <= 0 ? 0 : 100.0 * (extraAfter[x] - extraBefore[x]) / Cpu.TICK / secs;
                extraCpu.append(x == 0 ? "" : ", ").append('"').append(name).append("\": ").append(fmt(pct));
                x++;
            }
            extraCpu.append('}');
            // Processing backlog: stored events not yet applied (counters of the service's webhook debug view).
            long drainStart = System.nanoTime();
            Map<String, Long> c = counters(admin, adminKey);
            long backlogAtEnd = backlog(c);
            // Events answered 5xx may be stored without being queued (the sweeper takes them up after
            // their lease): they are not waited for here; the database tells what became of them.
            while (backlog(c) > r.errors.get() && System.nanoTime() - drainStart < drainTimeout * 1_000_000_000L) {
                Thread.sleep(200);
                c = counters(admin, adminKey);
            }
            double drainSecs = (System.nanoTime() - drainStart) / 1e9;
            long backlogLeft = backlog(c);
            Cpu cpuDrained = Cpu.sample(servicePid);
            long commits = dbName == null ? -1 : dbCommits(dbName) - commitsBefore;

            double windowSecs = (end - start) / 1e9;
            long[] lat = Arrays.stream(r.latencyNanos).filter(v -> v >= 0).sorted().toArray();
            long[] svc = new long[lat.length];
            int k = 0;
            for (int i = 0; i < n; i++) {
                if (r.latencyNanos[i] >= 0) {
                    svc[k++] = r.serviceNanos[i];
                }
            }
            Arrays.sort(svc);
            double achieved = r.ok.get() / windowSecs;
            // Early stop only (the report classifies steps from the database): kept up on HTTP, no
            // errors, and the processing backlog at the end was under one second of events.
            boolean keptUp = achieved >= 0.95 * step.rate && r.errors.get() == 0 && backlogAtEnd <= step.rate;
            if (!step.name.startsWith("warm")) {
                failedInARow = keptUp ? 0 : failedInARow + 1;
            }
            System.out.printf(Locale.ROOT,
                    "  offered %d/s achieved %.1f/s ok %d errors %d | latency ms p50 %.2f p95 %.2f p99 %.2f max %.2f"
                            + " | backlog at end %d, drained in %.1f s (left %d) | cpu%% svc %.0f (of it JIT compiler %.0f) pg %.0f gen %.0f total %.0f of %d%n",
                    step.rate, achieved, r.ok.get(), r.errors.get(), ms(pct(lat, 50)), ms(pct(lat, 95)), ms(pct(lat, 99)),
                    ms(pct(lat, 100)), backlogAtEnd, drainSecs, backlogLeft, cpuBefore.service(cpuAfter), cpuBefore.jit(cpuAfter),
                    cpuBefore.postgres(cpuAfter),
                    cpuBefore.self(cpuAfter), cpuBefore.total(cpuAfter), Cpu.CORES * 100);
            json.append(first ? "\n" : ",\n");
            first = false;
            json.append("    {\"name\": \"").append(step.name).append("\", \"kept_up\": ").append(keptUp).append(", \"event_id_prefix\": \"evt_")
                    .append(runId).append('_').append(step.name).append("_\"")
                    .append(", \"offered_rate\": ").append(step.rate)
                    .append(", \"duration_s\": ").append(step.seconds)
                    .append(", \"sent\": ").append(n)
                    .append(", \"ok\": ").append(r.ok.get())
                    .append(", \"errors\": ").append(r.errors.get())
                    .append(", \"error_kinds\": ").append(mapJson(r.errorKinds))
                    .append(", \"window_s\": ").append(fmt(windowSecs))
                    .append(", \"achieved_rate\": ").append(fmt(achieved))
                    .append(",\n     \"latency_ms\": {\"p50\": ").append(fmt(ms(pct(lat, 50))))
                    .append(", \"p90\": ").append(fmt(ms(pct(lat, 90))))
                    .append(", \"p95\": ").append(fmt(ms(pct(lat, 95))))
                    .append(", \"p99\": ").append(fmt(ms(pct(lat, 99))))
                    .append(", \"p999\": ").append(fmt(ms(pct(lat, 99.9))))
                    .append(", \"max\": ").append(fmt(ms(pct(lat, 100)))).append('}')
                    .append(",\n     \"service_time_ms\": {\"p50\": ").append(fmt(ms(pct(svc, 50))))
                    .append(", \"p99\": ").append(fmt(ms(pct(svc, 99))))
                    .append(", \"max\": ").append(fmt(ms(pct(svc, 100)))).append('}')
                    .append(",\n     \"processing_backlog_at_end\": ").append(backlogAtEnd)
                    .append(", \"drain_s\": ").append(fmt(drainSecs))
                    .append(", \"backlog_left_after_drain\": ").append(backlogLeft)
                    .append(",\n     \"db_commits\": ").append(commits < 0 ? "null" : Long.toString(commits))
                    .append(", \"db_commits_per_event\": ").append(commits < 0 ? "null" : fmt((double) commits / n))
                    .append(",\n     \"counters_before\": ").append(mapJsonL(countersBefore))
                    .append(", \"counters_after\": ").append(mapJsonL(c))
                    .append(",\n     \"cpu_percent_during_step\": ").append(cpuBefore.json(cpuAfter))
                    .append(",\n     \"cpu_percent_of_others_during_step\": ").append(extraCpu)
                    .append(",\n     \"cpu_percent_during_drain\": ").append(cpuAfter.json(cpuDrained))
                    .append('}');
        }
        json.append("\n  ],\n  \"not_run\": [");
        for (int i = 0; i < skipped.size(); i++) {
            json.append(i == 0 ? "\"" : ", \"").append(skipped.get(i)).append('"');
        }
        json.append("]\n}\n");
        admin.close();
        Files.writeString(Path.of(req(o, "out")), json.toString());
    }

    /** Sends one step; returns its start (nanoTime). */
    static long runStep(URI url, Mac macTemplate, String runId, Step step, List<String> intents, int workers,
                        StepResult r, long servicePid) throws Exception {
        int n = intents.size();
        BlockingQueue<Task> queue = new LinkedBlockingQueue<>();
        CountDownLatch done = new CountDownLatch(n);
        Task poison = new Task(-1, 0, null);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            Mac mac = (Mac) macTemplate.clone();
            Thread t = new Thread(() -> {
                Http http = new Http(url);
                try {
                    http.connect();
                } catch (IOException e) {
                    http.close(); // connects again on its first request
                }
                try {
                    while (true) {
                        Task task = queue.take();
                        if (task == poison) {
                            return;
                        }
                        String eventId = "evt_" + runId + "_" + step.name + "_" + task.index;
                        long unix = System.currentTimeMillis() / 1000;
                        byte[] body = eventJson(eventId, task.intentId, unix).getBytes(StandardCharsets.UTF_8);
                        String signature = sign(mac, unix, body);
                        long sent = System.nanoTime();
                        try {
                            Http.Response resp = http.send("POST", "/api/v1/webhooks/stripe",
                                    List.of("Content-Type", "application/json", "Stripe-Signature", signature), body);
                            long now = System.nanoTime();
                            if (resp.status() == 200) {
                                r.latencyNanos[task.index] = now - task.dueNanos;
                                r.serviceNanos[task.index] = now - sent;
                                r.ok.incrementAndGet();
                            } else {
                                r.error("http_" + resp.status());
                            }
                        } catch (IOException e) {
                            http.close();
                            r.error(e.getClass().getSimpleName());
                        }
                        r.lastCompletion.accumulateAndGet(System.nanoTime(), Math::max);
                        done.countDown();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    http.close();
                }
            }, "load-" + w);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        // Let the workers open their connections before the clock starts.
        Thread.sleep(500);
        long interval = 1_000_000_000L / step.rate;
        r.cpuAtStart = Cpu.sample(servicePid);
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long due = start + i * interval;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            queue.add(new Task(i, due, intents.get(i)));
        }
        if (!done.await(step.seconds + 120L, TimeUnit.SECONDS)) {
            System.out.println("  some requests did not finish in time");
        }
        for (int w = 0; w < workers; w++) {
            queue.add(poison);
        }
        for (Thread t : threads) {
            t.join(5000);
        }
        return start;
    }

    static final Pattern COUNTER = Pattern.compile("\"(received|signature_failures|duplicates|stored|processed|ignored|dead)\"\\s*:\\s*(\\d+)");

    static Map<String, Long> counters(Http admin, String adminKey) throws IOException {
        Http.Response r;
        try {
            r = admin.send("GET", "/api/v1/webhooks/debug", List.of("Authorization", "Bearer " + adminKey), null);
        } catch (IOException e) {
            admin.close();
            r = admin.send("GET", "/api/v1/webhooks/debug", List.of("Authorization", "Bearer " + adminKey), null);
        }
        if (r.status() != 200) {
            throw new IOException("webhook debug view answered " + r.status() + ": " + r.body());
        }
        Map<String, Long> out = new LinkedHashMap<>();
        Matcher m = COUNTER.matcher(r.body());
        while (m.find()) {
            out.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return out;
    }

    static long backlog(Map<String, Long> c) {
        return c.getOrDefault("stored", 0L) - c.getOrDefault("processed", 0L) - c.getOrDefault("ignored", 0L)
                - c.getOrDefault("dead", 0L);
    }

    // ------------------------------------------------------------------ the event

    /**
     * A payment_intent.succeeded event as Stripe sends it: the envelope and PaymentIntent of
     * Stripe's published example objects (src/test/resources/stripe-fixtures, as the tests'
     * StripeEvents builds them), with the id, status, amounts and currency of our payment.
     */
    static String eventJson(String eventId, String intentId, long created) {
        return "{\"api_version\":\"2026-07-29.dahlia\",\"created\":" + created + ",\"data\":{\"object\":{"
                + "\"amount\":1000,\"amount_capturable\":0,\"amount_details\":{\"tip\":{}},\"amount_received\":1000,"
                + "\"application\":null,\"application_fee_amount\":null,\"automatic_payment_methods\":{\"enabled\":true},"
                + "\"canceled_at\":null,\"cancellation_reason\":null,\"capture_method\":\"automatic\","
                + "\"client_secret\":\"" + intentId + "_secret_Dm43xiq1k0ywrRRjDoi8y1gkM\","
                + "\"confirmation_method\":\"automatic\",\"created\":" + (created - 2) + ",\"currency\":\"usd\","
                + "\"customer\":null,\"description\":null,\"id\":\"" + intentId + "\",\"last_payment_error\":null,"
                + "\"latest_charge\":\"ch_3PgafyB7WZ01zgkW0aS7Qmb4\",\"livemode\":false,\"metadata\":{},\"next_action\":null,"
                + "\"object\":\"payment_intent\",\"on_behalf_of\":null,\"payment_method\":\"pm_1PgafxB7WZ01zgkWqm7zD0Lg\","
                + "\"payment_method_configuration_details\":{\"id\":\"pmc_1PgafxB7WZ01zgkWB4Jq6Y2f\",\"parent\":null},"
                + "\"payment_method_options\":{\"card\":{\"installments\":null,\"mandate_options\":null,\"network\":null,"
                + "\"request_three_d_secure\":\"automatic\"}},\"payment_method_types\":[\"card\"],\"processing\":null,"
                + "\"receipt_email\":null,\"review\":null,\"setup_future_usage\":null,\"shipping\":null,"
                + "\"statement_descriptor\":null,\"statement_descriptor_suffix\":null,\"status\":\"succeeded\","
                + "\"transfer_data\":null,\"transfer_group\":null,\"source\":null,\"excluded_payment_method_types\":null}},"
                + "\"id\":\"" + eventId + "\",\"livemode\":false,\"object\":\"event\",\"pending_webhooks\":1,"
                + "\"request\":{\"id\":null,\"idempotency_key\":null},\"type\":\"payment_intent.succeeded\"}";
    }

    static String sign(Mac mac, long unix, byte[] body) {
        mac.update((unix + ".").getBytes(StandardCharsets.UTF_8));
        return "t=" + unix + ",v1=" + HexFormat.of().formatHex(mac.doFinal(body));
    }

    // ------------------------------------------------------------------ CPU accounting from /proc

    /** CPU time (clock ticks) of the machine, the service JVM, all postgres processes and this JVM. */
    /**
     * Machine busy time is the wall time of all cores minus their idle and iowait time: the kernel
     * keeps idle time exactly (tickless idle), whereas user/system in /proc/stat are sampled at
     * each tick and under-count a server that wakes and sleeps between ticks (seen on this VM).
     */
    /**
     * CPU ticks at one moment: the machine's (busy, idle, iowait), the service's, of it its JIT compiler threads'
     * (jit: "C1 CompilerThread*" and "C2 CompilerThread*", which a warm service no longer keeps busy), PostgreSQL's
     * and this program's own.
     */
    record Cpu(long nanos, long busy, long idle, long iowait, long service, long jit, long postgres, long self) {
        static final int CORES = Runtime.getRuntime().availableProcessors();
        static final double TICK = 100.0; // USER_HZ on Linux

        static Cpu sample(long servicePid) {
            long busy = 0;
            long idle = 0;
            long iowait = 0;
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                // cpu user nice system idle iowait irq softirq steal
                busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                        + Long.parseLong(f[7]) + (f.length > 8 ? Long.parseLong(f[8]) : 0);
                idle = Long.parseLong(f[4]);
                iowait = Long.parseLong(f[5]);
            } catch (IOException | RuntimeException e) {
                // not Linux: no CPU figures
            }
            long pg = 0;
            try (var dirs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
                for (Path d : dirs) {
                    try {
                        String comm = Files.readString(d.resolve("comm")).trim();
                        if (comm.equals("postgres")) {
                            // with cutime/cstime: backends that ended were reaped by the postmaster
                            pg += procTicks(d, true);
                        }
                    } catch (IOException | RuntimeException e) {
                        // gone
                    }
                }
            } catch (IOException e) {
                // no /proc
            }
            return new Cpu(System.nanoTime(), busy, idle, iowait, servicePid > 0 ? procTicks(Path.of("/proc/" + servicePid)) : 0,
                    servicePid > 0 ? jitTicks(servicePid) : 0, pg, procTicks(Path.of("/proc/" + ProcessHandle.current().pid())));
        }

        /** CPU ticks of a JVM's JIT compiler threads (their names, as /proc shows them, start with "C1 CompilerThre" or "C2 CompilerThre"). */
        static long jitTicks(long pid) {
            long t = 0;
            try (var tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
                for (Path task : tasks) {
                    try {
                        String comm = Files.readString(task.resolve("comm")).trim();
                        if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
                            t += procTicks(task);
                        }
                    } catch (IOException | RuntimeException e) {
                        // the thread ended
                    }
                }
            } catch (IOException e) {
                // no /proc or the process is gone
            }
            return t;
        }

        static long procTicks(Path dir) {
            return procTicks(dir, false);
        }

        static long procTicks(Path dir, boolean withChildren) {
            try {
                String stat = Files.readString(dir.resolve("stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long t = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
                return withChildren ? t + Long.parseLong(f[13]) + Long.parseLong(f[14]) : t; // cutime, cstime
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }

        private double pctOf(long ticks, Cpu later) {
            double secs = (later.nanos - nanos) / 1e9;
            return secs <= 0 ? 0 : 100.0 * ticks / TICK / secs;
        }

        double total(Cpu later) {
            return Math.max(0, CORES * 100.0 - pctOf(later.idle - idle + later.iowait - iowait, later));
        }

        double ticksBusy(Cpu later) {
            return pctOf(later.busy - busy, later);
        }

        double service(Cpu later) {
            return pctOf(later.service - service, later);
        }

        double postgres(Cpu later) {
            return pctOf(later.postgres - postgres, later);
        }

        /** The service's JIT compiler threads, % of one core. */
        double jit(Cpu later) {
            return pctOf(later.jit - jit, later);
        }

        double self(Cpu later) {
            return pctOf(later.self - self, later);
        }

        String json(Cpu later) {
            return "{\"machine_busy\": " + fmt(total(later)) + ", \"machine_busy_tick_sampled\": " + fmt(ticksBusy(later))
                    + ", \"iowait\": " + fmt(pctOf(later.iowait - iowait, later))
                    + ", \"service_jvm\": " + fmt(service(later)) + ", \"service_jit_compiler\": " + fmt(jit(later))
                    + ", \"postgres_all\": " + fmt(postgres(later))
                    + ", \"load_generator\": " + fmt(self(later)) + ", \"capacity\": " + (CORES * 100) + "}";
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Commits and rollbacks of the database so far, by PostgreSQL's statistics (psql); 0 without a database. */
    static long dbCommits(String dbName) throws IOException, InterruptedException {
        if (dbName == null) {
            return 0;
        }
        Thread.sleep(2000);
        Process p = new ProcessBuilder("psql", "-X", "-q", "-At", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-c",
                "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = '" + dbName.replace("'", "") + "'")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IOException("psql: " + out);
        }
        return Long.parseLong(out);
    }

    /** CPU ticks (utime + stime) of each process, in the map's order; 0 for one that is gone. */
    static long[] extraTicks(Map<String, Long> pids) {
        long[] t = new long[pids.size()];
        int i = 0;
        for (long pid : pids.values()) {
            t[i++] = Cpu.procTicks(Path.of("/proc/" + pid));
        }
        return t;
    }

    static long pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    static double ms(long nanos) {
        return nanos < 0 ? Double.NaN : nanos / 1e6;
    }

    static String fmt(double v) {
        return Double.isNaN(v) ? "null" : String.format(Locale.ROOT, "%.2f", v);
    }

    static String mapJson(Map<String, AtomicInteger> m) {
        StringBuilder b = new StringBuilder("{");
        m.forEach((k, v) -> b.append(b.length() > 1 ? ", " : "").append('"').append(k).append("\": ").append(v.get()));
        return b.append('}').toString();
    }

    static String mapJsonL(Map<String, Long> m) {
        StringBuilder b = new StringBuilder("{");
        m.forEach((k, v) -> b.append(b.length() > 1 ? ", " : "").append('"').append(k).append("\": ").append(v));
        return b.append('}').toString();
    }

    static String req(Map<String, String> o, String name) {
        String v = o.get(name);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }

    /** One keep-alive HTTP/1.1 connection (127.0.0.1 only; no TLS). */
    static final class Http {
        record Response(int status, String body) {
        }

        private final URI base;
        private Socket socket;
        private InputStream in;
        private OutputStream out;

        Http(URI base) {
            if (!"127.0.0.1".equals(base.getHost()) && !"localhost".equals(base.getHost())) {
                throw new IllegalArgumentException("the benchmark only targets 127.0.0.1");
            }
            this.base = base;
        }

        void connect() throws IOException {
            if (socket == null) {
                socket = new Socket();
                socket.setTcpNoDelay(true);
                socket.setSoTimeout(30_000);
                socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
                in = new BufferedInputStream(socket.getInputStream(), 16384);
                out = new BufferedOutputStream(socket.getOutputStream(), 16384);
            }
        }

        Response send(String method, String path, List<String> headers, byte[] body) throws IOException {
            connect();
            StringBuilder h = new StringBuilder(256);
            h.append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ").append(base.getHost()).append(':')
                    .append(base.getPort()).append("\r\n");
            for (int i = 0; i < headers.size(); i += 2) {
                h.append(headers.get(i)).append(": ").append(headers.get(i + 1)).append("\r\n");
            }
            if (body != null) {
                h.append("Content-Length: ").append(body.length).append("\r\n");
            }
            h.append("\r\n");
            out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            String status = line();
            if (status == null) {
                throw new IOException("connection closed");
            }
            int code = Integer.parseInt(status.split(" ")[1]);
            int length = -1;
            boolean chunked = false;
            boolean close = false;
            String l;
            while ((l = line()) != null && !l.isEmpty()) {
                int c = l.indexOf(':');
                String name = l.substring(0, c).trim().toLowerCase(Locale.ROOT);
                String value = l.substring(c + 1).trim();
                switch (name) {
                    case "content-length" -> length = Integer.parseInt(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> close = value.equalsIgnoreCase("close");
                    default -> { }
                }
            }
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            if (chunked) {
                while (true) {
                    int size = Integer.parseInt(line().split(";")[0].trim(), 16);
                    if (size == 0) {
                        while ((l = line()) != null && !l.isEmpty()) {
                            // trailers
                        }
                        break;
                    }
                    buf.write(in.readNBytes(size));
                    line();
                }
            } else if (length >= 0) {
                buf.write(in.readNBytes(length));
            } else {
                buf.write(in.readAllBytes());
                close = true;
            }
            if (close) {
                close();
            }
            return new Response(code, buf.toString(StandardCharsets.UTF_8));
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder();
            int c;
            while ((c = in.read()) != -1) {
                if (c == '\n') {
                    int n = b.length();
                    return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
                }
                b.append((char) c);
            }
            return b.length() == 0 ? null : b.toString();
        }

        void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing
                }
                socket = null;
            }
        }
    }
}
