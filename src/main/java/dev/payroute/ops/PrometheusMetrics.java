package dev.payroute.ops;

import dev.payroute.domain.PaymentStatus;
import dev.payroute.http.HttpReplies;
import dev.payroute.messaging.OutboxStatus;
import dev.payroute.sql.Database;
import dev.payroute.webhooks.WebhookStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.micrometer.MicrometerConstants;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.TreeMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * GET /metrics: the Micrometer Prometheus registry camel-micrometer-prometheus records Camel's route
 * metrics in (exchanges and their timings per route id), with payroute's own meters: the outbox
 * backlog, payments per status and open dead letters (shared state, from the database) and this
 * instance's webhook counters.
 *
 * <p>The database gauges are read when scraped, so each scrape shows the state of that moment, but
 * never for longer than payroute.metrics.database-timeout-ms, one read at a time (BoundedProbe): with
 * the database down or silent, a scrape still answers at once with Camel's metrics and the last values
 * read, and payroute_database_gauges_age_seconds shows how old those are (NaN before the first read).
 * Reading on a timer instead would query the database when nobody scrapes and still serve old values.
 */
public final class PrometheusMetrics {

    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** The database gauges' values at one moment; NaN for what has never been read. */
    private record Reading(double kafkaBacklog, double rabbitBacklog, double oldestUnpublishedSeconds,
                           double kafkaLagSeconds, double rabbitLagSeconds, Map<String, Double> paymentsByStatus,
                           double openDeadLetters, Map<String, Double> openDeadLettersBySource, long readAtNanos) {

        static final Reading NONE = new Reading(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Map.of(),
                Double.NaN, Map.of(), 0);

        double payments(PaymentStatus status) {
            return this == NONE ? Double.NaN : paymentsByStatus.getOrDefault(status.name(), 0.0);
        }

        double ageSeconds() {
            return this == NONE ? Double.NaN : (System.nanoTime() - readAtNanos) / 1e9;
        }
    }

    private final PrometheusMeterRegistry registry;
    private final BoundedProbe<Reading> databaseRead;
    private final BoundedProbe<KafkaLag.Reading> kafkaRead;
    private final MultiGauge deadLetters;
    private volatile Reading last = Reading.NONE;
    private volatile KafkaLag.Reading lastKafka = new KafkaLag.Reading(Double.NaN, Double.NaN);

    private PrometheusMetrics(PrometheusMeterRegistry registry, BoundedProbe<Reading> databaseRead,
                              BoundedProbe<KafkaLag.Reading> kafkaRead) {
        this.registry = registry;
        this.databaseRead = databaseRead;
        this.kafkaRead = kafkaRead;
        this.deadLetters = MultiGauge.builder("payroute.dead.letters")
                .description("Dead letters not yet replayed, per source (stripe, rabbitmq, kafka: the database's dead letters;"
                        + " kafka_dlt_topic: records in payment_commands.DLT)").register(registry);
    }

    /**
     * Adds payroute's meters to the Prometheus registry camel-micrometer-prometheus records in
     * (camel.metrics.enabled): the one it has bound already, or else a new one bound where it looks.
     */
    public static PrometheusMetrics bind(CamelContext context, Database db, OutboxStatus outbox, WebhookStats webhooks,
                                         KafkaLag kafka, Duration databaseTimeout, Duration kafkaTimeout) {
        PrometheusMeterRegistry registry = registry(context);
        BoundedProbe<Reading> read = new BoundedProbe<>(
                context.getExecutorServiceManager().newSingleThreadExecutor(PrometheusMetrics.class, "metrics-database-read"),
                databaseTimeout, () -> read(db, outbox));
        BoundedProbe<KafkaLag.Reading> kafkaRead = kafka == null ? null : new BoundedProbe<>(
                context.getExecutorServiceManager().newSingleThreadExecutor(PrometheusMetrics.class, "metrics-kafka-read"),
                kafkaTimeout, kafka::read);
        PrometheusMetrics metrics = new PrometheusMetrics(registry, read, kafkaRead);
        if (kafka != null) {
            Gauge.builder("payroute.kafka.consumer.lag", metrics, m -> m.lastKafka.commandsLag())
                    .description("Commands published to the topic but not yet committed by the group, over its partitions")
                    .tags("group", kafka.group(), "topic", kafka.topic()).register(registry);
        }
        String backlog = "Events not yet published, per destination";
        metrics.gauge("payroute.outbox.backlog", backlog, null, Reading::kafkaBacklog, "destination", "kafka");
        metrics.gauge("payroute.outbox.backlog", backlog, null, Reading::rabbitBacklog, "destination", "rabbitmq");
        metrics.gauge("payroute.outbox.oldest.unpublished", "Age of the oldest event a configured destination waits for",
                "seconds", Reading::oldestUnpublishedSeconds);
        String lag = "Relay lag: age of the oldest event not yet published, per destination (0 when none waits)";
        metrics.gauge("payroute.outbox.relay.lag", lag, "seconds", Reading::kafkaLagSeconds, "destination", "kafka");
        metrics.gauge("payroute.outbox.relay.lag", lag, "seconds", Reading::rabbitLagSeconds, "destination", "rabbitmq");
        for (PaymentStatus status : PaymentStatus.values()) {
            metrics.gauge("payroute.payments", "Payments per status", null, reading -> reading.payments(status),
                    "status", status.name());
        }
        metrics.gauge("payroute.dead.letters.open", "Webhook dead letters not yet replayed", null, Reading::openDeadLetters);
        metrics.gauge("payroute.database.gauges.age",
                "Seconds since the database gauges (outbox, payments, dead letters) were last read", "seconds",
                Reading::ageSeconds);
        for (WebhookStats.Counter counter : WebhookStats.Counter.values()) {
            String outcome = counter.name().toLowerCase(Locale.ROOT);
            FunctionCounter.builder("payroute.webhook.events", webhooks,
                            stats -> ((Number) stats.snapshot().get(outcome)).doubleValue())
                    .description("Webhook requests seen by this instance, by outcome").tag("outcome", outcome)
                    .register(registry);
        }
        return metrics;
    }

