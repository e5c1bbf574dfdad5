import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load generator for bench/payments (Java 17, no dependencies). It is compiled together with
 * bench/webhooks/WebhookLoad.java, whose keep-alive HTTP/1.1 client (WebhookLoad.Http), /proc CPU
 * accounting (WebhookLoad.Cpu) and percentile helpers it uses:
 *
 * <pre>
 * javac -d classes bench/webhooks/WebhookLoad.java bench/payments/PaymentLoad.java
 * java -cp classes PaymentLoad --url http://127.0.0.1:18490 --api-key KEY --admin-key KEY
 *      --steps warm:100:5,s200:200:20 --out raw.json [--workers 64] [--run-id ID] [--service-pid PID]
 *      [--pids standin=PID,kafka=PID] [--drain-timeout 30]
 * </pre>
 *
 * Each payment is two requests, as a checkout does: {@code POST /api/v1/payments} (10.00 USD, an
 * order id and an Idempotency-Key of its own), then, once the 201 is in, {@code POST
 * /api/v1/payments/{id}/confirm} with Stripe's test card {@code pm_card_visa} (and an
 * Idempotency-Key of its own), answered 200 with the payment SUCCEEDED.
 *
 * Open loop: create i of a step is due at start + i/rate, whatever happened to the requests before
 * it; its confirm is due the moment its create's 201 arrives. Due requests go to one queue that a
 * fixed set of workers (one keep-alive connection each) drain in order; a request waiting in the
 * queue because every worker is busy waits on the clock, since its latency is measured from its due
 * time (no coordinated omission). Service time (send to answer) is recorded beside it.
 *
 * After each step it waits (up to --drain-timeout) until the Stripe webhooks the stand-in sent for
 * the step's payments are processed, reading the counters of GET /api/v1/webhooks/debug.
 * Order ids and Idempotency-Keys are {@code bp-<run id>-<step>-<i>} (confirm: {@code ...-confirm}),
 * so run.sh finds each step's payments, webhooks and outbox rows in the database afterwards.
 */
