package dev.payroute.security;

import dev.payroute.support.ServiceProcess;
import dev.payroute.support.StripeEvents;
import dev.payroute.support.TestRun;
import dev.payroute.stripe.standin.StripeStandIn;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * payroute started as its own process, in production mode, with a known value for every secret it
 * takes; its whole log, from JVM start to stop, must contain none of them. The Stripe key is a
 * test key aimed at a stand-in in this JVM, so nothing goes to the internet; the RabbitMQ URL carries
 * a password the broker refuses, so its failure paths are logged too.
 */
@org.junit.jupiter.api.Tag("integration")
class SecretsNotLoggedTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    @Test
    void no_secret_appears_in_the_log_of_a_production_run() throws Exception {
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("STRIPE_SECRET_KEY", "sk_test_" + random(24));
        secrets.put("STRIPE_WEBHOOK_SECRET", "whsec_" + random(16));
        secrets.put("payments API key", "payments-" + random(12));
        secrets.put("admin API key", "admin-" + random(12));
        byte[] dataKey = new byte[32];
        RANDOM.nextBytes(dataKey);
        secrets.put("PAYROUTE_DATA_KEYS key", Base64.getEncoder().encodeToString(dataKey));
        secrets.put("password in DATABASE_URL", "dbpw" + random(8));
        secrets.put("DATABASE_PASSWORD", "dbpw" + random(8));
        secrets.put("password in RABBITMQ_URL", "mqpw" + random(8));

        try (StripeStandIn stripe = StripeStandIn.start(new StripeStandIn.Options().port(0))) {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("ENVIRONMENT", "production");
            env.put("STRIPE_SECRET_KEY", secrets.get("STRIPE_SECRET_KEY"));
            env.put("STRIPE_API_BASE", stripe.baseUrl());
            env.put("STRIPE_WEBHOOK_SECRET", secrets.get("STRIPE_WEBHOOK_SECRET"));
            env.put("PAYROUTE_API_KEYS", secrets.get("payments API key") + ":payments," + secrets.get("admin API key") + ":admin");
            env.put("PAYROUTE_DATA_KEYS", "k1:" + secrets.get("PAYROUTE_DATA_KEYS key"));
            // Local PostgreSQL trusts the connection whatever the password.
            env.put("DATABASE_URL", "postgresql://postgres:" + secrets.get("password in DATABASE_URL") + "@127.0.0.1:5432/"
                    + TestRun.databaseName());
            env.put("DATABASE_PASSWORD", secrets.get("DATABASE_PASSWORD"));
            env.put("RABBITMQ_URL", "amqp://payroute-secrets-test:" + secrets.get("password in RABBITMQ_URL") + "@127.0.0.1:5672/");

            ServiceProcess service = ServiceProcess.start("secrets", env, Map.of());
            try {
                service.awaitReady(Duration.ofSeconds(90));
                exercise(service, secrets);
            } finally {
                service.close();
            }
            String log = Files.readString(service.log());
            assertTrue(log.contains("Property-placeholders summary"), "the log covers the start-up summary");
            assertTrue(log.contains("Stripe in TEST mode"), "the run was in test mode against the stand-in");
            List<String> leaked = secrets.entrySet().stream().filter(secret -> log.contains(secret.getValue()))
                    .map(Map.Entry::getKey).toList();
            assertEquals(List.of(), leaked, "secrets that appear in " + service.log());
        }
    }

    @Test
    void a_database_url_that_cannot_be_parsed_is_reported_without_its_password() throws Exception {
        String password = "dbpw" + random(8);
        ServiceProcess service = ServiceProcess.start("secrets-bad-url",
                Map.of("DATABASE_URL", "postgresql://postgres:" + password + "@127.0.0.1:5432/not a name"), Map.of());
        try {
            assertNotEquals(0, service.awaitExit(Duration.ofSeconds(60)));
        } finally {
            service.close();
        }
        String log = Files.readString(service.log());
        assertTrue(log.contains("DATABASE_URL"), "the failure names the setting: " + service.log());
        assertTrue(!log.contains(password), "the password appears in " + service.log());
    }

    private void exercise(ServiceProcess service, Map<String, String> secrets) throws Exception {
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/v1/payments"))
                .header("Authorization", "Bearer " + secrets.get("payments API key")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":1234,\"currency\":\"usd\",\"order_id\":\"secrets-1\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        HttpResponse<String> debug = http.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/v1/webhooks/debug"))
                .header("Authorization", "Bearer " + secrets.get("admin API key")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, debug.statusCode(), debug.body());
        HttpResponse<String> wrongScope = http.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/v1/webhooks/debug"))
                .header("Authorization", "Bearer " + secrets.get("payments API key")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, wrongScope.statusCode(), wrongScope.body());
        String event = StripeEvents.event("payment_intent.processing", StripeEvents.paymentIntent("pi_unknown", "processing", 1234));
        HttpResponse<String> webhook = http.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/v1/webhooks/stripe"))
                .header("Content-Type", "application/json")
                .header("Stripe-Signature", StripeEvents.sign(event, secrets.get("STRIPE_WEBHOOK_SECRET")))
                .POST(HttpRequest.BodyPublishers.ofString(event)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, webhook.statusCode(), webhook.body());
        HttpResponse<String> badSignature = http.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/v1/webhooks/stripe"))
                .header("Content-Type", "application/json").header("Stripe-Signature", StripeEvents.sign(event, "whsec_wrong"))
                .POST(HttpRequest.BodyPublishers.ofString(event)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, badSignature.statusCode(), badSignature.body());
    }
}
