import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.BuiltinExchangeType;
import com.sun.tools.attach.VirtualMachine;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DeliverCallback;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Load generator of bench/commands (run.sh starts it): authorize_payment commands on Kafka payment_commands
 * at rising, constant (open-loop) rates, and the payment.authorized events they cause on payment_events;
 * and relay-only steps that write outbox rows straight into PostgreSQL at a constant rate.
 *
 * <pre>
 * java -cp "target/lib/*" bench/commands/CommandLoad.java --bootstrap 127.0.0.1:9092 \
 *      --db jdbc:postgresql://127.0.0.1:5432/payroute_bench_commands --out bench/commands/out \
 *      [--warmup 25:12] [--relay-rates 100,200,300] [--relay-step-seconds 20] \
 *      [--rates 10,25,50,100,200,300,400] [--step-seconds 20] [--drain-seconds 30] \
 *      [--rabbit-url amqp://guest:guest@127.0.0.1:5672/ --rabbit-exchange payment.events.bench-commands] \
 *      [--revert-every 10] [--service-pid N] [--pid name=N ...]
 * java -cp "target/lib/*" bench/commands/CommandLoad.java --delete-rabbit-exchange --rabbit-url ... --rabbit-exchange ...
 * </pre>
 *
 * <p>Per command: correlation_id {@code bc-<run>-<n>}, order_id {@code bc-order-<run>-<n>} (the Kafka key).
 * Item n of a step goes out at {@code stepStart + n / rate} (open loop: it never waits for the service);
 * a consumer assigned to every partition of payment_events (positioned at the end before the first send)
 * records when the event with that correlation id arrives. End to end = arrival minus the item's scheduled
 * send time (the producer's slip behind its schedule is reported too). With --revert-every K, the order of every
 * K-th command also gets a revert_payment (correlation_id {@code bv-<run>-<n>}) right after its authorize, with the
 * same key: its event must arrive after the authorize's payment.authorized, which checks order per payment. Relay lag comes from the outbox
 * rows' own timestamps afterwards. A step starts only when the service is idle (no command queued, no event
 * waiting for Kafka), is drained after, and the ladder of a kind stops at its first step not sustained.
 * With --service-pid it also reads Camel's route statistics over local JMX (attach API) and per-thread CPU
 * (jstack) at each step's start and end, and samples /proc every second for CPU per process.
 *
 * <p>Written to --out: {@code steps.json} (every measurement) and {@code timeline.csv} (one line a second:
 * sent, received, command lag, outbox backlog, DB commits, CPU per process).
 */
public final class CommandLoad {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final String COMMANDS_TOPIC = "payment_commands";
    static final String EVENTS_TOPIC = "payment_events";
    static final String GROUP = "payment-service-group";

    // ---- settings
    String bootstrap;
    String dbUrl;
    String dbUser = "postgres";
    Path out;
    int warmupRate = 50;
    int warmupSeconds = 15;
    int[] rates = {50, 100, 200, 300, 400};
    int stepSeconds = 25;
    int drainSeconds = 30;
    int[] relayRates = {};
    int relaySeconds = 20;
    /** Every revertEvery-th command's order also gets a revert_payment right after its authorize (0: none). */
    int revertEvery;
    String rabbitUrl;
    String rabbitExchange;
    long servicePid;
    boolean deleteExchangeOnly;
    final Map<String, Long> pids = new LinkedHashMap<>();

    // ---- run state
    final String run = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
    final List<Step> steps = new ArrayList<>();
    final List<TopicPartition> commandPartitions = new ArrayList<>();
    int total;
    long[] dueNanos;          // when command n was due to be sent (the start of its end-to-end time)
    long[] dueEpochMicros;    // the same instant on the wall clock, to compare with PostgreSQL's timestamps
    AtomicLongArray kafkaRecvNanos;
    AtomicLongArray rabbitRecvNanos;
    final AtomicLong sendErrors = new AtomicLong();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong kafkaEvents = new AtomicLong();
    final AtomicLong kafkaDuplicates = new AtomicLong();
    final AtomicLong kafkaOtherTypes = new AtomicLong();
    final AtomicLong foreignEvents = new AtomicLong();
    final AtomicLong rabbitEvents = new AtomicLong();
    final Map<String, AtomicLong> otherTypes = new java.util.concurrent.ConcurrentHashMap<>();
    // Reverts: sent right after their order's authorize, keyed by the same order; their event must come after
    // the authorize's payment.authorized on payment_events (the same payment, so the same partition).
    AtomicLongArray revertRecvNanos;
    final AtomicLong revertsSent = new AtomicLong();
    final AtomicLong revertEvents = new AtomicLong();
    final AtomicLong revertDuplicates = new AtomicLong();
    final AtomicLong revertsBeforeAuthorized = new AtomicLong();
    final Map<String, AtomicLong> revertTypes = new java.util.concurrent.ConcurrentHashMap<>();
    volatile boolean stopping;
    CamelStats camel;
    volatile String currentLabel = "setup";
    final long t0 = System.nanoTime();

    static final String COMMAND = "command";
    static final String RELAY = "relay-only";

    static final class Step {
        String kind;
        String notRun;  // why the step was not run, or null
        boolean sustained;
        double achieved;
        int missing;
        long backlogAtEnd;
        String label;
        int rate;
        int seconds;
        boolean warmup;
        int first;      // first command index
        int count;
        int reverts;    // revert_payment commands sent in the step
        long startNanos;
        long endNanos;  // when the last command was due + one period: the end of the step's window
        long drainedNanos;
        long maxSlipNanos;
        Sample startSample;
        Sample endSample;
        Sample drainedSample;
        long maxCommandLag;
        long maxOutboxKafkaBacklog;
        long maxOutboxRabbitBacklog;
        Map<String, Double> threadsCpu;
        Map<String, long[]> camelBefore;
        Map<String, long[]> camelAfter;
        ObjectNode result;
    }

    public static void main(String[] args) throws Exception {
        CommandLoad load = new CommandLoad();
        load.parse(args);
        if (load.deleteExchangeOnly) {
            load.deleteExchange();
            return;
        }
        load.run();
    }

    void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--bootstrap" -> { bootstrap = v; i++; }
                case "--db" -> { dbUrl = v; i++; }
                case "--db-user" -> { dbUser = v; i++; }
                case "--out" -> { out = Path.of(v); i++; }
                case "--warmup" -> {
                    String[] p = v.split(":");
                    warmupRate = Integer.parseInt(p[0]);
                    warmupSeconds = Integer.parseInt(p[1]);
                    i++;
                }
                case "--rates" -> {
                    rates = v.isBlank() ? new int[0] : Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
                    i++;
                }
                case "--step-seconds" -> { stepSeconds = Integer.parseInt(v); i++; }
                case "--drain-seconds" -> { drainSeconds = Integer.parseInt(v); i++; }
                case "--relay-rates" -> {
                    relayRates = v.isBlank() ? new int[0] : Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
                    i++;
                }
                case "--relay-step-seconds" -> { relaySeconds = Integer.parseInt(v); i++; }
                case "--revert-every" -> { revertEvery = Integer.parseInt(v); i++; }
                case "--rabbit-url" -> { rabbitUrl = v; i++; }
                case "--rabbit-exchange" -> { rabbitExchange = v; i++; }
                case "--delete-rabbit-exchange" -> { deleteExchangeOnly = true; }
                case "--service-pid" -> { servicePid = Long.parseLong(v); pids.put("service", servicePid); i++; }
                case "--pid" -> {
                    String[] p = v.split("=", 2);
                    pids.put(p[0], Long.parseLong(p[1]));
                    i++;
                }
                default -> throw new IllegalArgumentException("unknown argument " + a);
            }
        }
        if (deleteExchangeOnly) {
            return;
        }
        if (bootstrap == null || dbUrl == null || out == null) {
            throw new IllegalArgumentException("--bootstrap, --db and --out are required");
        }
        pids.put("loadgen", ProcessHandle.current().pid());
    }

    void run() throws Exception {
        Files.createDirectories(out);
        if (warmupSeconds > 0 && warmupRate > 0) {
            addStep(COMMAND, "warm-up", warmupRate, warmupSeconds, true);
        }
        for (int rate : relayRates) {
            addStep(RELAY, "relay " + rate + "/s", rate, relaySeconds, false);
        }
        for (int rate : rates) {
            addStep(COMMAND, rate + "/s", rate, stepSeconds, false);
        }
        dueNanos = new long[total];
        dueEpochMicros = new long[total];
        kafkaRecvNanos = new AtomicLongArray(total);
        rabbitRecvNanos = new AtomicLongArray(total);
        revertRecvNanos = new AtomicLongArray(total);
        log("run %s: up to %d commands and relay-only events in %d steps", run, total, steps.size());

        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(adminProps);
             Db db = new Db(dbUrl, dbUser);
             java.sql.Connection relayDb = DriverManager.getConnection(dbUrl, dbUser, "");
             KafkaProducer<String, String> producer = producer();
             KafkaConsumer<String, String> consumer = consumer()) {
            ensureTopics(admin);
            List<TopicPartition> eventPartitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(EVENTS_TOPIC, Duration.ofSeconds(30))) {
                eventPartitions.add(new TopicPartition(EVENTS_TOPIC, p.partition()));
            }
            consumer.assign(eventPartitions);
            consumer.seekToEnd(eventPartitions);
            for (TopicPartition tp : eventPartitions) {
                consumer.position(tp); // makes the seek happen now, before the first command goes out
            }
            for (PartitionInfo p : producer.partitionsFor(COMMANDS_TOPIC)) {
                commandPartitions.add(new TopicPartition(COMMANDS_TOPIC, p.partition()));
            }
            Thread kafkaReader = new Thread(() -> readEvents(consumer), "events-reader");
            Sampler sampler = new Sampler(admin, db);
            Thread samplerThread = new Thread(sampler, "sampler");
            samplerThread.setDaemon(true);
            RabbitReader rabbit = null;
            try {
                kafkaReader.start();
                rabbit = rabbitUrl == null ? null : new RabbitReader();
                if (servicePid != 0) {
                    try {
                        camel = new CamelStats(servicePid);
                    } catch (Exception e) {
                        log("no Camel statistics over JMX: %s", e);
                    }
                }
                samplerThread.start();
                PreparedStatement outboxInsert = relayDb.prepareStatement(OUTBOX_INSERT);
                for (Step step : steps) {
                    if (step.notRun != null) {
                        log("step %s: not run (%s)", step.label, step.notRun);
                        continue;
                    }
                    if (!waitIdle(sampler, 60)) {
                        for (Step rest : steps.subList(steps.indexOf(step), steps.size())) {
                            rest.notRun = "the service was still working through earlier steps' backlog";
                        }
                        log("the service is not idle after 60 s: the remaining steps are not run");
                        break;
                    }
                    runStep(step, producer, outboxInsert, sampler);
                    evaluate(step);
                    if (!step.warmup && !step.sustained) {
                        // Above the first rate not sustained, a step would only measure a growing queue.
                        for (Step rest : steps.subList(steps.indexOf(step) + 1, steps.size())) {
                            if (rest.kind.equals(step.kind) && rest.notRun == null) {
                                rest.notRun = "step " + step.label + " was not sustained";
                            }
                        }
                    }
                }
            } finally {
                stopping = true;
                samplerThread.interrupt();
                kafkaReader.join(10_000);
                if (rabbit != null) {
                    rabbit.close();
                }
                if (camel != null) {
                    camel.close();
                }
            }
            log("collecting relay timestamps from the outbox");
            Map<Integer, double[]> outbox = db.outboxTimes(run);
            ObjectNode report = report(outbox, db, sampler);
            Files.writeString(out.resolve("steps.json"), JSON.writeValueAsString(report));
            sampler.writeTimeline(out.resolve("timeline.csv"));
            log("wrote %s and %s", out.resolve("steps.json"), out.resolve("timeline.csv"));
        }
    }

    void addStep(String kind, String label, int rate, int seconds, boolean warmup) {
        Step s = new Step();
        s.kind = kind;
        s.label = label;
        s.rate = rate;
        s.seconds = seconds;
        s.warmup = warmup;
        s.first = total;
        s.count = rate * seconds;
        total += s.count;
        steps.add(s);
    }

    static final String OUTBOX_INSERT = "INSERT INTO outbox (event_id, event_type, aggregate_id, correlation_id, payload)"
            + " VALUES (?, ?, ?, ?, CAST(? AS jsonb))"; // src/main/resources/sql/outbox/insert.sql, as the service runs it

    /** Waits until no command is queued and no event waits for Kafka; false after the given seconds. */
    boolean waitIdle(Sampler sampler, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            Sample s = sampler.sampleNow();
            if (s.commandLag == 0 && s.outboxKafka == 0) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(500);
        }
    }

    void runStep(Step step, KafkaProducer<String, String> producer, PreparedStatement outboxInsert, Sampler sampler)
            throws Exception {
        currentLabel = step.label;
        long period = 1_000_000_000L / step.rate;
        Map<String, Double> threadsBefore = threadCpu();
        step.camelBefore = camel == null ? null : camel.snapshot();
        step.startSample = sampler.sampleNow();
        step.startNanos = System.nanoTime();
        sampler.markStep(step);
        log("step %s: %d %s at %d/s for %d s", step.label, step.count,
                step.kind.equals(RELAY) ? "outbox rows (relay only)" : "commands", step.rate, step.seconds);
        for (int k = 0; k < step.count; k++) {
            int n = step.first + k;
            long due = step.startNanos + k * period;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            long slip = System.nanoTime() - due;
            if (slip > step.maxSlipNanos) {
                step.maxSlipNanos = slip;
            }
            dueNanos[n] = due;
            dueEpochMicros[n] = epochMicrosAt(due);
            if (step.kind.equals(RELAY)) {
                insertOutboxRow(outboxInsert, n);
                sent.incrementAndGet();
                continue;
            }
            String correlationId = "bc-" + run + "-" + n;
            String orderId = "bc-order-" + run + "-" + n;
            String command = "{\"type\":\"authorize_payment\",\"customer_id\":\"bench-customer-" + (n % 1000)
                    + "\",\"payment_method_id\":\"pm_card_visa\",\"amount\":2098,\"currency\":\"usd\",\"order_id\":\""
                    + orderId + "\",\"correlation_id\":\"" + correlationId + "\"}";
            producer.send(new ProducerRecord<>(COMMANDS_TOPIC, orderId, command), (meta, error) -> {
                if (error != null) {
                    sendErrors.incrementAndGet();
                }
            });
            sent.incrementAndGet();
            if (revertEvery > 0 && n % revertEvery == 0) {
                // The payment's id is the authorize operation's (payroute derives it from type and correlation id).
                String paymentId = UUID.nameUUIDFromBytes(("authorize_payment:" + correlationId).getBytes(StandardCharsets.UTF_8)).toString();
                String revert = "{\"type\":\"revert_payment\",\"payment_id\":\"" + paymentId
                        + "\",\"reason\":\"bench\",\"correlation_id\":\"bv-" + run + "-" + n + "\"}";
                producer.send(new ProducerRecord<>(COMMANDS_TOPIC, orderId, revert), (meta, error) -> {
                    if (error != null) {
                        sendErrors.incrementAndGet();
                    }
                });
                revertsSent.incrementAndGet();
                step.reverts++;
            }
        }
        step.endNanos = step.startNanos + step.count * period;
        long rest = step.endNanos - System.nanoTime();
        if (rest > 0) {
            LockSupport.parkNanos(rest);
        }
        step.endSample = sampler.sampleNow();
        step.camelAfter = camel == null ? null : camel.snapshot();
        step.threadsCpu = diffThreads(threadsBefore, threadCpu(), step.endSample.nanos - step.startSample.nanos);
        currentLabel = step.label + " (drain)";
        // Drain: wait for this step's events, then for the service to be idle again, so steps do not overlap.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(drainSeconds);
        while (System.nanoTime() < deadline && (received(step) < step.count || revertsReceived(step) < step.reverts)) {
            Thread.sleep(100);
        }
        while (System.nanoTime() < deadline) {
            Sample s = sampler.sampleNow();
            // Not the RabbitMQ backlog: a RabbitMQ relay that fails must not hold the Kafka measurement up.
            if (s.commandLag == 0 && s.outboxKafka == 0) {
                break;
            }
            Thread.sleep(200);
        }
        step.drainedNanos = System.nanoTime();
        step.drainedSample = sampler.sampleNow();
        log("step %s: %d/%d events, drained %.1f s after the last command", step.label, received(step), step.count,
                (step.drainedNanos - step.endNanos) / 1e9);
        Thread.sleep(2000);
    }

    /**
     * A relay-only event: the row the command's transaction writes (same statement, same shape of payload),
     * for a payment of its own, written in its own transaction; no command, no Stripe call, no payment row.
     */
    void insertOutboxRow(PreparedStatement insert, int n) throws SQLException {
        String paymentId = UUID.nameUUIDFromBytes(("bench-relay-" + run + "-" + n).getBytes(StandardCharsets.UTF_8)).toString();
        UUID eventId = UUID.randomUUID();
        String correlationId = "br-" + run + "-" + n;
        String payload = "{\"type\":\"payment.authorized\",\"event_id\":\"" + eventId + "\",\"correlation_id\":\"" + correlationId
                + "\",\"payment_id\":\"" + paymentId + "\",\"order_id\":\"br-order-" + run + "-" + n
                + "\",\"booking_id\":null,\"user_id\":\"bench-customer-" + (n % 1000) + "\",\"reference\":\"PAY-BR"
                + Integer.toString(n, 36).toUpperCase(Locale.ROOT) + "\",\"payment_intent_id\":\"pi_bench_relay_" + n
                + "\",\"status\":\"AUTHORIZED\",\"amount\":2098,\"currency\":\"usd\",\"occurred_at\":\"" + Instant.now() + "\"}";
        insert.setObject(1, eventId);
        insert.setString(2, "payment.authorized");
        insert.setString(3, paymentId);
        insert.setString(4, correlationId);
        insert.setString(5, payload);
        insert.executeUpdate();
    }

    /**
     * Sustained: every event arrived (the reverts' too), >= 95 % of the offered rate came out during the step, under 1 s of
     * it queued at the end.
     */
    void evaluate(Step step) {
        double window = (step.endNanos - step.startNanos) / 1e9;
        long out = 0;
        for (int n = 0; n < total; n++) {
            long t = kafkaRecvNanos.get(n);
            if (t >= step.startNanos && t < step.endNanos) {
                out++;
            }
        }
        step.achieved = out / window;
        step.missing = step.count - received(step);
        step.backlogAtEnd = step.endSample.commandLag + step.endSample.outboxKafka;
        step.sustained = step.missing == 0 && revertsReceived(step) == step.reverts && sendErrors.get() == 0
                && step.achieved >= 0.95 * step.rate
                && step.backlogAtEnd < step.rate;
    }

    int revertsReceived(Step step) {
        int c = 0;
        for (int n = step.first; n < step.first + step.count; n++) {
            if (revertRecvNanos.get(n) != 0) {
                c++;
            }
        }
        return c;
    }

    int received(Step step) {
        int c = 0;
        for (int n = step.first; n < step.first + step.count; n++) {
            if (kafkaRecvNanos.get(n) != 0) {
                c++;
            }
        }
        return c;
    }

    long epochMicrosAt(long nanos) {
        // The wall clock at a System.nanoTime() instant, via one pair of readings taken now.
        Instant now = Instant.now();
        long nowNanos = System.nanoTime();
        long nowMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
        return nowMicros - (nowNanos - nanos) / 1000;
    }

    /** After the run, with the service stopped: the benchmark's own exchange goes (its temporary queue went with the reader). */
    void deleteExchange() throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setUri(rabbitUrl.matches("amqps?://[^/]*/") ? rabbitUrl.substring(0, rabbitUrl.length() - 1) : rabbitUrl);
        try (Connection c = f.newConnection("bench-commands-cleanup"); Channel ch = c.createChannel()) {
            ch.exchangeDelete(rabbitExchange);
            log("deleted RabbitMQ exchange %s", rabbitExchange);
        }
    }

    // ---- Kafka

    KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-commands-producer");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    KafkaConsumer<String, String> consumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-commands-events-reader");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(p);
    }

    void ensureTopics(Admin admin) throws Exception {
        // If the load is first: three partitions, the broker's default (KafkaBroker: num.partitions=3); payroute creates
        // payment_commands with its own count (KAFKA_COMMANDS_PARTITIONS, 6) when it starts first, as run.sh has it.
        for (String topic : List.of(COMMANDS_TOPIC, EVENTS_TOPIC)) {
            try {
                admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
                log("created topic %s (3 partitions)", topic);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                log("topic %s exists", topic);
            }
        }
    }

    void readEvents(KafkaConsumer<String, String> consumer) {
        String prefix = "bc-" + run + "-";
        String relayPrefix = "br-" + run + "-";
        String revertPrefix = "bv-" + run + "-";
        while (!stopping) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                long now = System.nanoTime();
                JsonNode event;
                try {
                    event = JSON.readTree(r.value());
                } catch (IOException e) {
                    foreignEvents.incrementAndGet();
                    continue;
                }
                String cid = event.path("correlation_id").asText("");
                String type = event.path("type").asText("");
                if (cid.startsWith(revertPrefix)) {
                    int n = Integer.parseInt(cid.substring(revertPrefix.length()));
                    revertEvents.incrementAndGet();
                    revertTypes.computeIfAbsent(type, t -> new AtomicLong()).incrementAndGet();
                    if (!revertRecvNanos.compareAndSet(n, 0, now)) {
                        revertDuplicates.incrementAndGet();
                    } else if (kafkaRecvNanos.get(n) == 0) {
                        revertsBeforeAuthorized.incrementAndGet();
                    }
                    continue;
                }
                if (!cid.startsWith(prefix) && !cid.startsWith(relayPrefix)) {
                    foreignEvents.incrementAndGet();
                    continue;
                }
                int n = Integer.parseInt(cid.substring(prefix.length()));
                if (!type.equals("payment.authorized")) {
                    kafkaOtherTypes.incrementAndGet();
                    otherTypes.computeIfAbsent(type, t -> new AtomicLong()).incrementAndGet();
                    continue;
                }
                kafkaEvents.incrementAndGet();
                if (!kafkaRecvNanos.compareAndSet(n, 0, now)) {
                    kafkaDuplicates.incrementAndGet();
                }
            }
        }
    }

    /** Reads the RabbitMQ events through a server-named, exclusive queue bound to the exchange with '#'. */
    final class RabbitReader implements AutoCloseable {
        final Connection connection;

        RabbitReader() throws Exception {
            ConnectionFactory f = new ConnectionFactory();
            // amqp-client reads a lone trailing slash as the empty virtual host; the service reads it as "/".
            f.setUri(rabbitUrl.matches("amqps?://[^/]*/") ? rabbitUrl.substring(0, rabbitUrl.length() - 1) : rabbitUrl);
            connection = f.newConnection("bench-commands-events-reader");
            Channel channel = connection.createChannel();
            // The same declaration as the service's (durable topic exchange); harmless if it exists.
            channel.exchangeDeclare(rabbitExchange, BuiltinExchangeType.TOPIC, true);
            String queue = channel.queueDeclare().getQueue();
            channel.queueBind(queue, rabbitExchange, "#");
            String prefix = "bc-" + run + "-";
            DeliverCallback onEvent = (tag, delivery) -> {
                long now = System.nanoTime();
                JsonNode event = JSON.readTree(delivery.getBody());
                String cid = event.path("correlation_id").asText("");
                if ((cid.startsWith(prefix) || cid.startsWith("br-" + run + "-"))
                        && "payment.authorized".equals(event.path("type").asText())) {
                    int n = Integer.parseInt(cid.substring(prefix.length()));
                    rabbitEvents.incrementAndGet();
                    rabbitRecvNanos.compareAndSet(n, 0, now);
                }
            };
            channel.basicConsume(queue, true, onEvent, tag -> { });
            log("reading RabbitMQ exchange %s through queue %s", rabbitExchange, queue);
        }

        @Override
        public void close() throws IOException {
            connection.close(); // the exclusive queue goes with it
        }
    }

    // ---- sampling: backlog and CPU, once a second

    static final class Sample {
        long nanos;
        String label;
        long sent;
        long received;
        long commandLag;
        long outboxKafka;
        long outboxRabbit;
        long dbCommits;
        Map<String, Long> cpuTicks = new LinkedHashMap<>();
        // For a name that covers many processes (PostgreSQL's): pid -> ticks, so that processes which
        // start or end between two samples do not make the difference negative.
        Map<String, Map<Long, Long>> groups = new LinkedHashMap<>();
        long machineBusy;
        long machineTotal;
    }

    final class Sampler implements Runnable {
        final Admin admin;
        final Db db;
        final List<Sample> samples = new ArrayList<>();
        Step current;

        Sampler(Admin admin, Db db) {
            this.admin = admin;
            this.db = db;
        }

        void markStep(Step step) {
            synchronized (this) {
                current = step;
            }
        }

        @Override
        public void run() {
            while (!stopping) {
                try {
                    Sample s = sampleNow();
                    synchronized (this) {
                        samples.add(s);
                        if (current != null && (current.endNanos == 0 || s.nanos <= current.endNanos)) {
                            current.maxCommandLag = Math.max(current.maxCommandLag, s.commandLag);
                            current.maxOutboxKafkaBacklog = Math.max(current.maxOutboxKafkaBacklog, s.outboxKafka);
                            current.maxOutboxRabbitBacklog = Math.max(current.maxOutboxRabbitBacklog, s.outboxRabbit);
                        }
                    }
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    log("sampler: %s", e);
                }
            }
        }

        synchronized Sample sampleNow() throws Exception {
            Sample s = new Sample();
            s.nanos = System.nanoTime();
            s.label = currentLabel;
            s.sent = sent.get();
            s.received = kafkaEvents.get();
            s.commandLag = commandLag();
            long[] backlog = db.backlog();
            s.outboxKafka = backlog[0];
            s.outboxRabbit = backlog[1];
            s.dbCommits = backlog[2];
            for (Map.Entry<String, Long> e : pids.entrySet()) {
                s.cpuTicks.put(e.getKey(), Proc.ticks(e.getValue()));
            }
            Map<String, Map<Long, Long>> byComm = Proc.ticksOfComms(List.of("postgres", "beam.smp"));
            s.groups.put("postgres", byComm.get("postgres"));
            s.groups.put("rabbitmq", byComm.get("beam.smp"));
            s.cpuTicks.put("postgres", 0L);
            s.cpuTicks.put("rabbitmq", 0L);
            long[] machine = Proc.machine();
            s.machineBusy = machine[0];
            s.machineTotal = machine[1];
            return s;
        }

        long commandLag() throws Exception {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (TopicPartition tp : commandPartitions) {
                latest.put(tp, OffsetSpec.latest());
            }
            var ends = admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS);
            long lag = 0;
            for (var e : ends.entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                lag += e.getValue().offset() - (c == null ? 0 : c.offset());
            }
            return lag;
        }

        synchronized void writeTimeline(Path file) throws IOException {
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
                List<String> names = samples.isEmpty() ? List.of() : new ArrayList<>(samples.get(0).cpuTicks.keySet());
                StringBuilder header = new StringBuilder("t_s,step,sent,events_received,command_lag,outbox_kafka_backlog,"
                        + "outbox_rabbit_backlog,db_commits_per_s,machine_busy_pct");
                for (String n : names) {
                    header.append(",cpu_pct_").append(n.replaceAll("[^A-Za-z0-9]+", "_"));
                }
                w.println(header);
                for (int i = 1; i < samples.size(); i++) {
                    Sample a = samples.get(i - 1);
                    Sample b = samples.get(i);
                    double secs = (b.nanos - a.nanos) / 1e9;
                    StringBuilder line = new StringBuilder();
                    line.append(String.format("%.1f,%s,%d,%d,%d,%d,%d,%.0f,%.0f", (b.nanos - t0) / 1e9, b.label, b.sent,
                            b.received, b.commandLag, b.outboxKafka, b.outboxRabbit, (b.dbCommits - a.dbCommits) / secs,
                            100.0 * (b.machineBusy - a.machineBusy) / Math.max(1, b.machineTotal - a.machineTotal)));
                    for (String n : names) {
                        line.append(String.format(",%.0f", cpuPct(a, b, n)));
                    }
                    w.println(line);
                }
            }
        }
    }

    static double cpuPct(Sample a, Sample b, String name) {
        double seconds = (b.nanos - a.nanos) / 1e9;
        if (b.groups.containsKey(name)) {
            Map<Long, Long> before = a.groups.getOrDefault(name, Map.of());
            long ticks = 0;
            for (Map.Entry<Long, Long> e : b.groups.get(name).entrySet()) {
                // A process that started after the first sample counts from zero.
                ticks += Math.max(0, e.getValue() - before.getOrDefault(e.getKey(), 0L));
            }
            return ticks / Proc.HZ * 100.0 / seconds;
        }
        Long x = a.cpuTicks.get(name);
        Long y = b.cpuTicks.get(name);
        if (x == null || y == null || x < 0 || y < 0) {
            return Double.NaN;
        }
        // Percent of one core; clock ticks are 1/100 s on Linux.
        return (y - x) / Proc.HZ * 100.0 / ((b.nanos - a.nanos) / 1e9);
    }

    /** /proc readings: CPU clock ticks (user + system) of a process, of every process with a name, of the machine. */
    static final class Proc {
        static final double HZ = 100.0;

        static long ticks(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(f[11]) + Long.parseLong(f[12]);
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }

        /** pid -> ticks of every process with one of these names (all of PostgreSQL's processes, say). */
        static Map<String, Map<Long, Long>> ticksOfComms(List<String> comms) {
            Map<String, Map<Long, Long>> found = new HashMap<>();
            comms.forEach(c -> found.put(c, new HashMap<>()));
            try (var dirs = Files.list(Path.of("/proc"))) {
                for (Path d : (Iterable<Path>) dirs::iterator) {
                    String name = d.getFileName().toString();
                    if (!name.chars().allMatch(Character::isDigit)) {
                        continue;
                    }
                    try {
                        Map<Long, Long> group = found.get(Files.readString(d.resolve("comm")).trim());
                        if (group != null) {
                            long pid = Long.parseLong(name);
                            long t = ticks(pid);
                            if (t >= 0) {
                                group.put(pid, t);
                            }
                        }
                    } catch (IOException | RuntimeException gone) {
                        // the process ended meanwhile
                    }
                }
            } catch (IOException e) {
                // no /proc: the groups stay empty
            }
            return found;
        }

        /** {busy, total} jiffies of all CPUs. */
        static long[] machine() {
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long total = 0;
                for (int i = 1; i <= 8 && i < f.length; i++) {
                    total += Long.parseLong(f[i]);
                }
                long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
                return new long[] {total - idle, total};
            } catch (IOException e) {
                return new long[] {0, 1};
            }
        }
    }

    // ---- per-thread CPU of the service, from jstack (cpu= per thread, JDK 17)

    static final Pattern THREAD = Pattern.compile("^\"(.*)\" #\\d+.* cpu=([0-9.]+)ms");

    Map<String, Double> threadCpu() {
        Map<String, Double> cpu = new HashMap<>();
        if (servicePid == 0) {
            return cpu;
        }
        try {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstack").toString(),
                    Long.toString(servicePid)).redirectErrorStream(true).start();
            for (String line : new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                Matcher m = THREAD.matcher(line);
                if (m.find()) {
                    cpu.merge(m.group(1), Double.parseDouble(m.group(2)), Double::sum);
                }
            }
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            log("jstack failed: %s", e);
        }
        return cpu;
    }

    static Map<String, Double> diffThreads(Map<String, Double> before, Map<String, Double> after, long wallNanos) {
        Map<String, Double> busy = new HashMap<>();
        for (var e : after.entrySet()) {
            double d = e.getValue() - before.getOrDefault(e.getKey(), 0.0);
            // Threads with a running number in their names are pooled: group them.
            String group = e.getKey().replaceAll("\\d+", "#");
            busy.merge(group, d, Double::sum);
        }
        Map<String, Double> pct = new LinkedHashMap<>();
        busy.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue(), a.getValue())).limit(8)
                .forEach(e -> pct.put(e.getKey(), Math.round(e.getValue() / (wallNanos / 1e6) * 1000.0) / 10.0));
        return pct;
    }

    // ---- Camel's own route and processor statistics, over local JMX (the service enables JMX)

    static final List<String> CAMEL_ROUTES = List.of("payment-commands", "escrow-authorize", "stripe-create-hold",
            "outbox-relay-kafka", "outbox-relay-rabbitmq", "webhook-receive", "webhook-process");
    static final List<String> CAMEL_PROCESSORS = List.of("payment-commands-authorize", "escrow-authorize-hold",
            "outbox-kafka-send", "outbox-kafka-mark-published", "outbox-rabbitmq-send", "webhook-enqueue");

    final class CamelStats implements AutoCloseable {
        final JMXConnector connector;
        final MBeanServerConnection server;
        /** MBeans already reported as unreadable (once each, not at every snapshot). */
        final java.util.Set<String> reported = java.util.concurrent.ConcurrentHashMap.newKeySet();

        CamelStats(long pid) throws Exception {
            // The attach API starts the JVM's local management agent (loopback only) and hands over its address.
            VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
            String address;
            try {
                address = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
            connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
            server = connector.getMBeanServerConnection();
        }

        /** name → {completed, failed, total processing ms} */
        Map<String, long[]> snapshot() {
            Map<String, long[]> m = new LinkedHashMap<>();
            for (String r : CAMEL_ROUTES) {
                put(m, "route " + r, "org.apache.camel:context=payroute,type=routes,name=\"" + r + "\"");
            }
            for (String p : CAMEL_PROCESSORS) {
                put(m, "processor " + p, "org.apache.camel:context=payroute,type=processors,name=\"" + p + "\"");
            }
            return m;
        }

        /** One MBean's figures; one that cannot be read (a renamed node, say) is left out, not the rest with it. */
        void put(Map<String, long[]> m, String key, String objectName) {
            try {
                m.put(key, read(new ObjectName(objectName)));
            } catch (Exception e) {
                if (reported.add(key)) {
                    log("JMX, %s left out: %s", key, e);
                }
            }
        }

        long[] read(ObjectName name) throws Exception {
            return new long[] {((Number) server.getAttribute(name, "ExchangesCompleted")).longValue(),
                    ((Number) server.getAttribute(name, "ExchangesFailed")).longValue(),
                    ((Number) server.getAttribute(name, "TotalProcessingTime")).longValue()};
        }

        @Override
        public void close() throws IOException {
            connector.close();
        }
    }

    // ---- the database: backlog, commits, and the outbox's own timestamps

    static final class Db implements AutoCloseable {
        final java.sql.Connection c;
        final PreparedStatement backlog;

        Db(String url, String user) throws SQLException {
            c = DriverManager.getConnection(url, user, "");
            backlog = c.prepareStatement("SELECT (SELECT count(*) FROM outbox WHERE kafka_published_at IS NULL),"
                    + " (SELECT count(*) FROM outbox WHERE rabbit_published_at IS NULL),"
                    + " (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database())");
        }

        synchronized long[] backlog() throws SQLException {
            try (ResultSet r = backlog.executeQuery()) {
                r.next();
                return new long[] {r.getLong(1), r.getLong(2), r.getLong(3)};
            }
        }

        /** Per command n: {created_at, kafka_published_at, rabbit_published_at} in epoch micros (0 when null). */
        synchronized Map<Integer, double[]> outboxTimes(String run) throws SQLException {
            Map<Integer, double[]> times = new HashMap<>();
            String prefix = "bc-" + run + "-";
            try (PreparedStatement s = c.prepareStatement("SELECT correlation_id, created_at, kafka_published_at,"
                    + " rabbit_published_at FROM outbox WHERE event_type = 'payment.authorized'"
                    + " AND (correlation_id LIKE ? OR correlation_id LIKE ?)")) {
                s.setString(1, prefix + "%");
                s.setString(2, "br-" + run + "-%");
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        int n = Integer.parseInt(r.getString(1).substring(prefix.length()));
                        times.put(n, new double[] {micros(r.getTimestamp(2)), micros(r.getTimestamp(3)), micros(r.getTimestamp(4))});
                    }
                }
            }
            return times;
        }

        synchronized Map<String, Long> counts(String sql) throws SQLException {
            Map<String, Long> m = new LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement(sql); ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    m.put(r.getString(1), r.getLong(2));
                }
            }
            return m;
        }

        static double micros(Timestamp t) {
            return t == null ? 0 : t.getTime() / 1000 * 1_000_000.0 + t.getNanos() / 1000;
        }

        @Override
        public void close() throws SQLException {
            c.close();
        }
    }

    // ---- the report

    ObjectNode report(Map<Integer, double[]> outbox, Db db, Sampler sampler) throws SQLException {
        ObjectNode root = JSON.createObjectNode();
        root.put("run", run);
        root.put("started_at", Instant.now().minusNanos(System.nanoTime() - t0).toString());
        ObjectNode settings = root.putObject("settings");
        settings.put("warmup", warmupRate + "/s for " + warmupSeconds + " s");
        settings.put("rates", Arrays.toString(rates));
        settings.put("step_seconds", stepSeconds);
        settings.put("relay_only_rates", Arrays.toString(relayRates));
        settings.put("relay_only_step_seconds", relaySeconds);
        settings.put("drain_seconds_max", drainSeconds);
        settings.put("rabbit_exchange", rabbitExchange);
        settings.put("revert_every_nth_order", revertEvery);
        ArrayNode arr = root.putArray("steps");
        int maxSustained = 0;
        for (Step step : steps) {
            ObjectNode r = arr.addObject();
            step.result = r;
            r.put("step", step.label);
            r.put("kind", step.kind);
            r.put("warmup", step.warmup);
            r.put("offered_per_s", step.rate);
            r.put("planned", step.count);
            if (step.notRun != null) {
                r.put("not_run", step.notRun);
                continue;
            }
            double window = (step.endNanos - step.startNanos) / 1e9;
            r.put("window_s", round(window, 2));
            r.put("producer_max_slip_ms", round(step.maxSlipNanos / 1e6, 1));
            // Events out during the step's window (the service is idle when a step starts: waitIdle).
            r.put("achieved_per_s", round(step.achieved, 1));
            r.put("reverts_sent", step.reverts);
            r.put("reverts_missing", step.reverts - revertsReceived(step));
            // This step's commands: end to end, and the stages from the outbox row's timestamps.
            List<Long> e2e = new ArrayList<>();
            List<Long> rabbitE2e = new ArrayList<>();
            List<Long> toOutbox = new ArrayList<>();
            List<Long> relayKafka = new ArrayList<>();
            List<Long> relayRabbit = new ArrayList<>();
            long lastArrival = 0;
            int missingOutbox = 0;
            int unpublishedKafka = 0;
            int unpublishedRabbit = 0;
            for (int n = step.first; n < step.first + step.count; n++) {
                long recv = kafkaRecvNanos.get(n);
                if (recv != 0) {
                    e2e.add(recv - dueNanos[n]);
                    lastArrival = Math.max(lastArrival, recv);
                }
                long rr = rabbitRecvNanos.get(n);
                if (rr != 0) {
                    rabbitE2e.add(rr - dueNanos[n]);
                }
                double[] o = outbox.get(n);
                if (o == null) {
                    missingOutbox++;
                    continue;
                }
                toOutbox.add((long) ((o[0] - dueEpochMicros[n]) * 1000));
                if (o[1] == 0) {
                    unpublishedKafka++;
                } else {
                    relayKafka.add((long) ((o[1] - o[0]) * 1000));
                }
                if (o[2] == 0) {
                    unpublishedRabbit++;
                } else {
                    relayRabbit.add((long) ((o[2] - o[0]) * 1000));
                }
            }
            int missing = step.missing;
            r.put("events_received", e2e.size());
            r.put("missing_events", missing);
            r.put("outbox_rows_missing", missingOutbox);
            r.put("outbox_unpublished_kafka", unpublishedKafka);
            r.put("outbox_unpublished_rabbit", unpublishedRabbit);
            r.put("completion_per_s", lastArrival == 0 ? 0 : round(e2e.size() / ((lastArrival - step.startNanos) / 1e9), 1));
            r.set("e2e_ms", percentiles(e2e));
            r.set("relay_lag_kafka_ms", percentiles(relayKafka));
            r.set("relay_lag_rabbit_ms", percentiles(relayRabbit));
            r.set("stage_command_to_outbox_ms", percentiles(toOutbox));
            r.set("rabbit_e2e_ms", percentiles(rabbitE2e));
            r.put("rabbit_events_received", rabbitE2e.size());
            r.put("max_command_lag", step.maxCommandLag);
            r.put("command_lag_at_end", step.endSample.commandLag);
            r.put("max_outbox_kafka_backlog", step.maxOutboxKafkaBacklog);
            r.put("outbox_kafka_backlog_at_end", step.endSample.outboxKafka);
            r.put("max_outbox_rabbit_backlog", step.maxOutboxRabbitBacklog);
            r.put("drain_s", round((step.drainedNanos - step.endNanos) / 1e9, 1));
            long commits = step.drainedSample.dbCommits - step.startSample.dbCommits;
            r.put("db_commits_per_command", round((double) commits / step.count, 1));
            ObjectNode cpu = r.putObject("cpu_pct_of_one_core");
            for (String name : step.startSample.cpuTicks.keySet()) {
                cpu.put(name, round(cpuPct(step.startSample, step.endSample, name), 0));
            }
            cpu.put("machine_busy_pct_of_all_cores", round(100.0 * (step.endSample.machineBusy - step.startSample.machineBusy)
                    / Math.max(1, step.endSample.machineTotal - step.startSample.machineTotal), 0));
            if (step.camelBefore != null && step.camelAfter != null) {
                ObjectNode routes = r.putObject("camel");
                for (String key : step.camelAfter.keySet()) {
                    long[] a = step.camelBefore.get(key);
                    long[] b = step.camelAfter.get(key);
                    if (a == null || b == null) {
                        continue;
                    }
                    long done = b[0] - a[0];
                    long failed = b[1] - a[1];
                    long ms = b[2] - a[2];
                    ObjectNode o = routes.putObject(key);
                    o.put("completed", done);
                    o.put("failed", failed);
                    o.put("mean_ms", done + failed == 0 ? 0 : round((double) ms / (done + failed), 2));
                    // Sum of processing times over the window: 100 % = one exchange in progress all the time.
                    o.put("busy_pct", round(100.0 * ms / (window * 1000), 0));
                }
            }
            ObjectNode threads = r.putObject("service_threads_cpu_pct");
            step.threadsCpu.forEach(threads::put);
            r.put("backlog_at_end", step.backlogAtEnd);
            r.put("sustained", step.sustained);
            boolean sustained = step.sustained && step.kind.equals(COMMAND);
            if (sustained && !step.warmup) {
                maxSustained = Math.max(maxSustained, step.rate);
            }
        }
        ObjectNode totals = root.putObject("totals");
        long commands = 0;
        long relayRows = 0;
        for (Step step : steps) {
            if (step.notRun == null) {
                if (step.kind.equals(COMMAND)) {
                    commands += step.count;
                } else {
                    relayRows += step.count;
                }
            }
        }
        totals.put("commands_sent", commands);
        totals.put("relay_only_rows_inserted", relayRows);
        totals.put("send_errors", sendErrors.get());
        totals.put("authorized_events_received", kafkaEvents.get()); // commands' and relay-only rows' events
        totals.put("duplicate_events", kafkaDuplicates.get());
        totals.put("other_event_types", kafkaOtherTypes.get());
        ObjectNode other = totals.putObject("other_event_types_by_type");
        otherTypes.forEach((k, v) -> other.put(k, v.get()));
        totals.put("rabbit_authorized_events_received", rabbitEvents.get());
        ObjectNode reverts = totals.putObject("reverts");
        reverts.put("every_nth_order", revertEvery);
        reverts.put("sent", revertsSent.get());
        reverts.put("events_received", revertEvents.get());
        reverts.put("payments_with_revert_event", countSet(revertRecvNanos));
        reverts.put("duplicate_events", revertDuplicates.get());
        reverts.put("before_their_authorized_event", revertsBeforeAuthorized.get());
        ObjectNode revertTypesNode = reverts.putObject("event_types");
        revertTypes.forEach((k, v) -> revertTypesNode.put(k, v.get()));
        totals.put("max_sustained_rate_per_s", maxSustained);
        ObjectNode tables = root.putObject("db_tables");
        putAll(tables.putObject("rows"), db.counts("SELECT 'payments', count(*) FROM payments UNION ALL "
                + "SELECT 'outbox', count(*) FROM outbox UNION ALL SELECT 'camel_messageprocessed', count(*) FROM camel_messageprocessed "
                + "UNION ALL SELECT 'payment_transitions', count(*) FROM payment_transitions UNION ALL "
                + "SELECT 'webhook_events', count(*) FROM webhook_events"));
        putAll(tables.putObject("payments_by_status"), db.counts("SELECT status, count(*) FROM payments GROUP BY 1 ORDER BY 1"));
        putAll(tables.putObject("webhook_events_by_type_outcome"), db.counts(
                "SELECT event_type || ' ' || status || ' ' || coalesce(outcome, '-'), count(*) FROM webhook_events GROUP BY 1 ORDER BY 1"));
        putAll(tables.putObject("transitions_by_source_outcome"), db.counts(
                "SELECT source || ' ' || from_status || '->' || to_status || ' ' || outcome, count(*) FROM payment_transitions GROUP BY 1 ORDER BY 1"));
        putAll(tables.putObject("dead_letters"), db.counts("SELECT source, count(*) FROM dead_letters GROUP BY 1"));
        return root;
    }

    static long countSet(AtomicLongArray a) {
        long c = 0;
        for (int i = 0; i < a.length(); i++) {
            if (a.get(i) != 0) {
                c++;
            }
        }
        return c;
    }

    static void putAll(ObjectNode node, Map<String, Long> m) {
        m.forEach(node::put);
    }

    static ObjectNode percentiles(List<Long> nanos) {
        ObjectNode p = JSON.createObjectNode();
        p.put("n", nanos.size());
        if (nanos.isEmpty()) {
            return p;
        }
        long[] s = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        p.put("p50", round(pct(s, 50) / 1e6, 1));
        p.put("p95", round(pct(s, 95) / 1e6, 1));
        p.put("p99", round(pct(s, 99) / 1e6, 1));
        p.put("max", round(s[s.length - 1] / 1e6, 1));
        return p;
    }

    // Nearest rank.
    static long pct(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static double round(double v, int digits) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return -1;
        }
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    void log(String format, Object... args) {
        System.out.printf("[%6.1f s] %s%n", (System.nanoTime() - t0) / 1e9, String.format(format, args));
        System.out.flush();
    }
}