    /**
     * The Prometheus registry camel-micrometer-prometheus records in, for meters bound before this class is (the
     * Stripe gateway's timer, the idempotency and reconciliation counters).
     */
    public static PrometheusMeterRegistry registry(CamelContext context) {
        MeterRegistry bound = context.getRegistry()
                .lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class);
        if (bound instanceof PrometheusMeterRegistry prometheus) {
            return prometheus;
        }
        if (bound != null) {
            throw new IllegalStateException("the meter registry " + MicrometerConstants.METRICS_REGISTRY_NAME + " is a "
                    + bound.getClass().getName() + ", not a Prometheus registry");
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        context.getRegistry().bind(MicrometerConstants.METRICS_REGISTRY_NAME, registry);
        return registry;
    }

    /** Takes the Exchange to answer in Prometheus' text format rather than JSON. */
    public void scrape(Exchange exchange) {
        databaseRead.ask().ifPresent(reading -> last = reading);
        if (kafkaRead != null) {
            kafkaRead.ask().ifPresent(reading -> lastKafka = reading);
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        Map<String, Double> bySource = new TreeMap<>(last.openDeadLettersBySource());
        for (String source : new String[] {"stripe", "rabbitmq", "kafka"}) {
            bySource.putIfAbsent(source, last == Reading.NONE ? Double.NaN : 0.0);
        }
        if (kafkaRead != null) {
            bySource.put("kafka_dlt_topic", lastKafka.deadLettered());
        }
        bySource.forEach((source, count) -> rows.add(MultiGauge.Row.of(Tags.of("source", source), count)));
        deadLetters.register(rows, true);
        HttpReplies.write(exchange, 200, CONTENT_TYPE, registry.scrape(CONTENT_TYPE));
    }

    /** A gauge of the last reading (unit: null, or a Prometheus base unit such as seconds, added to the name). */
    private void gauge(String name, String description, String unit, ToDoubleFunction<Reading> value, String... tags) {
        Gauge.builder(name, this, metrics -> value.applyAsDouble(metrics.last)).description(description).baseUnit(unit)
                .tags(tags).register(registry);
    }

    private static Reading read(Database db, OutboxStatus outbox) {
        Map<String, Object> backlog = outbox.summary();
        Map<String, Double> payments = new HashMap<>();
        for (Map<String, Object> row : db.query("ops/payments-by-status", Map.of())) {
            payments.put((String) row.get("status"), ((Number) row.get("payments")).doubleValue());
        }
        Map<String, Double> deadLetters = new HashMap<>();
        double open = 0;
        for (Map<String, Object> row : db.query("ops/open-dead-letters-by-source", Map.of())) {
            double count = ((Number) row.get("open_dead_letters")).doubleValue();
            deadLetters.put((String) row.get("source"), count);
            open += count;
        }
        Map<String, Object> ages = db.queryOne("outbox/backlog", Map.of()).orElseThrow();
        return new Reading(number(backlog, "kafka_backlog"), number(backlog, "rabbit_backlog"),
                number(backlog, "oldest_unpublished_seconds"), number(ages, "kafka_oldest_seconds"),
                number(ages, "rabbit_oldest_seconds"), payments, open, deadLetters, System.nanoTime());
    }

    private static double number(Map<String, Object> row, String column) {
        return ((Number) row.get(column)).doubleValue();
    }
}