public final class PaymentLoad {

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option, got " + args[i]);
            }
            o.put(args[i].substring(2), args[i + 1]);
        }
        run(o);
    }

    record Step(String name, int rate, int seconds) {
    }

    enum Kind { CREATE, CONFIRM }

    record Task(Kind kind, int index, long dueNanos, String paymentId) {
    }

    /** What one step measured, per request kind. */
    static final class Side {
        final long[] latencyNanos;       // due time -> full answer, per successful request
        final long[] serviceNanos;       // send -> full answer, per successful request
        final AtomicInteger ok = new AtomicInteger();
        final AtomicInteger errors = new AtomicInteger();
        final Map<String, AtomicInteger> errorKinds = new ConcurrentHashMap<>();
        final AtomicLong lastCompletion = new AtomicLong();

        Side(int n) {
            latencyNanos = new long[n];
            serviceNanos = new long[n];
            Arrays.fill(latencyNanos, -1);
        }

        void error(String kind) {
            errors.incrementAndGet();
            errorKinds.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
        }

        long[] sorted(long[] values) {
            List<Long> kept = new ArrayList<>();
            for (int i = 0; i < values.length; i++) {
                if (latencyNanos[i] >= 0) {
                    kept.add(values[i]);
                }
            }
            return kept.stream().mapToLong(Long::longValue).sorted().toArray();
        }
    }

    static final Pattern PAYMENT_ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-fA-F-]{36})\"");
    static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([A-Z_]+)\"");

    static void run(Map<String, String> o) throws Exception {
        URI url = URI.create(WebhookLoad.req(o, "url"));
        String apiKey = WebhookLoad.req(o, "api-key");
        String adminKey = WebhookLoad.req(o, "admin-key");
        int workers = Integer.parseInt(o.getOrDefault("workers", "64"));
        int drainTimeout = Integer.parseInt(o.getOrDefault("drain-timeout", "30"));
        long servicePid = Long.parseLong(o.getOrDefault("service-pid", "0"));
        String runId = o.getOrDefault("run-id", Long.toString(System.currentTimeMillis() / 1000, 36));
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String p : o.getOrDefault("pids", "").split(",")) {
            if (!p.isBlank()) {
                String[] kv = p.split("=", 2);
                pids.put(kv[0], Long.parseLong(kv[1]));
            }
        }
        List<Step> steps = new ArrayList<>();
        for (String s : WebhookLoad.req(o, "steps").split(",")) {
            String[] p = s.split(":");
            steps.add(new Step(p[0], Integer.parseInt(p[1]), Integer.parseInt(p[2])));
        }
        WebhookLoad.Http admin = new WebhookLoad.Http(url);
        StringBuilder json = new StringBuilder();
        json.append("{\n  \"run_id\": \"").append(runId).append("\",\n  \"workers\": ").append(workers)
                .append(",\n  \"steps\": [");
        boolean first = true;
        for (Step step : steps) {
            int n = step.rate * step.seconds;
            System.out.printf(Locale.ROOT, "step %s: %d payments/s for %d s (%d creates, %d confirms)...%n", step.name,
                    step.rate, step.seconds, n, n);
            Map<String, Long> countersBefore = WebhookLoad.counters(admin, adminKey);
            Side create = new Side(n);
            Side confirm = new Side(n);
            long[] extraBefore = WebhookLoad.extraTicks(pids);
            WebhookLoad.Cpu[] cpuAtStart = new WebhookLoad.Cpu[1];
            long[] schedulerSlip = new long[1];
            long start = runStep(url, apiKey, runId, step, workers, create, confirm, servicePid, cpuAtStart, schedulerSlip);
            WebhookLoad.Cpu cpuBefore = cpuAtStart[0];
            WebhookLoad.Cpu cpuAfter = WebhookLoad.Cpu.sample(servicePid);
            long[] extraAfter = WebhookLoad.extraTicks(pids);

            // The step's webhooks (the stand-in sends them for every create and confirm): the backlog of
            // stored events not yet processed at the end, then drained.
            Map<String, Long> c = WebhookLoad.counters(admin, adminKey);
            long backlogAtEnd = WebhookLoad.backlog(c);
            long storedDuringStep = c.getOrDefault("stored", 0L) - countersBefore.getOrDefault("stored", 0L);
            // The stand-in sends its webhooks on threads of its own, some after the answer they follow:
            // drained = nothing stored waits and nothing new was stored for a second.
            long drainStart = System.nanoTime();
            int quietPolls = 0;
            while ((WebhookLoad.backlog(c) > 0 || quietPolls < 5)
                    && System.nanoTime() - drainStart < drainTimeout * 1_000_000_000L) {
                Thread.sleep(200);
                Map<String, Long> next = WebhookLoad.counters(admin, adminKey);
                quietPolls = next.get("stored").equals(c.get("stored")) ? quietPolls + 1 : 0;
                c = next;
            }
            double drainSecs = (System.nanoTime() - drainStart) / 1e9;
            long backlogLeft = WebhookLoad.backlog(c);

            long createEnd = Math.max(create.lastCompletion.get(), start + 1);
            long confirmEnd = Math.max(confirm.lastCompletion.get(), start + 1);
            double createWindow = (createEnd - start) / 1e9;
            double confirmWindow = (confirmEnd - start) / 1e9;
            double createRate = create.ok.get() / createWindow;
            double confirmRate = confirm.ok.get() / confirmWindow;
            double stepSecs = (cpuAfter.nanos() - cpuBefore.nanos()) / 1e9;
            // Webhooks kept up: at the end of the step at most one second's worth of them was waiting.
            boolean webhooksKeptUp = backlogAtEnd <= Math.max(1, storedDuringStep / Math.max(stepSecs, 1e-9));
            long[] cl = create.sorted(create.latencyNanos);
            long[] fl = confirm.sorted(confirm.latencyNanos);
            Map<String, Double> extraCpu = new LinkedHashMap<>();
            int k = 0;
            double others = 0;
            for (String name : pids.keySet()) {
                double pct = stepSecs <= 0 ? 0 : 100.0 * (extraAfter[k] - extraBefore[k]) / WebhookLoad.Cpu.TICK / stepSecs;
                extraCpu.put(name, pct);
                others += pct;
                k++;
            }
            double machine = cpuBefore.total(cpuAfter);
            double other = Math.max(0, machine - cpuBefore.service(cpuAfter) - cpuBefore.postgres(cpuAfter)
                    - cpuBefore.self(cpuAfter) - others);
            double serviceCpuMs = (cpuAfter.service() - cpuBefore.service()) * 1000.0 / WebhookLoad.Cpu.TICK;
            double jitCpuMs = (cpuAfter.jit() - cpuBefore.jit()) * 1000.0 / WebhookLoad.Cpu.TICK;
            System.out.printf(Locale.ROOT,
                    "  creates %.1f/s (ok %d, errors %d) p50 %.2f p99 %.2f max %.2f ms | confirms %.1f/s (ok %d, errors %d)"
                            + " p50 %.2f p99 %.2f max %.2f ms | webhook backlog at end %d, drained in %.1f s (left %d)"
                            + " | cpu%% svc %.0f (of it JIT compiler %.0f) pg %.0f gen %.0f %s other %.0f of %d%n",
                    createRate, create.ok.get(), create.errors.get(), ms(cl, 50), ms(cl, 99), ms(cl, 100),
                    confirmRate, confirm.ok.get(), confirm.errors.get(), ms(fl, 50), ms(fl, 99), ms(fl, 100),
                    backlogAtEnd, drainSecs, backlogLeft, cpuBefore.service(cpuAfter), cpuBefore.jit(cpuAfter), cpuBefore.postgres(cpuAfter),
                    cpuBefore.self(cpuAfter), extraText(extraCpu), other, WebhookLoad.Cpu.CORES * 100);
            json.append(first ? "\n" : ",\n");
            first = false;
            json.append("    {\"name\": \"").append(step.name).append("\", \"warm_up\": ").append(step.name.startsWith("warm"))
                    .append(", \"order_id_prefix\": \"bp-").append(runId).append('-').append(step.name).append("-\"")
                    .append(", \"offered_rate\": ").append(step.rate)
                    .append(", \"duration_s\": ").append(step.seconds)
                    .append(", \"payments\": ").append(n)
                    .append(", \"scheduler_slip_max_ms\": ").append(WebhookLoad.fmt(schedulerSlip[0] / 1e6))
                    .append(",\n     \"create\": ").append(sideJson(create, createWindow, createRate))
                    .append(",\n     \"confirm\": ").append(sideJson(confirm, confirmWindow, confirmRate))
                    .append(",\n     \"errors\": ").append(create.errors.get() + confirm.errors.get())
                    .append(",\n     \"webhooks\": {\"stored_during_step\": ").append(storedDuringStep)
                    .append(", \"backlog_at_end\": ").append(backlogAtEnd)
                    .append(", \"kept_up\": ").append(webhooksKeptUp)
                    .append(", \"drain_s\": ").append(WebhookLoad.fmt(drainSecs))
                    .append(", \"backlog_left_after_drain\": ").append(backlogLeft)
                    .append(", \"counters_before\": ").append(WebhookLoad.mapJsonL(countersBefore))
                    .append(", \"counters_after\": ").append(WebhookLoad.mapJsonL(c)).append('}')
                    .append(",\n     \"service_cpu_ms\": ").append(WebhookLoad.fmt(serviceCpuMs))
                    .append(", \"service_cpu_ms_per_payment\": ")
                    .append(WebhookLoad.fmt(create.ok.get() == 0 ? Double.NaN : serviceCpuMs / create.ok.get()))
                    // Of it, the JIT compiler's threads (compiling the hot code: a one-off cost of a fresh JVM).
                    .append(", \"service_jit_cpu_ms_per_payment\": ")
                    .append(WebhookLoad.fmt(create.ok.get() == 0 ? Double.NaN : jitCpuMs / create.ok.get()))
                    .append(",\n     \"cpu_percent_during_step\": {\"machine_busy\": ").append(WebhookLoad.fmt(machine))
                    .append(", \"service_jvm\": ").append(WebhookLoad.fmt(cpuBefore.service(cpuAfter)))
                    .append(", \"service_jit_compiler\": ").append(WebhookLoad.fmt(cpuBefore.jit(cpuAfter)))
                    .append(", \"postgres_all\": ").append(WebhookLoad.fmt(cpuBefore.postgres(cpuAfter)))
                    .append(", \"load_generator\": ").append(WebhookLoad.fmt(cpuBefore.self(cpuAfter)));
            for (Map.Entry<String, Double> e : extraCpu.entrySet()) {
                json.append(", \"").append(e.getKey()).append("\": ").append(WebhookLoad.fmt(e.getValue()));
            }
            json.append(", \"other\": ").append(WebhookLoad.fmt(other))
                    .append(", \"capacity\": ").append(WebhookLoad.Cpu.CORES * 100).append("}}");
        }
        json.append("\n  ]\n}\n");
        admin.close();
        Files.writeString(Path.of(WebhookLoad.req(o, "out")), json.toString());
    }

    /** Sends one step; returns its start (nanoTime). */
    static long runStep(URI url, String apiKey, String runId, Step step, int workers, Side create, Side confirm,
                        long servicePid, WebhookLoad.Cpu[] cpuAtStart, long[] schedulerSlip) throws Exception {
        int n = step.rate * step.seconds;
        BlockingQueue<Task> queue = new LinkedBlockingQueue<>();
        CountDownLatch done = new CountDownLatch(2 * n);
        Task poison = new Task(Kind.CREATE, -1, 0, null);
        String auth = "Bearer " + apiKey;
        byte[] confirmBody = "{\"payment_method\":\"pm_card_visa\"}".getBytes(StandardCharsets.UTF_8);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            Thread t = new Thread(() -> {
                WebhookLoad.Http http = new WebhookLoad.Http(url);
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
                        String name = "bp-" + runId + "-" + step.name + "-" + task.index;
                        if (task.kind == Kind.CREATE) {
                            byte[] body = ("{\"amount\":1000,\"currency\":\"usd\",\"order_id\":\"" + name + "\"}")
                                    .getBytes(StandardCharsets.UTF_8);
                            long sent = System.nanoTime();
                            String paymentId = null;
                            try {
                                WebhookLoad.Http.Response r = http.send("POST", "/api/v1/payments",
                                        List.of("Authorization", auth, "Content-Type", "application/json",
                                                "Idempotency-Key", name), body);
                                long now = System.nanoTime();
                                Matcher m = PAYMENT_ID.matcher(r.body());
                                if (r.status() == 201 && m.find()) {
                                    create.latencyNanos[task.index] = now - task.dueNanos;
                                    create.serviceNanos[task.index] = now - sent;
                                    create.ok.incrementAndGet();
                                    paymentId = m.group(1);
                                } else {
                                    create.error("http_" + r.status());
                                }
                            } catch (IOException e) {
                                http.close();
                                create.error(e.getClass().getSimpleName());
                            }
                            long now = System.nanoTime();
                            create.lastCompletion.accumulateAndGet(now, Math::max);
                            if (paymentId != null) {
                                queue.add(new Task(Kind.CONFIRM, task.index, now, paymentId));
                            } else {
                                done.countDown(); // no confirm for it
                            }
                        } else {
                            long sent = System.nanoTime();
                            try {
                                WebhookLoad.Http.Response r = http.send("POST", "/api/v1/payments/" + task.paymentId + "/confirm",
                                        List.of("Authorization", auth, "Content-Type", "application/json",
                                                "Idempotency-Key", name + "-confirm"), confirmBody);
                                long now = System.nanoTime();
                                Matcher m = STATUS.matcher(r.body());
                                String status = m.find() ? m.group(1) : "none";
                                if (r.status() == 200 && status.equals("SUCCEEDED")) {
                                    confirm.latencyNanos[task.index] = now - task.dueNanos;
                                    confirm.serviceNanos[task.index] = now - sent;
                                    confirm.ok.incrementAndGet();
                                } else {
                                    confirm.error(r.status() == 200 ? "status_" + status : "http_" + r.status());
                                }
                            } catch (IOException e) {
                                http.close();
                                confirm.error(e.getClass().getSimpleName());
                            }
                            confirm.lastCompletion.accumulateAndGet(System.nanoTime(), Math::max);
                        }
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
        cpuAtStart[0] = WebhookLoad.Cpu.sample(servicePid);
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long due = start + i * interval;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            schedulerSlip[0] = Math.max(schedulerSlip[0], System.nanoTime() - due);
            queue.add(new Task(Kind.CREATE, i, due, null));
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

    static String extraText(Map<String, Double> cpu) {
        StringBuilder b = new StringBuilder();
        cpu.forEach((k, v) -> b.append(b.length() > 0 ? " " : "").append(k).append(' ').append(String.format(Locale.ROOT, "%.0f", v)));
        return b.toString();
    }

    static double ms(long[] sorted, double p) {
        return WebhookLoad.ms(WebhookLoad.pct(sorted, p));
    }

    static String sideJson(Side s, double window, double rate) {
        long[] lat = s.sorted(s.latencyNanos);
        long[] svc = s.sorted(s.serviceNanos);
        return "{\"ok\": " + s.ok.get() + ", \"errors\": " + s.errors.get() + ", \"error_kinds\": " + WebhookLoad.mapJson(s.errorKinds)
                + ", \"window_s\": " + WebhookLoad.fmt(window) + ", \"achieved_rate\": " + WebhookLoad.fmt(rate)
                + ", \"latency_ms\": {\"p50\": " + WebhookLoad.fmt(ms(lat, 50)) + ", \"p90\": " + WebhookLoad.fmt(ms(lat, 90))
                + ", \"p95\": " + WebhookLoad.fmt(ms(lat, 95)) + ", \"p99\": " + WebhookLoad.fmt(ms(lat, 99))
                + ", \"p999\": " + WebhookLoad.fmt(ms(lat, 99.9)) + ", \"max\": " + WebhookLoad.fmt(ms(lat, 100)) + "}"
                + ", \"service_time_ms\": {\"p50\": " + WebhookLoad.fmt(ms(svc, 50)) + ", \"p99\": " + WebhookLoad.fmt(ms(svc, 99))
                + ", \"max\": " + WebhookLoad.fmt(ms(svc, 100)) + "}}";
    }
}
