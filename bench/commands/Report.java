import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes bench/commands/results.md, results.json and results-timeline.csv from one run's raw output
 * (out/steps.json of CommandLoad, out/pgbench-*.txt, out/facts.txt). Every number comes from those files.
 *
 * <pre>java -cp "target/lib/*" bench/commands/Report.java bench/commands/out bench/commands</pre>
 */
public final class Report {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final int TARGET_RATE = 400;
    static final int P99_RATE = 200;
    static final double TARGET_P99_MS = 500;
    static final double TARGET_COMMITS = 10;
    static final double TARGET_CPU_MS = 3;
    /** The processes of payroute in the CPU samples: one instance ("service"), or two ("service", "service2"). */
    static final List<String> SERVICES = List.of("service", "service2");
    static final String DEFAULT_JAVA_OPTS = "-Xms64m -Xmx512m -XX:+UseSerialGC"; // bin/run's default
    static final double TARGET_RELAY_P99_MS = 1000;

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        Path dest = Path.of(args[1]);
        String suffix = args.length > 2 && !args[2].isBlank() ? "-" + args[2] : "";
        JsonNode steps = JSON.readTree(out.resolve("steps.json").toFile());
        Map<String, String> facts = facts(out.resolve("facts.txt"));

        ObjectNode results = JSON.createObjectNode();
        ObjectNode machine = results.putObject("machine");
        facts.forEach(machine::put);
        ObjectNode pgbench = results.putObject("pgbench");
        for (String name : List.of("command-c1", "command-c8", "command-and-webhooks-c8")) {
            ObjectNode p = pgbench(out.resolve("pgbench-" + name + ".txt"));
            pgbench.set(name, p);
            if (p.has("tps")) {
                facts.put("pgbench_" + name.replace('-', '_') + "_tps", p.path("tps").asText());
            }
        }
        results.set("load", steps);

        // ---- targets
        int maxSustained = steps.path("totals").path("max_sustained_rate_per_s").asInt();
        boolean rateMet = maxSustained >= TARGET_RATE;
        double worstRelayP99 = -1;
        String worstRelayStep = null;
        boolean relayMeasured = false;
        boolean relayMet = true;
        for (JsonNode s : steps.path("steps")) {
            // Every step that ran at an offered rate up to the target: the command steps (their events come
            // at the rate the consumer manages) and the relay-only steps (outbox rows at the offered rate).
            if (s.path("warmup").asBoolean() || s.path("offered_per_s").asInt() > TARGET_RATE || s.has("not_run")) {
                continue;
            }
            JsonNode p99 = s.path("relay_lag_kafka_ms").path("p99");
            // A row written to the outbox but still not on Kafka after the step's drain fails the target.
            if (p99.isMissingNode() || s.path("outbox_unpublished_kafka").asInt() > 0) {
                relayMet = false;
            }
            if (!p99.isMissingNode()) {
                relayMeasured = true;
                if (p99.asDouble() >= TARGET_RELAY_P99_MS) {
                    relayMet = false;
                }
                if (p99.asDouble() > worstRelayP99) {
                    worstRelayP99 = p99.asDouble();
                    worstRelayStep = s.path("step").asText();
                }
            }
        }
        relayMet = relayMet && relayMeasured;
        // ---- latency at 200/s, cost per command at the highest sustained step, order per payment
        JsonNode at200 = null;
        JsonNode best = null;
        for (JsonNode s : steps.path("steps")) {
            if (!s.path("kind").asText().equals("command") || s.path("warmup").asBoolean() || s.has("not_run")) {
                continue;
            }
            if (s.path("offered_per_s").asInt() == P99_RATE) {
                at200 = s;
            }
            if (s.path("sustained").asBoolean() && s.path("offered_per_s").asInt() == maxSustained) {
                best = s;
            }
        }
        double p99At200 = at200 == null ? -1 : at200.path("e2e_ms").path("p99").asDouble(-1);
        boolean p99Met = at200 != null && at200.path("sustained").asBoolean() && p99At200 >= 0 && p99At200 <= TARGET_P99_MS;
        double commits = best == null ? -1 : best.path("db_commits_per_command").asDouble(-1);
        boolean commitsMet = commits >= 0 && commits <= TARGET_COMMITS;
        Map<String, Double> cpuMs = best == null ? Map.of() : cpuMsPerCommand(best);
        double cpuTotal = cpuMs.values().stream().mapToDouble(Double::doubleValue).sum();
        boolean cpuMet = !cpuMs.isEmpty() && cpuTotal <= TARGET_CPU_MS;
        JsonNode reverts = steps.path("totals").path("reverts");
        long revertsSent = reverts.path("sent").asLong();
        boolean orderMet = revertsSent > 0 && reverts.path("payments_with_revert_event").asLong() == revertsSent
                && reverts.path("before_their_authorized_event").asLong() == 0 && reverts.path("duplicate_events").asLong() == 0
                && steps.path("totals").path("duplicate_events").asLong() == 0;

