package dev.payroute.config;

import com.zaxxer.hikari.HikariDataSource;
import dev.payroute.billing.BillingRecords;
import dev.payroute.escrow.CampusGViews;
import dev.payroute.escrow.EscrowOperations;
import dev.payroute.escrow.EscrowSweeper;
import dev.payroute.escrow.PayeeRegistry;
import dev.payroute.escrow.UserHistory;
import dev.payroute.http.ScopePolicy;
import dev.payroute.escrow.EscrowViews;
import dev.payroute.outbox.OutboxWriter;
import dev.payroute.messaging.CommandDltReplayer;
import dev.payroute.messaging.CommandIngress;
import dev.payroute.messaging.CommandLog;
import dev.payroute.messaging.CommandTopic;
import dev.payroute.messaging.CommandOutcomes;
import dev.payroute.messaging.CommandPublisher;
import dev.payroute.http.CorrelationIds;
import dev.payroute.http.GatedPlatformHttpServer;
import dev.payroute.http.HttpParameters;
import dev.payroute.http.HttpReplies;
import dev.payroute.http.IdempotencyGate;
import dev.payroute.http.IdempotencyStore;
import dev.payroute.http.JsonRequests;
import dev.payroute.http.ProblemResponder;
import dev.payroute.invoices.InvoiceOperations;
import dev.payroute.invoices.InvoicePage;
import dev.payroute.invoices.InvoiceStore;
import dev.payroute.ops.HealthEndpoints;
import dev.payroute.ops.PayrouteHealthChecks;
import dev.payroute.ops.KafkaLag;
import dev.payroute.ops.PrometheusMetrics;
import dev.payroute.ops.RemoteJmx;
import dev.payroute.ops.RouteControl;
import dev.payroute.ops.RouteFailures;
import dev.payroute.payments.Paging;
import dev.payroute.payments.PaymentOperations;
import dev.payroute.payments.PaymentStore;
import dev.payroute.payments.Reconciler;
import dev.payroute.refunds.RefundOperations;
import dev.payroute.storefront.AudiobookCompat;
import dev.payroute.storefront.CreditLedger;
import dev.payroute.storefront.OrderStore;
import dev.payroute.storefront.OrderViews;
import dev.payroute.storefront.StorefrontOperations;
import dev.payroute.refunds.RefundStore;
import dev.payroute.refunds.RefundViews;
import dev.payroute.verifications.VerificationArchive;
import dev.payroute.verifications.VerificationRecords;
import dev.payroute.webhooks.DeadLetters;
import dev.payroute.webhooks.WebhookDebug;
import dev.payroute.webhooks.WebhookEventStore;
import dev.payroute.webhooks.WebhookHandlers;
import dev.payroute.webhooks.WebhookIngress;
import dev.payroute.webhooks.WebhookSignatureVerifier;
import dev.payroute.webhooks.WebhookStats;
import dev.payroute.security.ApiKeys;
import dev.payroute.security.DataCipher;
import dev.payroute.sql.Database;
import dev.payroute.stripe.MeteredPaymentGateway;
import dev.payroute.stripe.PaymentGateway;
import dev.payroute.stripe.StripePaymentGateway;
import dev.payroute.deadletters.BrokerDeadLetters;
import dev.payroute.messaging.CommandDeadLetters;
import dev.payroute.stripe.StripeRejections;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds payroute's beans from application.properties (with environment overrides). Beans are
 * bound here rather than with @BindToRegistry, which can run twice in Camel 4.17 and leak pools.
 */
