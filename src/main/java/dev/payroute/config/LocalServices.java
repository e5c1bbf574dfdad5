package dev.payroute.config;

import dev.payroute.devstack.KafkaBroker;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * For a local run only (never in production): when DATABASE_URL is unset and nothing answers on
 * 127.0.0.1:5432, start an embedded PostgreSQL; when KAFKA_BOOTSTRAP_SERVERS is unset and the
 * checkout has devstack/kafka, start a real single-node Kafka broker (its data kept in
 * .payroute/kafka). Both stop with the process.
 */
public final class LocalServices implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalServices.class);

    private final Map<String, String> overrides = new LinkedHashMap<>();
    private EmbeddedPostgres postgres;
    private KafkaBroker kafka;

    private LocalServices() {
    }

    public static LocalServices startMissing() throws IOException {
        LocalServices local = new LocalServices();
        boolean production = "production".equalsIgnoreCase(System.getenv("ENVIRONMENT"));
        if (!production && isBlank(System.getenv("DATABASE_URL")) && !listening("127.0.0.1", 5432)) {
            LOG.warn("DATABASE_URL is unset and no PostgreSQL answers on 127.0.0.1:5432: starting an embedded PostgreSQL");
            local.postgres = EmbeddedPostgres.builder().start();
            local.overrides.put("payroute.database.url",
                    "jdbc:postgresql://127.0.0.1:" + local.postgres.getPort() + "/payroute");
            local.overrides.put("payroute.database.user", "postgres");
        }
        if (!production && isBlank(System.getenv("KAFKA_BOOTSTRAP_SERVERS"))
                && java.nio.file.Files.isDirectory(java.nio.file.Path.of("devstack/kafka"))) {
            LOG.warn("KAFKA_BOOTSTRAP_SERVERS is unset: starting a local Kafka broker (data in .payroute/kafka)");
            local.kafka = KafkaBroker.start(KafkaBroker.Options.defaults().dataDir(java.nio.file.Path.of(".payroute/kafka")));
            local.overrides.put("payroute.kafka.bootstrap-servers", local.kafka.bootstrapServers());
        }
        return local;
    }

    public Map<String, String> overrides() {
        return overrides;
    }

    @Override
    public void close() throws IOException {
        if (kafka != null) {
            kafka.stop();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    static boolean listening(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