        ObjectNode targets = results.putObject("targets");
        ObjectNode t1 = targets.putObject("throughput");
        t1.put("target", ">= " + TARGET_RATE + " commands/s sustained end to end");
        t1.put("max_sustained_rate_per_s", maxSustained);
        t1.put("verdict", rateMet ? "MET" : "MISSED");
        ObjectNode t2 = targets.putObject("relay_lag");
        t2.put("target", "outbox relay lag (Kafka) p99 < 1 s in every step up to " + TARGET_RATE + "/s (command and relay-only steps)");
        t2.put("worst_p99_ms", worstRelayP99);
        t2.put("worst_step", worstRelayStep);
        t2.put("verdict", relayMet ? "MET" : "MISSED");
        ObjectNode t3 = targets.putObject("p99_at_200");
        t3.put("target", "end-to-end p99 <= " + (int) TARGET_P99_MS + " ms at " + P99_RATE + " commands/s");
        t3.put("p99_ms", p99At200);
        t3.put("verdict", p99Met ? "MET" : "MISSED");
        ObjectNode t4 = targets.putObject("db_commits_per_command");
        t4.put("target", "<= " + (int) TARGET_COMMITS + " at the highest sustained step");
        t4.put("measured", commits);
        t4.put("verdict", commitsMet ? "MET" : "MISSED");
        ObjectNode t5 = targets.putObject("cpu_ms_per_command");
        t5.put("target", "payroute CPU <= " + (int) TARGET_CPU_MS + " ms per command at the highest sustained step");
        t5.put("measured_total", cpuTotal);
        ObjectNode perInstance = t5.putObject("per_instance");
        cpuMs.forEach(perInstance::put);
        t5.put("verdict", cpuMet ? "MET" : "MISSED");
        ObjectNode t6 = targets.putObject("order_per_payment");
        t6.put("target", "every event delivered once, in order per payment (authorize, then revert of the same order)");
        t6.put("verdict", orderMet ? "MET" : "MISSED");
        Verdicts v = new Verdicts(p99At200, p99Met, commits, commitsMet, cpuMs, cpuTotal, cpuMet, reverts, orderMet,
                best == null ? null : best.path("step").asText());

        Files.writeString(dest.resolve("results" + suffix + ".json"), JSON.writeValueAsString(results));
        Files.copy(out.resolve("timeline.csv"), dest.resolve("results" + suffix + "-timeline.csv"), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(dest.resolve("results" + suffix + ".md"), markdown(results, facts, steps, pgbench, rateMet, relayMet,
                maxSustained, worstRelayP99, worstRelayStep, v));
        appendHistory(dest.resolve("results-history.md"), facts, steps, suffix, maxSustained, rateMet, worstRelayP99, relayMet);
        if (suffix.isEmpty() || suffix.equals("-two-instances")) {
            updateReadme(dest.resolve("../../README.md").normalize(), suffix, facts, steps, rateMet, relayMet, maxSustained,
                    worstRelayP99, worstRelayStep, v);
        }
    }

    record Verdicts(double p99At200, boolean p99Met, double commits, boolean commitsMet, Map<String, Double> cpuMs,
                    double cpuTotal, boolean cpuMet, JsonNode reverts, boolean orderMet, String bestStep) {
    }