public final class PayrouteConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(PayrouteConfiguration.class);
    private static final String DEV_API_KEYS = "dev-payments-key-0001:payments:dev-payments,dev-admin-key-00000001:admin:dev-admin";

    @Override
    public void configure(CamelContext context) throws Exception {
        context.getPropertiesComponent().addPropertiesFunction(new ConfiguredFunction(context));
        // Log lines name the exchange's correlation id, route and payment (see ExchangeLogContext).
        dev.payroute.ops.ExchangeLogContext logContext = new dev.payroute.ops.ExchangeLogContext();
        context.getCamelContextExtension().addInterceptStrategy(logContext);
        context.getCamelContextExtension().addLogListener(logContext);
        Settings settings = new Settings(context);
        boolean production = settings.production();
        remoteJmx(settings, production);
        Registry registry = context.getRegistry();
        context.addService(httpServer(settings), true, true);

        DatabaseUrl dbUrl = DatabaseUrl.parse(settings.required("payroute.database.url"),
                settings.optional("payroute.database.user"), settings.optional("payroute.database.password"));
        LOG.info("PostgreSQL at {} as {}", dbUrl.jdbcUrl(), dbUrl.user());
        HikariDataSource dataSource = DatabaseBootstrap.open(dbUrl, new DatabaseBootstrap.Limits(
                settings.integer("payroute.database.pool-size"),
                settings.integer("payroute.database.connect-timeout-seconds"),
                settings.integer("payroute.database.login-timeout-seconds"),
                settings.integer("payroute.database.socket-timeout-seconds"),
                settings.integer("payroute.database.connection-timeout-ms"),
                settings.integer("payroute.database.validation-timeout-ms"),
                settings.integer("payroute.database.keepalive-time-ms"),
                settings.integer("payroute.database.max-lifetime-ms")));
        onStop(context, "database pool", dataSource::close);
        registry.bind("dataSource", dataSource);
        Database db = new Database(dataSource);

        StripeSettings stripe = StripeSettings.resolve(production, settings.optional("payroute.stripe.secret-key"),
                settings.optional("payroute.stripe.publishable-key"), settings.optional("payroute.stripe.webhook-secrets"),
                settings.optional("payroute.stripe.api-base"));
        String apiBase = stripe.apiBase();
        if (stripe.mode() == StripeSettings.Mode.OFFLINE && apiBase == null) {
            OfflineStripe.Started standIn = OfflineStripe.find().start(settings.integer("payroute.standin.port"),
                    settings.optional("payroute.standin.webhook-target"), stripe.webhookSecrets().get(0));
            onStop(context, "Stripe stand-in", standIn.stop());
            registry.bind("stripeStandIn", standIn.server());
            apiBase = standIn.apiBase();
            LOG.warn("no STRIPE_SECRET_KEY: running OFFLINE against the built-in Stripe stand-in at {}", apiBase);
        } else {
            LOG.info("Stripe in {} mode{}", stripe.mode(), apiBase == null ? "" : " at " + apiBase);
        }
        registry.bind("stripeSettings", stripe);
        // Every Stripe call is timed per operation and outcome in the registry /metrics serves.
        io.micrometer.core.instrument.MeterRegistry meters = PrometheusMetrics.registry(context);
        // The pool's meters (hikaricp_connections_*: active, idle, pending, timeouts, acquire time).
        dataSource.setMetricRegistry(meters);
        PaymentGateway gateway = new MeteredPaymentGateway(new StripePaymentGateway(stripe.secretKey(), apiBase,
                settings.integer("payroute.stripe.connect-timeout-ms"),
                settings.integer("payroute.stripe.read-timeout-ms")), meters);

        DataCipher cipher = dataCipher(settings, production);
        ApiKeys apiKeys = apiKeys(settings, production);

        IdempotencyStore idempotencyStore = new IdempotencyStore(db, cipher,
                settings.integer("payroute.idempotency.lease-seconds"),
                settings.integer("payroute.idempotency.retention-hours"));
        IdempotencyGate idempotencyGate = new IdempotencyGate(idempotencyStore, meters);

        registry.bind("idempotencyStore", idempotencyStore);
        registry.bind("idempotencyGate", idempotencyGate);
        registry.bind("problemResponder", new ProblemResponder(idempotencyGate));
        registry.bind("stripeRejections", new StripeRejections());
        registry.bind("paymentsScope", new ScopePolicy(apiKeys, ApiKeys.Scope.PAYMENTS));
        registry.bind("adminScope", new ScopePolicy(apiKeys, ApiKeys.Scope.ADMIN));
        registry.bind("metricsScope", new ScopePolicy(apiKeys, ApiKeys.Scope.ADMIN, settings.optional("payroute.metrics.token")));
        registry.bind("httpParameters", new HttpParameters());
        registry.bind("correlationIds", new CorrelationIds());
        registry.bind("jsonRequests", new JsonRequests());
        HttpReplies replies = new HttpReplies(idempotencyGate);
        registry.bind("httpReplies", replies);
        registry.bind("paging", new Paging());
        OutboxWriter outbox = new OutboxWriter(db);
        registry.bind("outboxWriter", outbox);
        // Billing records are written by the payment and invoice stores, in the transactions they record.
        BillingRecords billing = new BillingRecords(db);
        registry.bind("billingRecords", billing);
        InvoiceStore invoiceStore = new InvoiceStore(db, billing, java.time.Clock.systemUTC());
        registry.bind("invoiceOperations", new InvoiceOperations(invoiceStore));
        registry.bind("invoicePage", new InvoicePage());
        OrderStore orderStore = new OrderStore(db, outbox);
        // A capture marks the payment's invoices paid and turns a storefront cart into its order; a refund marks the order.
        PaymentStore paymentStore = new PaymentStore(db, outbox, billing, PaymentStore.CaptureFollower.all(invoiceStore, orderStore));
        int operationLease = settings.integer("payroute.payments.operation-lease-seconds");
        registry.bind("storefrontOperations", new StorefrontOperations(gateway, paymentStore, orderStore, db,
                settings.required("payroute.storefront.success-url"), settings.required("payroute.storefront.cancel-url")));
        registry.bind("orderViews", new OrderViews());
        registry.bind("creditLedger", new CreditLedger(db, orderStore, outbox, billing));
        registry.bind("audiobookCompat", new AudiobookCompat(paymentStore, orderStore, gateway));
        registry.bind("paymentOperations", new PaymentOperations(gateway, paymentStore, db, operationLease));
        RefundStore refundStore = new RefundStore(db, paymentStore, outbox, billing, settings.integer("payroute.refunds.lease-seconds"),
                settings.integer("payroute.refunds.retry-base-seconds"), settings.integer("payroute.refunds.retry-max-seconds"));
        registry.bind("refundStore", refundStore);
        registry.bind("refundOperations", new RefundOperations(gateway, paymentStore, refundStore));
        registry.bind("refundViews", new RefundViews(paymentStore, refundStore));
        registry.bind("reconciler", new Reconciler(gateway, paymentStore, meters));
        registry.bind("escrowOperations", new EscrowOperations(gateway, paymentStore, refundStore, db,
                settings.integer("payroute.escrow.hold-days"), settings.integer("payroute.escrow.platform-fee-bps"),
                operationLease));
        registry.bind("escrowSweeper", new EscrowSweeper(paymentStore, db, settings.integer("payroute.escrow.retry-base-seconds")));
        registry.bind("payeeRegistry", new PayeeRegistry(db, gateway));
        UserHistory userHistory = new UserHistory(db);
        registry.bind("userHistory", userHistory);
        registry.bind("campusGViews", new CampusGViews(userHistory, replies));
        registry.bind("escrowViews", new EscrowViews(replies));
        bindKafkaCommands(context, settings, registry, db, cipher);
        bindWebhooks(settings, registry, db, cipher, stripe, gateway, paymentStore, refundStore);
        String archive = settings.optional("payroute.verifications.archive-dir");
        registry.bind("verificationRecords", new VerificationRecords(db, replies));
        registry.bind("adminPages", new dev.payroute.admin.AdminPages(db, new dev.payroute.admin.AdminRoutesView(context)));
        registry.bind("verificationArchive", new VerificationArchive(db, archive == null ? null : java.nio.file.Path.of(archive), replies));
        // Outbox relay to Kafka and RabbitMQ; readiness also checks the brokers and shows the backlog.
        MessagingConfiguration.Bound messaging = MessagingConfiguration.bind(context, settings, db, production);
        BookingsConfiguration.bind(registry, settings, db, cipher, gateway, paymentStore, messaging.rabbitUrl());
        PayrouteHealthChecks.register(context, db, messaging.brokers(), messaging.outboxStatus(),
                settings.optional("payroute.kafka.bootstrap-servers") != null ? "payment-commands" : null,
                java.time.Duration.ofMillis(settings.integer("payroute.database.health-timeout-ms")));
        RouteFailures routeFailures = new RouteFailures();
        context.getManagementStrategy().addEventNotifier(routeFailures);
        registry.bind("routeControl", new RouteControl(context, routeFailures));
        registry.bind("healthEndpoints", new HealthEndpoints(context, settings.optional("payroute.environment"), stripe));
        KafkaLag kafkaLag = null;
        if (settings.bool("payroute.kafka.enabled")) {
            kafkaLag = new KafkaLag(settings.required("payroute.kafka.bootstrap-servers"), settings.required("payroute.kafka.commands-group"),
                    settings.required("payroute.kafka.commands-topic"), settings.required("payroute.kafka.commands-dlt-topic"));
            onStop(context, "Kafka lag reader", kafkaLag::close);
        }
        registry.bind("prometheusMetrics", PrometheusMetrics.bind(context, db, messaging.outboxStatus(),
                registry.lookupByNameAndType("webhookStats", WebhookStats.class), kafkaLag,
                java.time.Duration.ofMillis(settings.integer("payroute.metrics.database-timeout-ms")),
                java.time.Duration.ofMillis(settings.integer("payroute.metrics.kafka-timeout-ms"))));
    }

    private static void bindWebhooks(Settings settings, Registry registry, Database db,
                                     DataCipher cipher, StripeSettings stripe, PaymentGateway gateway,
                                     PaymentStore paymentStore, RefundStore refundStore) {
        boolean allowUnsigned = "true".equalsIgnoreCase(settings.optional("payroute.webhooks.allow-unsigned"));
        if (allowUnsigned && stripe.mode() == StripeSettings.Mode.LIVE) {
            throw new IllegalStateException("payroute.webhooks.allow-unsigned must not be set with a live Stripe key");
        }
        if (allowUnsigned) {
            LOG.warn("payroute.webhooks.allow-unsigned=true: webhooks sent with X-Development-Testing: true skip signature checks");
        }
        WebhookSignatureVerifier verifier = new WebhookSignatureVerifier(stripe.webhookSecrets(),
                settings.integer("payroute.webhooks.tolerance-seconds"));
        WebhookStats stats = new WebhookStats();
        registry.bind("webhookStats", stats);
        int lease = settings.integer("payroute.webhooks.lease-seconds");
        WebhookEventStore events = new WebhookEventStore(db, cipher, lease);
        registry.bind("webhookIngress", new WebhookIngress(verifier, events, stats, allowUnsigned,
                stripe.mode() == StripeSettings.Mode.LIVE, registry.lookupByNameAndType("httpReplies", HttpReplies.class)));
        registry.bind("webhookEventStore", events);
        registry.bind("webhookHandlers", new WebhookHandlers(events, paymentStore, refundStore, gateway, db, stats));
        registry.bind("deadLetters", new DeadLetters(db, events, stats, lease));
        registry.bind("webhookDebug", new WebhookDebug(verifier, stats, stripe, allowUnsigned,
                settings.optional("payroute.webhooks.public-url")));
    }

    private void bindKafkaCommands(CamelContext context, Settings settings, Registry registry, Database db, DataCipher cipher) {
        // payroute.kafka.enabled (MessagingConfiguration) decides whether the Kafka routes start.
        if (settings.bool("payroute.kafka.enabled")) {
            CommandTopic.ensure(settings.required("payroute.kafka.bootstrap-servers"), settings.required("payroute.kafka.commands-topic"),
                    settings.integer("payroute.kafka.commands.partitions"), settings.integer("payroute.kafka.commands.consumers"),
                    settings.integer("payroute.kafka.request-timeout-ms"));
        }
        registry.bind("commandIngress", new CommandIngress());
        registry.bind("commandDeadLetters", new CommandDeadLetters(new BrokerDeadLetters(db, cipher, CommandDeadLetters.SOURCE),
                settings.bool("payroute.kafka.enabled")));
        registry.bind("commandDltReplayer", new CommandDltReplayer(settings.optional("payroute.kafka.bootstrap-servers"),
                settings.required("payroute.kafka.commands-topic"), settings.required("payroute.kafka.commands-dlt-topic")));
        EscrowOperations escrow = registry.lookupByNameAndType("escrowOperations", EscrowOperations.class);
        registry.bind("commandPublisher", new CommandPublisher(escrow, registry.lookupByNameAndType("httpReplies", HttpReplies.class),
                settings.bool("payroute.kafka.enabled")));
        CommandLog commandLog = new CommandLog(db);
        registry.bind("commandLog", commandLog);
        registry.bind("commandOutcomes", new CommandOutcomes(registry.lookupByNameAndType("outboxWriter", OutboxWriter.class), escrow,
                commandLog));
    }

    /** Remote JMX: off unless PAYROUTE_JMX_PORT is set; then authenticated (and over TLS in production) or refused. */
    private static void remoteJmx(Settings settings, boolean production) {
        java.util.Map<String, String> system = new java.util.HashMap<>();
        System.getProperties().stringPropertyNames().forEach(name -> system.put(name, System.getProperty(name)));
        RemoteJmx.Config asked = RemoteJmx.Config.of(settings.optional("payroute.jmx.remote.port"),
                settings.optional("payroute.jmx.remote.hostname"), settings.optional("payroute.jmx.remote.password-file"),
                settings.optional("payroute.jmx.remote.access-file"), settings.optional("payroute.jmx.remote.ssl-config-file"));
        RemoteJmx.jvmOptions(asked, production);
        RemoteJmx.refuseUnsafeAgent(system, asked, production);
        if (asked.port() != null) {
            LOG.info("remote JMX on port {} with authentication{}", asked.port(), asked.sslConfigFile() != null ? " over TLS" : "");
        }
    }

    /** Started with the context, before the routes; it answers 503 until they have all started. */
    private static GatedPlatformHttpServer httpServer(Settings settings) {
        VertxPlatformHttpServerConfiguration http = new VertxPlatformHttpServerConfiguration();
        http.setBindHost(settings.required("camel.server.host"));
        http.setBindPort(settings.integer("camel.server.port"));
        http.setMaxBodySize((long) settings.integer("camel.server.max-body-size"));
        return new GatedPlatformHttpServer(http, settings.integer("payroute.http.max-inflight-requests"));
    }

    private static DataCipher dataCipher(Settings settings, boolean production) {
        String keys = settings.optional("payroute.data-keys");
        if (keys != null && !keys.isBlank()) {
            return DataCipher.parse(keys);
        }
        if (production) {
            throw new IllegalStateException("PAYROUTE_DATA_KEYS is required when ENVIRONMENT=production");
        }
        java.nio.file.Path file = java.nio.file.Path.of(settings.required("payroute.dev-data-key-file"));
        LOG.warn("PAYROUTE_DATA_KEYS is not set: using the development data key in {} (generated when missing);"
                + " production requires PAYROUTE_DATA_KEYS", file.toAbsolutePath());
        return DataCipher.parse(DevDataKey.readOrCreate(file));
    }

    private static ApiKeys apiKeys(Settings settings, boolean production) {
        String spec = settings.optional("payroute.api-keys");
        if (spec == null || spec.isBlank()) {
            if (production) {
                throw new IllegalStateException("PAYROUTE_API_KEYS is required when ENVIRONMENT=production");
            }
            LOG.warn("PAYROUTE_API_KEYS is not set: using the development keys from the README");
            spec = DEV_API_KEYS;
        }
        return ApiKeys.parse(spec);
    }

    private static void onStop(CamelContext context, String what, Runnable close) throws Exception {
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                LOG.info("closing {}", what);
                close.run();
            }
        }, true, true);
    }
}
