package dev.payroute.devstack;

import dev.payroute.PayrouteApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The local run (./bin/run): payroute with what a development machine may lack, never in production.
 * When DATABASE_URL is unset and nothing answers on 127.0.0.1:5432, an embedded PostgreSQL; when
 * KAFKA_BOOTSTRAP_SERVERS is unset, a real single-node Kafka broker (its data kept in .payroute/kafka).
 * Both stop with the process. With no STRIPE_SECRET_KEY the service itself starts the built-in Stripe
 * stand-in, which this jar provides (InProcessStandIn).
 */
public final class LocalRun implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalRun.class);

    private final Map<String, String> overrides = new LinkedHashMap<>();
    private EmbeddedPostgres postgres;
    private KafkaBroker kafka;

    private LocalRun() {
    }

    public static void main(String[] args) {
        int status;
        try (LocalRun local = startMissing()) {
            status = PayrouteApplication.run(local.overrides, args);
        } catch (IOException | RuntimeException e) {
            LOG.error("the local PostgreSQL or Kafka broker failed to start or stop", e);
            status = 1;
        }
        System.exit(status);
    }

    private static LocalRun startMissing() throws IOException {
        LocalRun local = new LocalRun();
        if ("production".equalsIgnoreCase(System.getenv("ENVIRONMENT"))) {
            return local;
        }
        try {
            if (isBlank(System.getenv("DATABASE_URL")) && !listening("127.0.0.1", 5432)) {
                LOG.warn("DATABASE_URL is unset and no PostgreSQL answers on 127.0.0.1:5432: starting an embedded PostgreSQL");
                local.postgres = EmbeddedPostgres.builder().start();
                local.overrides.put("payroute.database.url",
                        "jdbc:postgresql://127.0.0.1:" + local.postgres.getPort() + "/payroute");
                local.overrides.put("payroute.database.user", "postgres");
            }
            if (isBlank(System.getenv("KAFKA_BOOTSTRAP_SERVERS"))) {
                LOG.warn("KAFKA_BOOTSTRAP_SERVERS is unset: starting a local Kafka broker (data in .payroute/kafka)");
                local.kafka = KafkaBroker.start(KafkaBroker.Options.defaults().dataDir(Path.of(".payroute/kafka")));
                local.overrides.put("payroute.kafka.bootstrap-servers", local.kafka.bootstrapServers());
            }
            return local;
        } catch (IOException | RuntimeException e) {
            local.close();
            throw e;
        }
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

    private static boolean listening(String host, int port) {
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