    /**
     * payroute's CPU per command in a step, per instance: its CPU over the step's window (% of one core, from /proc)
     * times the window, divided by the commands sent in the step (authorizes and reverts).
     */
    static Map<String, Double> cpuMsPerCommand(JsonNode step) {
        Map<String, Double> perInstance = new java.util.LinkedHashMap<>();
        double commands = step.path("planned").asDouble() + step.path("reverts_sent").asDouble();
        double windowMs = step.path("window_s").asDouble() * 1000;
        for (String name : SERVICES) {
            JsonNode pct = step.path("cpu_pct_of_one_core").path(name);
            if (!pct.isMissingNode() && commands > 0) {
                perInstance.put(name, Math.round(pct.asDouble() / 100 * windowMs / commands * 100) / 100.0);
            }
        }
        return perInstance;
    }

    /** Of payroute's CPU per command in a step, its first instance's JIT compiler threads' share ("C1/C2 CompilerThread"). */
    static double jitMsPerCommand(JsonNode step) {
        double commands = step.path("planned").asDouble() + step.path("reverts_sent").asDouble();
        double pct = 0;
        for (Map.Entry<String, JsonNode> e : step.path("service_threads_cpu_pct").properties()) {
            if (e.getKey().contains("CompilerThread")) {
                pct += e.getValue().asDouble();
            }
        }
        return commands <= 0 ? 0 : Math.round(pct / 100 * step.path("window_s").asDouble() * 1000 / commands * 100) / 100.0;
    }

