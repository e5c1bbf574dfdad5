package dev.payroute.devstack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A real single-node Apache Kafka broker (KRaft, broker and controller in one process) run as a
 * child JVM, for tests and the local run. Its classpath is Kafka 4.3.1's jars, apart from the
 * service's kafka-clients: the build resolves them from {@code src/dev/kafka-broker/pom.xml} into
 * {@code target/kafka-broker} (nothing runs Maven at run time).
 *
 * <p>The broker listens on 127.0.0.1 only. Its data directory holds {@code server.properties},
 * {@code log4j2.properties}, {@code broker.log} (the child's output), the launcher class and
 * {@code kraft-logs/} (Kafka's log.dirs). {@link #restart()} reuses ports and data, so topics and
 * committed offsets survive it. A data directory of your own is kept, and keeps the ports it was first
 * formatted with unless others are asked for.
 *
 * <pre>{@code
 * try (KafkaBroker kafka = KafkaBroker.start(KafkaBroker.Options.defaults())) {
 *     producerProps.put("bootstrap.servers", kafka.bootstrapServers());
 *     ...
 *     kafka.kill();      // an outage: SIGKILL
 *     kafka.restart();   // same ports, same data
 * }
 * }</pre>
 *
 * <p>Orphans: a JVM shutdown hook stops the broker when this JVM exits normally or on SIGTERM or
 * SIGINT. A SIGKILLed parent runs no hook; for that case the child runs {@link BrokerLauncher},
 * which polls the parent's pid every second and shuts the broker down when the parent is gone (a
 * temporary data directory is then left behind in the temp dir).
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);

    private static final String HOST = "127.0.0.1";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final String BROKER_DIR = "target/kafka-broker";
    private static final String LAUNCHER_CLASS_FILE = BrokerLauncher.class.getName().replace('.', '/') + ".class";

    private final String classpath;
    private final Path dataDir;
    private final boolean temporaryDataDir;
    private final int port;
    private final int controllerPort;
    private final String heap;
    private final Duration startTimeout;
    private final Thread shutdownHook;

    // Volatile so the shutdown hook can end a broker that is still starting without waiting for the lock.
    private volatile Process process;
    private boolean stopped;
    private Duration lastStartDuration = Duration.ZERO;

    private KafkaBroker(String classpath, Path dataDir, boolean temporaryDataDir, int port, int controllerPort,
                        Options options) {
        this.classpath = classpath;
        this.dataDir = dataDir;
        this.temporaryDataDir = temporaryDataDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.heap = options.heap;
        this.startTimeout = options.startTimeout;
        this.shutdownHook = new Thread(this::stopAtExit, "payroute-kafka-broker-shutdown");
    }

    /**
     * Starts a broker and returns once it answers a kafka-clients Admin {@code describeCluster}.
     */
    public static KafkaBroker start(Options options) throws IOException {
        String classpath = brokerClasspath(options.projectDir.toAbsolutePath().normalize());

        boolean temporary = options.dataDir == null;
        Path dataDir = temporary
                ? Files.createTempDirectory("payroute-kafka-")
                : Files.createDirectories(options.dataDir.toAbsolutePath().normalize());
        KafkaBroker broker = null;
        try {
            // A data directory formatted earlier keeps its ports: KRaft records the controller's endpoint at format time.
            Properties previous = previousSettings(dataDir);
            int port = options.port != 0 ? options.port : previousPort(previous, "PLAINTEXT");
            int controllerPort = options.controllerPort != 0 ? options.controllerPort : previousPort(previous, "CONTROLLER");
            int[] free = freePorts((port == 0 ? 1 : 0) + (controllerPort == 0 ? 1 : 0));
            int next = 0;
            if (port == 0) {
                port = free[next++];
            }
            if (controllerPort == 0) {
                controllerPort = free[next];
            }
            broker = new KafkaBroker(classpath, dataDir, temporary, port, controllerPort, options);
            Runtime.getRuntime().addShutdownHook(broker.shutdownHook);
            long began = System.nanoTime();
            broker.writeFiles();
            broker.formatIfNew();
            broker.launch(began);
            return broker;
        } catch (IOException | RuntimeException e) {
            if (broker != null) {
                broker.stop();
            } else if (temporary) {
                deleteTree(dataDir);
            }
            throw e;
        }
    }

    /** {@code 127.0.0.1:<port>}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The broker's stdout and stderr, appended across restarts. */
    public Path logFile() {
        return dataDir.resolve("broker.log");
    }

    /**
     * How long the last start took (writing the config, formatting the storage, launching the JVM, until
     * the broker answered), or the last restart (from launching the JVM); not counting a Maven build.
     */
    public synchronized Duration lastStartDuration() {
        return lastStartDuration;
    }

    /** The broker's process id while it runs, for tools such as ps. */
    public synchronized long pid() {
        Process running = process;
        if (running == null) {
            throw new IllegalStateException("the broker is not running");
        }
        return running.pid();
    }

    public boolean isAlive() {
        Process running = process;
        return running != null && running.isAlive();
    }

    /** SIGKILLs the broker, like a crash or an outage; ports and data stay for {@link #restart()}. */
    public synchronized void kill() {
        Process running = process;
        if (running != null) {
            running.destroyForcibly();
            awaitExit(running, STOP_TIMEOUT);
            process = null;
        }
    }

    /** Stops the broker gracefully but keeps ports and data for {@link #restart()}. */
    public synchronized void shutdown() {
        Process running = process;
        if (running != null) {
            terminate(running);
            process = null;
        }
    }

    /**
     * Starts the broker again on the same ports and data directory (stopping it gracefully first if
     * it runs), so topics and committed offsets survive. Not possible after {@link #stop()}.
     */
    public synchronized void restart() throws IOException {
        if (stopped) {
            throw new IllegalStateException("the broker was stopped for good");
        }
        shutdown();
        launch(System.nanoTime());
    }

    /**
     * Stops the broker for good: SIGTERM, then SIGKILL if it has not exited within 30 s; deletes the
     * data directory if it was a temporary one.
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        shutdown();
        if (temporaryDataDir) {
            deleteTree(dataDir);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyExiting) {
            // The hook is running or about to: it finds the broker stopped.
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void stopAtExit() {
        Process running = process;
        if (running != null) {
            LOG.info("JVM exiting: stopping the Kafka broker on {}", bootstrapServers());
            // SIGTERM first, outside the lock: a start in progress then fails at once and lets go of it.
            running.destroy();
        }
        stop();
    }

    private synchronized void launch(long began) throws IOException {
        Path launcherDir = dataDir.resolve("launcher");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms" + heap, "-Xmx" + heap,
                "-XX:+UseSerialGC",
                "-XX:+ExitOnOutOfMemoryError",
                // C1 only: a quicker warm-up and ~30 MB less memory; peak throughput does not matter here.
                "-XX:TieredStopAtLevel=1",
                "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + dataDir.resolve("log4j2.properties"),
                "-D" + BrokerLauncher.PARENT_PID + "=" + ProcessHandle.current().pid(),
                "-cp", launcherDir + File.pathSeparator + classpath,
                BrokerLauncher.class.getName(),
                "kafka.Kafka",
                dataDir.resolve("server.properties").toString()));
        // Beside its output: what a log scan reads too (no secret belongs on a command line).
        Files.writeString(dataDir.resolve("broker.cmdline"), String.join(" ", command) + "\n");
        Process started = new ProcessBuilder(command)
                .directory(dataDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                .start();
        process = started;
        try {
            awaitReady(started, System.nanoTime() + startTimeout.toNanos());
        } catch (IOException | RuntimeException e) {
            terminate(started);
            process = null;
            throw e;
        }
        lastStartDuration = Duration.ofNanos(System.nanoTime() - began);
        LOG.info("Kafka broker ready on {} in {} ms (pid {}, data {})", bootstrapServers(),
                lastStartDuration.toMillis(), started.pid(), dataDir);
    }

    // Ready means the listener accepts connections and the broker answers an Admin request.
    private void awaitReady(Process broker, long deadline) throws IOException {
        while (!accepting(port)) {
            checkRunning(broker);
            pause(deadline, "the broker's port " + port + " to open");
        }
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        admin.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, "100");
        admin.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
        admin.put(AdminClientConfig.CLIENT_ID_CONFIG, "payroute-kafka-broker-check");
        try (Admin client = Admin.create(admin)) {
            while (true) {
                checkRunning(broker);
                try {
                    Collection<Node> nodes = client.describeCluster(new DescribeClusterOptions().timeoutMs(3000))
                            .nodes().get(4, TimeUnit.SECONDS);
                    if (!nodes.isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException notYet) {
                    // Still starting: ask again until the deadline.
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for the Kafka broker");
                }
                pause(deadline, "the broker to answer describeCluster on " + bootstrapServers());
            }
        }
    }

    private void checkRunning(Process broker) throws IOException {
        if (!broker.isAlive()) {
            throw new IOException("the Kafka broker exited with code " + broker.exitValue() + "; last lines of "
                    + logFile() + ":\n" + LogTail.read(logFile(), 40));
        }
    }

    private void pause(long deadline, String waitingFor) throws IOException {
        if (System.nanoTime() - deadline > 0) {
            throw new IOException("timed out after " + startTimeout.toSeconds() + " s waiting for " + waitingFor
                    + "; last lines of " + logFile() + ":\n" + LogTail.read(logFile(), 40));
        }
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + waitingFor);
        }
    }

    private void writeFiles() throws IOException {
        Map<String, String> server = new LinkedHashMap<>();
        server.put("process.roles", "broker,controller");
        server.put("node.id", "1");
        server.put("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        server.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        server.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        server.put("inter.broker.listener.name", "PLAINTEXT");
        server.put("controller.listener.names", "CONTROLLER");
        // Kafka 4 dynamic quorum: formatted with --standalone, so bootstrap servers instead of controller.quorum.voters.
        server.put("controller.quorum.bootstrap.servers", HOST + ":" + controllerPort);
        server.put("log.dirs", dataDir.resolve("kraft-logs").toString());
        server.put("num.partitions", "3");
        server.put("auto.create.topics.enable", "true");
        // One node: every internal topic has one replica, or it cannot be created.
        server.put("default.replication.factor", "1");
        server.put("min.insync.replicas", "1");
        server.put("offsets.topic.replication.factor", "1");
        server.put("transaction.state.log.replication.factor", "1");
        server.put("transaction.state.log.min.isr", "1");
        server.put("share.coordinator.state.topic.replication.factor", "1");
        server.put("share.coordinator.state.topic.min.isr", "1");
        // No other member will join a group: do not hold the first rebalance back.
        server.put("group.initial.rebalance.delay.ms", "0");
        // The cleaner's default 128 MB dedupe buffer alone would fill a small heap (compacted __consumer_offsets).
        server.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        // The controller keeps a SIGKILLed broker's registration until its session times out (default 9 s),
        // and a restarted broker cannot register before that: keep kill-and-restart quick.
        server.put("broker.session.timeout.ms", "3000");
        server.put("broker.heartbeat.interval.ms", "500");
        StringBuilder text = new StringBuilder("# Written by dev.payroute.devstack.KafkaBroker on each start.\n");
        server.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        Files.writeString(dataDir.resolve("server.properties"), text, StandardCharsets.UTF_8);

        // Quiet by default: warnings, plus the line saying the server started.
        Files.writeString(dataDir.resolve("log4j2.properties"), String.join("\n",
                "status = warn",
                "shutdownHook = disable",
                "appender.out.type = Console",
                "appender.out.name = out",
                "appender.out.layout.type = PatternLayout",
                "appender.out.layout.pattern = %d{ISO8601} %-5p [%c{1}] %m%n",
                "rootLogger.level = warn",
                "rootLogger.appenderRef.out.ref = out",
                "logger.server.name = kafka.server.KafkaRaftServer",
                "logger.server.level = info",
                ""), StandardCharsets.UTF_8);

        // The launcher's class file alone goes on the broker's classpath: not the service's classes and resources.
        Path launcherClass = dataDir.resolve("launcher").resolve(LAUNCHER_CLASS_FILE);
        Files.createDirectories(launcherClass.getParent());
        try (InputStream in = KafkaBroker.class.getClassLoader().getResourceAsStream(LAUNCHER_CLASS_FILE)) {
            if (in == null) {
                throw new IOException("class file " + LAUNCHER_CLASS_FILE + " not found on the classpath");
            }
            Files.write(launcherClass, in.readAllBytes());
        }
    }

    private void formatIfNew() throws IOException {
        if (Files.exists(dataDir.resolve("kraft-logs").resolve("meta.properties"))) {
            return;
        }
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dlog4j2.configurationFile=" + dataDir.resolve("log4j2.properties"),
                "-cp", classpath,
                "kafka.tools.StorageTool", "format", "--standalone",
                "--cluster-id", Uuid.randomUuid().toString(),
                "--config", dataDir.resolve("server.properties").toString());
        Process format = new ProcessBuilder(command)
                .directory(dataDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                .start();
        if (!awaitExit(format, FORMAT_TIMEOUT)) {
            throw new IOException("kafka-storage format did not finish in " + FORMAT_TIMEOUT.toSeconds() + " s");
        }
        if (format.exitValue() != 0) {
            throw new IOException("kafka-storage format failed with exit code " + format.exitValue()
                    + "; last lines of " + logFile() + ":\n" + LogTail.read(logFile(), 20));
        }
    }

    private static void terminate(Process process) {
        process.destroy();
        if (!awaitExit(process, STOP_TIMEOUT)) {
            LOG.warn("Kafka broker (pid {}) still running {} s after SIGTERM: killing it", process.pid(),
                    STOP_TIMEOUT.toSeconds());
            process.destroyForcibly();
            awaitExit(process, STOP_TIMEOUT);
        }
    }

    private static boolean awaitExit(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            // Do not leave the child behind because the caller was interrupted.
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The broker's jars, as the build listed them in target/kafka-broker/classpath.txt (written after the
     * last jar was copied, so its presence also says the copy is complete).
     */
    private static String brokerClasspath(Path projectDir) throws IOException {
        Path brokerDir = projectDir.resolve(BROKER_DIR);
        Path list = brokerDir.resolve("classpath.txt");
        if (!Files.isRegularFile(list)) {
            throw new IOException("the local Kafka broker's jars are missing: no " + list + ". The project's build"
                    + " resolves them from src/dev/kafka-broker/pom.xml: run `mvn -B -DskipTests package` (or ./bin/run,"
                    + " ./bin/test) in " + projectDir + ", or point KafkaBroker.Options.projectDir at a built checkout");
        }
        List<String> jars = new ArrayList<>();
        for (String entry : Files.readString(list, StandardCharsets.UTF_8).trim().split(File.pathSeparator)) {
            Path jar = brokerDir.resolve(entry);
            if (!Files.isRegularFile(jar)) {
                throw new IOException("the local Kafka broker's jar " + jar + " listed in " + list
                        + " is missing: run `mvn clean package` in " + projectDir);
            }
            jars.add(jar.toString());
        }
        return String.join(File.pathSeparator, jars);
    }

    private static boolean accepting(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    // Holds all sockets open until every port is chosen, so the ports differ.
    private static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST));
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    private static Properties previousSettings(Path dataDir) throws IOException {
        Properties settings = new Properties();
        Path file = dataDir.resolve("server.properties");
        if (Files.exists(dataDir.resolve("kraft-logs").resolve("meta.properties")) && Files.exists(file)) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                settings.load(reader);
            }
        }
        return settings;
    }

    // The port of one listener in "PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093", or 0.
    private static int previousPort(Properties settings, String listener) {
        for (String entry : settings.getProperty("listeners", "").split(",")) {
            String prefix = listener + "://";
            if (entry.trim().startsWith(prefix)) {
                String address = entry.trim();
                return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
            }
        }
        return 0;
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Could not delete the Kafka data directory {}: {}", root, e.getMessage());
        }
    }

    /** How to start a broker; every setting has a default. */
    public static final class Options {

        private int port;
        private int controllerPort;
        private Path dataDir;
        private String heap = "128m";
        private Path projectDir = Path.of("");
        private Duration startTimeout = Duration.ofSeconds(60);

        public static Options defaults() {
            return new Options();
        }

        /** The client port; 0 (default) picks a free one. */
        public Options port(int port) {
            this.port = checkPort(port);
            return this;
        }

        /** The KRaft controller port; 0 (default) picks a free one. */
        public Options controllerPort(int controllerPort) {
            this.controllerPort = checkPort(controllerPort);
            return this;
        }

        /** A directory kept across runs; default a fresh temporary one, deleted by {@link KafkaBroker#stop()}. */
        public Options dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** The broker JVM's heap, as for -Xmx (default 128m: its live set is under 40 MB). */
        public Options heap(String heap) {
            if (heap == null || !heap.matches("\\d+[kKmMgG]?")) {
                throw new IllegalArgumentException("heap must look like 128m, not " + heap);
            }
            this.heap = heap;
            return this;
        }

        /** The payroute checkout whose build put the broker's jars in target/kafka-broker (default: the working directory). */
        public Options projectDir(Path projectDir) {
            this.projectDir = projectDir;
            return this;
        }

        /** How long a start or restart may take before it fails (default 60 s). */
        public Options startTimeout(Duration startTimeout) {
            this.startTimeout = startTimeout;
            return this;
        }

        private static int checkPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            return port;
        }
    }
}