    static String markdown(ObjectNode results, Map<String, String> f, JsonNode load, ObjectNode pgbench, boolean rateMet,
                           boolean relayMet, int maxSustained, double worstRelayP99, String worstRelayStep, Verdicts v) {
        StringBuilder md = new StringBuilder();
        md.append("# bench/commands — results\n\n");
        if (!DEFAULT_JAVA_OPTS.equals(f.get("service_java_opts")) || !f.getOrDefault("git_commit", "").matches("[0-9a-f]+")) {
            md.append("> **Not a benchmark result with production settings**: this run's service JVM options (`")
                    .append(f.get("service_java_opts")).append("`) or sources (`").append(f.get("git_commit"))
                    .append("`) differ from the committed defaults. Diagnostic only.\n\n");
        }
        md.append("Written by `bench/commands/run.sh` (`Report.java`) from the run's own measurements; do not edit by hand.\n");
        md.append("Raw data: `results.json` (everything below and more), `results-timeline.csv` (one line a second).\n\n");
        md.append("## Run\n\n");
        md.append("| | |\n|---|---|\n");
        row(md, "date (UTC)", f.get("date"));
        row(md, "git commit", f.get("git_commit") + " (" + f.get("git_branch") + ")");
        row(md, "command", "`" + f.get("command") + "` (" + f.get("env") + ")");
        row(md, "machine", f.get("nproc") + " cores (" + f.get("cpu_model") + "), " + f.get("memory") + ", Linux " + f.get("kernel"));
        row(md, "machine busy before start", f.get("background_busy_pct_before") + " % of all cores (load average "
                + f.get("loadavg_before") + "; after: " + f.get("loadavg_after") + ")");
        row(md, "Java", f.get("java"));
        if (f.containsKey("jit_warm_up")) {
            row(md, "JIT warm-up (before the steps, not counted)", f.get("jit_warm_up"));
        }
        row(md, "PostgreSQL", f.get("postgresql") + " (" + f.get("postgresql_settings") + ")");
        row(md, "Kafka", f.get("kafka"));
        row(md, "RabbitMQ", f.get("rabbitmq_url") + ", relay enabled, exchange `" + f.get("rabbit_exchange") + "`");
        row(md, "payroute", f.get("instances") + " instance(s), `java " + f.get("service_java_opts")
                + "`, ENVIRONMENT=production, application.properties as shipped; Stripe: the offline stand-in as a process of its own"
                + " (through STRIPE_API_BASE), sending its webhooks to the first instance");
        row(md, "reverts", "every " + load.path("settings").path("revert_every_nth_order").asInt()
                + "th order also gets a `revert_payment` right after its authorize, keyed by the same order");
        md.append('\n');

        md.append("## Targets\n\n");
        targetsTable(md, load, rateMet, relayMet, maxSustained, worstRelayP99, worstRelayStep, v);

        md.append("## Rate steps\n\n");
        md.append("Open-loop load (item n of a step goes out at start + n/rate, whatever the service does); a step "
                + "starts only once the service is idle again (no command queued, no event waiting for Kafka), and the "
                + "ladder of a kind stops at its first step that is not sustained. *Sustained* = every event arrived "
                + "(after at most " + load.path("settings").path("drain_seconds_max").asInt() + " s of drain), events came "
                + "out at ≥ 95 % of the offered rate during the step, and less than one second's worth of work (commands "
                + "not consumed + events not relayed) was queued at its end. *Achieved* = events out during the step ÷ "
                + "its duration. Times in ms.\n\n");
        md.append("**Commands** (`authorize_payment` on `payment_commands` → `payment.authorized` on `payment_events`). "
                + "End to end = from the command's send time to its event's arrival. Relay lag = `outbox.kafka_published_at "
                + "− outbox.created_at` (from the start of the transaction that wrote the event to the relay recording "
                + "Kafka's acknowledgement).\n\n");
        stepTable(md, load, "command");
        md.append("\n**Relay only** (the outbox relay alone at the target rates, which the command path does not reach): "
                + "rows written straight into `outbox` with the service's own `outbox/insert.sql`, one transaction each, "
                + "each for a payment of its own, shaped like the command's `payment.authorized` event; no command, no "
                + "Stripe call. End to end = from the row's insert to its event's arrival on `payment_events`.\n\n");
        stepTable(md, load, "relay-only");
        JsonNode totals = load.path("totals");
        md.append("\nCommands sent: ").append(totals.path("commands_sent").asLong())
                .append("; relay-only rows inserted: ").append(totals.path("relay_only_rows_inserted").asLong())
                .append("; producer send errors: ").append(totals.path("send_errors").asLong())
                .append("; `payment.authorized` events received (both kinds): ").append(totals.path("authorized_events_received").asLong())
                .append("; duplicates: ").append(totals.path("duplicate_events").asLong())
                .append("; other event types for the run's commands: ").append(totals.path("other_event_types").asLong())
                .append(" ").append(totals.path("other_event_types_by_type")).append(".\n\n");

        md.append("### Where the time goes\n\n");
        md.append("Stages of this step's commands (ms, p50 / p99), and Camel's own route statistics over the step's "
                + "window (read over local JMX; *busy* = sum of processing times ÷ window: 100 % is one exchange in "
                + "flight all the time — the command route has several consumers, each with partitions of its own).\n\n");
        md.append("| step | send (insert) → outbox row | outbox → Kafka ack (relay) | consumer route mean / busy | Stripe stand-in call mean | Kafka relay route busy | relay: Kafka send mean | relay: mark published mean | DB commits / command |\n");
        md.append("|---|---|---|---|---|---|---|---|---|\n");
        for (JsonNode s : load.path("steps")) {
            if (s.has("not_run")) {
                continue;
            }
            JsonNode c = s.path("camel");
            md.append("| ").append(s.path("step").asText())
                    .append(" | ").append(ms(s.path("stage_command_to_outbox_ms"), "p50")).append(" / ").append(ms(s.path("stage_command_to_outbox_ms"), "p99"))
                    .append(" | ").append(ms(s.path("relay_lag_kafka_ms"), "p50")).append(" / ").append(ms(s.path("relay_lag_kafka_ms"), "p99"))
                    .append(" | ").append(camel(c, "route payment-commands", "mean_ms")).append(" ms / ").append(camel(c, "route payment-commands", "busy_pct")).append(" %")
                    .append(" | ").append(camel(c, "route stripe-create-hold", "mean_ms")).append(" ms")
                    .append(" | ").append(camel(c, "route outbox-relay-kafka", "busy_pct")).append(" %")
                    .append(" | ").append(camel(c, "processor outbox-kafka-send", "mean_ms")).append(" ms")
                    .append(" | ").append(camel(c, "processor outbox-kafka-mark-published", "mean_ms")).append(" ms")
                    .append(" | ").append(fmt(s.path("db_commits_per_command").asDouble()))
                    .append(" |\n");
        }
        md.append("\nCPU over each step's window, % of one core (/proc; `postgres` = all PostgreSQL processes on the "
                + "machine, `other` = the machine's busy time not accounted for by the processes listed: other work on the machine):\n\n");
        md.append("| step | payroute | payroute 2 | payroute CPU ms / command (of it the JIT compiler, first instance) | Stripe stand-in | Kafka broker | PostgreSQL | RabbitMQ | load generator | other | machine busy (all cores) | busiest payroute threads (% of one core) |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        int cores = Integer.parseInt(f.getOrDefault("nproc", "1"));
        for (JsonNode s : load.path("steps")) {
            if (s.has("not_run")) {
                continue;
            }
            JsonNode c = s.path("cpu_pct_of_one_core");
            double ours = 0;
            for (String k : List.of("service", "service2", "standin", "kafka", "postgres", "rabbitmq", "loadgen")) {
                ours += Math.max(0, c.path(k).asDouble());
            }
            double busy = c.path("machine_busy_pct_of_all_cores").asDouble();
            double cpuMsTotal = cpuMsPerCommand(s).values().stream().mapToDouble(Double::doubleValue).sum();
            double other = Math.max(0, busy * cores - ours);
            StringBuilder threads = new StringBuilder();
            Iterator<Map.Entry<String, JsonNode>> it = s.path("service_threads_cpu_pct").properties().iterator();
            int n = 0;
            while (it.hasNext() && n < 4) {
                Map.Entry<String, JsonNode> e = it.next();
                threads.append(n++ == 0 ? "" : ", ").append(e.getKey().replace("|", "/")).append(' ').append(fmt(e.getValue().asDouble()));
            }
            md.append("| ").append(s.path("step").asText())
                    .append(" | ").append(fmt(c.path("service").asDouble()))
                    .append(" | ").append(c.has("service2") ? fmt(c.path("service2").asDouble()) : "–")
                    .append(" | ").append(s.path("kind").asText().equals("command")
                            ? fmt(cpuMsTotal) + " (" + fmt(jitMsPerCommand(s)) + ")" : "–")
                    .append(" | ").append(fmt(c.path("standin").asDouble()))
                    .append(" | ").append(fmt(c.path("kafka").asDouble()))
                    .append(" | ").append(fmt(c.path("postgres").asDouble()))
                    .append(" | ").append(fmt(c.path("rabbitmq").asDouble()))
                    .append(" | ").append(fmt(c.path("loadgen").asDouble()))
                    .append(" | ").append(fmt(other))
                    .append(" | ").append(fmt(busy)).append(" %")
                    .append(" | ").append(threads)
                    .append(" |\n");
        }

        md.append("\n## PostgreSQL ceiling (pgbench, same run, before the rate steps)\n\n");
        md.append("`bench/commands/pgbench/command.sql` is one command's database work, statement for statement and "
                + "transaction for transaction as the service issues it (5 round trips and 2 commits on the consumer's thread, "
                + "as `DatabaseCostTest` counts them at the JDBC driver): the hold reserved unless the command log has the "
                + "command (autocommit), then one transaction: the intent recorded, the status update, and in one round trip "
                + "the transition, the `payment.authorized` outbox row, the billing record and the command log entry. Plus the "
                + "relays' share: a Kafka and a RabbitMQ run (claim transaction and one mark-published statement each) once every "
                + "20 commands. `webhooks.sql` adds the three Stripe webhooks one command causes, each refused as stale (receive: "
                + "one insert; process: the payment locked, the refusal recorded and the event closed in one round trip, commit). "
                + "Statements the service sends in one round trip are one statement there. "
                + "Run with `pgbench -M prepared` on copies of the service's tables (schema `bench_pgbench`), "
                + f.get("pgbench_seconds") + " s each; one pgbench transaction = one command.\n\n");
        md.append("| script | clients | commands/s (tps) | latency avg | failed |\n|---|---|---|---|---|\n");
        for (Map.Entry<String, String[]> e : Map.of(
                "command-c1", new String[] {"command.sql", "1 (as one consumer thread issues them)"},
                "command-c8", new String[] {"command.sql", "8"},
                "command-and-webhooks-c8", new String[] {"command.sql + webhooks.sql", "8"}).entrySet().stream()
                .sorted(Map.Entry.comparingByKey()).toList()) {
            JsonNode p = pgbench.path(e.getKey());
            md.append("| ").append(e.getValue()[0]).append(" | ").append(e.getValue()[1])
                    .append(" | ").append(fmt(p.path("tps").asDouble()))
                    .append(" | ").append(fmt(p.path("latency_avg_ms").asDouble())).append(" ms")
                    .append(" | ").append(p.path("failed").asLong()).append(" |\n");
        }

        md.append("\n## Database after the run\n\n");
        JsonNode tables = load.path("db_tables");
        md.append("- rows: ").append(tables.path("rows")).append('\n');
        md.append("- payments by status: ").append(tables.path("payments_by_status")).append('\n');
        md.append("- webhook events (type status outcome): ").append(tables.path("webhook_events_by_type_outcome")).append('\n');
        md.append("- state-machine records (source from->to outcome): ").append(tables.path("transitions_by_source_outcome")).append('\n');
        md.append("- dead letters: ").append(tables.path("dead_letters")).append("\n\n");

        md.append("## Notes from the run\n\n");
        md.append("- RabbitMQ: ").append(totals.path("rabbit_authorized_events_received").asLong())
                .append(" `payment.authorized` events of this run arrived on the RabbitMQ exchange; the service logged ")
                .append(f.get("rabbit_relay_failures")).append(" failed RabbitMQ relay runs");
        String first = f.getOrDefault("rabbit_relay_first_failure", "");
        if (!first.isBlank()) {
            md.append(", the first: `").append(first.replace("`", "'")).append("`");
        }
        md.append(".\n");
        md.append("- Kafka relay failures logged: ").append(f.get("kafka_relay_failures"));
        String firstKafka = f.getOrDefault("kafka_relay_first_failure", "");
        if (!firstKafka.isBlank()) {
            md.append(" (the first: `").append(firstKafka.replace("`", "'")).append("`)");
        }
        md.append("; PostgreSQL deadlocks in the log: ").append(f.getOrDefault("deadlocks_logged", "not counted"))
                .append("; commands dead-lettered: ").append(f.get("commands_dead_lettered"))
                .append("; WARN lines: ").append(f.get("warn_lines")).append(", ERROR lines: ").append(f.get("error_lines")).append(".\n");
        return md.toString();
    }

    /** One line per run, so that the spread between runs on a shared machine stays visible. */
    static void appendHistory(Path file, Map<String, String> f, JsonNode load, String suffix, int maxSustained, boolean rateMet,
                              double worstRelayP99, boolean relayMet) throws IOException {
        if (!Files.exists(file)) {
            Files.writeString(file, "# bench/commands — every run\n\n"
                    + "Appended by `Report.java` after each run of `bench/commands/run.sh` (newest last). *Other work* = the "
                    + "machine's CPU time not used by the benchmark's own processes, averaged over the measured steps, in % of "
                    + "one core (the machine has " + f.get("nproc") + "): the benchmark shares the machine with whatever else runs on it.\n\n"
                    + "| date (UTC) | commit | results file | busy before start | other work during steps | max sustained commands/s | relay-only max sustained/s | worst relay p99 (≤ target rate) | pgbench command.sql c1 / c8 tps | throughput | relay lag |\n"
                    + "|---|---|---|---|---|---|---|---|---|---|---|\n");
        }
        int cores = Integer.parseInt(f.getOrDefault("nproc", "1"));
        double otherSum = 0;
        int measured = 0;
        int relayMax = 0;
        for (JsonNode s : load.path("steps")) {
            if (s.has("not_run")) {
                continue;
            }
            if (!s.path("warmup").asBoolean()) {
                JsonNode c = s.path("cpu_pct_of_one_core");
                double ours = 0;
                for (String k : List.of("service", "service2", "standin", "kafka", "postgres", "rabbitmq", "loadgen")) {
                    ours += Math.max(0, c.path(k).asDouble());
                }
                otherSum += Math.max(0, c.path("machine_busy_pct_of_all_cores").asDouble() * cores - ours);
                measured++;
            }
            if (s.path("kind").asText().equals("relay-only") && s.path("sustained").asBoolean()) {
                relayMax = Math.max(relayMax, s.path("offered_per_s").asInt());
            }
        }
        String line = "| " + f.get("date") + " | " + f.get("git_commit") + " | results" + suffix + ".md | "
                + f.get("background_busy_pct_before") + " % | " + (measured == 0 ? "–" : fmt(otherSum / measured) + " %") + " | "
                + maxSustained + " | " + relayMax + " | " + (worstRelayP99 < 0 ? "–" : fmt(worstRelayP99) + " ms") + " | "
                + fmt(pgbenchTps(f, "c1")) + " / " + fmt(pgbenchTps(f, "c8")) + " | "
                + (rateMet ? "MET" : "MISSED") + " | " + (relayMet ? "MET" : "MISSED") + " |\n";
        Files.writeString(file, line, java.nio.file.StandardOpenOption.APPEND);
    }

    static double pgbenchTps(Map<String, String> f, String clients) {
        String v = f.get("pgbench_command_" + clients + "_tps");
        return v == null ? -1 : Double.parseDouble(v);
    }

    static void stepTable(StringBuilder md, JsonNode load, String kind) {
        md.append("| step | offered/s | achieved/s | e2e p50 | p95 | p99 | max | relay lag p50 | relay p99 | relay max | missing | backlog at end | sustained |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (JsonNode s : load.path("steps")) {
            if (!s.path("kind").asText().equals(kind)) {
                continue;
            }
            md.append("| ").append(s.path("step").asText()).append(" | ").append(s.path("offered_per_s").asInt()).append(" | ");
            if (s.has("not_run")) {
                md.append("not run: ").append(s.path("not_run").asText()).append(" | | | | | | | | | | |\n");
                continue;
            }
            JsonNode e = s.path("e2e_ms");
            JsonNode r = s.path("relay_lag_kafka_ms");
            md.append(fmt(s.path("achieved_per_s").asDouble()))
                    .append(" | ").append(ms(e, "p50")).append(" | ").append(ms(e, "p95")).append(" | ").append(ms(e, "p99"))
                    .append(" | ").append(ms(e, "max"))
                    .append(" | ").append(ms(r, "p50")).append(" | ").append(ms(r, "p99")).append(" | ").append(ms(r, "max"))
                    .append(" | ").append(s.path("missing_events").asInt())
                    .append(" | ").append(s.path("backlog_at_end").asLong())
                    .append(" | ").append(s.path("warmup").asBoolean() ? "(warm-up)" : s.path("sustained").asBoolean() ? "yes" : "**no**")
                    .append(" |\n");
        }
    }

    static String camel(JsonNode c, String key, String field) {
        JsonNode v = c.path(key).path(field);
        return v.isMissingNode() ? "–" : fmt(v.asDouble());
    }

    static void targetsTable(StringBuilder md, JsonNode load, boolean rateMet, boolean relayMet, int maxSustained,
                             double worstRelayP99, String worstRelayStep, Verdicts v) {
        md.append("| target | result | verdict |\n|---|---|---|\n");
        md.append("| ≥ ").append(TARGET_RATE).append(" commands/s sustained, end to end | max sustained rate: **")
                .append(maxSustained == 0 ? "none of the steps" : maxSustained + "/s").append("** | **")
                .append(rateMet ? "MET" : "MISSED").append("** |\n");
        md.append("| outbox relay lag (Kafka) p99 < 1 s, at every rate up to ").append(TARGET_RATE).append("/s | worst p99: **")
                .append(worstRelayP99 < 0 ? "not measured" : fmt(worstRelayP99) + " ms").append("**")
                .append(worstRelayStep == null ? "" : " (step " + worstRelayStep + ")").append(" | **")
                .append(relayMet ? "MET" : "MISSED").append("** |\n");
        md.append("| end-to-end p99 ≤ ").append(fmt(TARGET_P99_MS)).append(" ms at ").append(P99_RATE).append(" commands/s | ")
                .append(v.p99At200() < 0 ? "step not run" : "p99 **" + fmt(v.p99At200()) + " ms**").append(" | **")
                .append(v.p99Met() ? "MET" : "MISSED").append("** |\n");
        md.append("| database commits per command ≤ ").append(fmt(TARGET_COMMITS)).append(" (highest sustained step")
                .append(v.bestStep() == null ? "" : ", " + v.bestStep()).append("; PostgreSQL's count for the database, webhooks and relay included) | **")
                .append(v.commits() < 0 ? "not measured" : fmt(v.commits())).append("** | **").append(v.commitsMet() ? "MET" : "MISSED").append("** |\n");
        md.append("| payroute CPU ≤ ").append(fmt(TARGET_CPU_MS)).append(" ms per command (same step; all instances together) | **")
                .append(v.cpuMs().isEmpty() ? "not measured" : fmt(v.cpuTotal()) + " ms").append("**")
                .append(v.cpuMs().size() > 1 ? " (" + v.cpuMs() + ")" : "").append(" | **").append(v.cpuMet() ? "MET" : "MISSED").append("** |\n");
        JsonNode rv = v.reverts();
        md.append("| every event once, in order per payment | reverts sent ").append(rv.path("sent").asLong())
                .append(", payments with their revert event ").append(rv.path("payments_with_revert_event").asLong())
                .append(", revert events before their payment's `payment.authorized` ").append(rv.path("before_their_authorized_event").asLong())
                .append(", duplicates ").append(load.path("totals").path("duplicate_events").asLong() + rv.path("duplicate_events").asLong())
                .append(" ").append(rv.path("event_types")).append(" | **").append(v.orderMet() ? "MET" : "MISSED").append("** |\n\n");
    }

    /**
     * The README's table of this run (between {@code <!-- bench-commands<suffix>:begin -->} and its end marker): the
     * targets, the command steps and the relay-only steps, and where the run came from.
     */
    static void updateReadme(Path readme, String suffix, Map<String, String> f, JsonNode load, boolean rateMet, boolean relayMet,
                             int maxSustained, double worstRelayP99, String worstRelayStep, Verdicts v) throws IOException {
        String begin = "<!-- bench-commands" + suffix + ":begin -->";
        String end = "<!-- bench-commands" + suffix + ":end -->";
        if (!Files.exists(readme)) {
            return;
        }
        String text = Files.readString(readme);
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        if (b < 0 || e < b) {
            return;
        }
        StringBuilder md = new StringBuilder();
        targetsTable(md, load, rateMet, relayMet, maxSustained, worstRelayP99, worstRelayStep, v);
        md.append("**Commands**\n\n");
        stepTable(md, load, "command");
        boolean relay = false;
        for (JsonNode s : load.path("steps")) {
            relay |= s.path("kind").asText().equals("relay-only");
        }
        if (relay) {
            md.append("\n**Relay only**\n\n");
            stepTable(md, load, "relay-only");
        }
        md.append("\nRun ").append(f.get("date")).append(", commit ").append(f.get("git_commit")).append(", ")
                .append(f.get("instances")).append(" payroute instance(s), ").append(f.get("nproc")).append(" cores; machine busy ")
                .append(f.get("background_busy_pct_before")).append(" % before the start. Full tables: `bench/commands/results")
                .append(suffix).append(".md`.\n");
        Files.writeString(readme, text.substring(0, b + begin.length()) + "\n" + md + text.substring(e));
    }

    static void row(StringBuilder md, String k, String v) {
        md.append("| ").append(k).append(" | ").append(v == null ? "" : v.replace("|", "/")).append(" |\n");
    }

    static String ms(JsonNode p, String field) {
        JsonNode v = p.path(field);
        return v.isMissingNode() ? "–" : fmt(v.asDouble());
    }

    static String fmt(double v) {
        if (v < 0) {
            return "–";
        }
        if (v >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static Map<String, String> facts(Path file) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return m;
    }

    static ObjectNode pgbench(Path file) throws IOException {
        ObjectNode p = JSON.createObjectNode();
        if (!Files.exists(file)) {
            return p;
        }
        String text = Files.readString(file);
        find(text, "tps = ([0-9.]+) \\(without initial connection time\\)").ifPresent(v -> p.put("tps", Double.parseDouble(v)));
        find(text, "latency average = ([0-9.]+) ms").ifPresent(v -> p.put("latency_avg_ms", Double.parseDouble(v)));
        find(text, "number of transactions actually processed: ([0-9]+)").ifPresent(v -> p.put("transactions", Long.parseLong(v)));
        find(text, "number of failed transactions: ([0-9]+)").ifPresent(v -> p.put("failed", Long.parseLong(v)));
        find(text, "number of clients: ([0-9]+)").ifPresent(v -> p.put("clients", Integer.parseInt(v)));
        return p;
    }

    static java.util.Optional<String> find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? java.util.Optional.of(m.group(1)) : java.util.Optional.empty();
    }
}
