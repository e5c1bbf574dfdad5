package dev.payroute.ops;

import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** No Docker engine runs here, so the compose file is checked by reading it. */
class DockerComposeTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> services() throws IOException {
        Object doc = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(Path.of("docker-compose.yml")));
        return (Map<String, Object>) ((Map<String, Object>) doc).get("services");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @Test
    void brings_up_postgres_kafka_rabbitmq_and_payroute_with_pinned_images() throws IOException {
        Map<String, Object> services = services();
        for (String name : List.of("postgres", "kafka", "rabbitmq", "stripe-standin", "payroute")) {
            Map<String, Object> service = map(services.get(name));
            assertNotNull(service, name);
            String image = (String) service.get("image");
            assertNotNull(image, name + " has an image");
            assertTrue(image.matches("[a-z0-9./_-]+:[0-9][A-Za-z0-9._-]*"), name + " pins a version tag: " + image);
            assertFalse(image.endsWith(":latest"), image);
            assertNotNull(service.get("healthcheck"), name + " has a healthcheck");
        }
        Map<String, Object> kafkaEnv = map(map(services.get("kafka")).get("environment"));
        assertTrue(((String) kafkaEnv.get("KAFKA_PROCESS_ROLES")).contains("controller"), "Kafka runs in KRaft mode");
    }

    @Test
    void payroute_uses_the_credentials_the_other_services_are_given() throws IOException {
        Map<String, Object> services = services();
        Map<String, Object> env = map(map(services.get("payroute")).get("environment"));
        Map<String, Object> pg = map(map(services.get("postgres")).get("environment"));
        Map<String, Object> rabbit = map(map(services.get("rabbitmq")).get("environment"));
        assertEquals("postgresql://" + pg.get("POSTGRES_USER") + ":" + pg.get("POSTGRES_PASSWORD") + "@postgres:5432/"
                + pg.get("POSTGRES_DB"), env.get("DATABASE_URL"));
        assertEquals("amqp://" + rabbit.get("RABBITMQ_DEFAULT_USER") + ":" + rabbit.get("RABBITMQ_DEFAULT_PASS")
                + "@rabbitmq:5672/", env.get("RABBITMQ_URL"));
        assertEquals("kafka:9092", env.get("KAFKA_BOOTSTRAP_SERVERS"));
        Map<String, Object> dependsOn = map(map(services.get("payroute")).get("depends_on"));
        assertEquals(3, dependsOn.size());
        dependsOn.values().forEach(v -> assertEquals("service_healthy", map(v).get("condition")));
    }

    @Test
    void payroute_and_the_stripe_stand_in_reach_each_other_and_share_the_webhook_secret() throws IOException {
        Map<String, Object> services = services();
        Map<String, Object> payroute = map(services.get("payroute"));
        Map<String, Object> standIn = map(services.get("stripe-standin"));
        Map<String, Object> env = map(payroute.get("environment"));
        Map<String, Object> standInEnv = map(standIn.get("environment"));
        assertEquals("standin", map(standIn.get("build")).get("target"), "the stand-in's own image, not payroute's");
        assertEquals("${STRIPE_API_BASE:-http://stripe-standin:" + standInEnv.get("STRIPE_STANDIN_PORT") + "}",
                env.get("STRIPE_API_BASE"));
        assertEquals("http://payroute:" + env.get("PORT") + "/api/v1/webhooks/stripe", standInEnv.get("STRIPE_STANDIN_WEBHOOK_URL"));
        assertEquals(env.get("STRIPE_WEBHOOK_SECRET"), standInEnv.get("STRIPE_WEBHOOK_SECRET"));
        assertTrue(((String) env.get("STRIPE_WEBHOOK_SECRET")).matches("\\$\\{STRIPE_WEBHOOK_SECRET:-whsec_\\w+}"),
                "offline, both default to the same whsec_ secret: " + env.get("STRIPE_WEBHOOK_SECRET"));
    }

    @Test
    void application_properties_defaults_match_compose_names() throws IOException {
        String props = Files.readString(Path.of("application.properties"));
        for (String env : List.of("ENVIRONMENT", "PORT", "DATABASE_URL", "KAFKA_BOOTSTRAP_SERVERS", "RABBITMQ_URL",
                "STRIPE_SECRET_KEY", "STRIPE_PUBLISHABLE_KEY", "STRIPE_WEBHOOK_SECRET", "PAYROUTE_API_KEYS")) {
            assertTrue(props.contains("{{env:" + env + ":"), env + " is read by application.properties");
        }
    }

    @Test
    void every_service_restarts_and_only_payroute_and_kafkas_host_listener_are_published() throws IOException {
        Map<String, Object> services = services();
        for (Map.Entry<String, Object> entry : services.entrySet()) {
            Map<String, Object> service = map(entry.getValue());
            assertEquals("unless-stopped", service.get("restart"), entry.getKey() + " restarts");
            if (!List.of("payroute", "kafka").contains(entry.getKey())) {
                assertEquals(null, service.get("ports"), entry.getKey() + " publishes no host port");
            }
        }
        assertEquals(List.of("${PAYROUTE_HOST_PORT:-8080}:8080"), map(services.get("payroute")).get("ports"));
        assertEquals(List.of("${KAFKA_HOST_PORT:-19092}:19092"), map(services.get("kafka")).get("ports"));
        for (Map.Entry<String, Object> entry : services.entrySet()) {
            Object ports = map(entry.getValue()).get("ports");
            for (Object port : ports == null ? List.of() : (List<?>) ports) {
                String host = port.toString().replaceAll(":[0-9]+$", "");
                for (String local : List.of("5432", "5672", "15672", "12111", "9092")) {
                    assertFalse(host.equals(local) || host.endsWith(":-" + local + "}"), entry.getKey() + " takes host port " + local);
                }
            }
        }
    }

    @Test
    void kafka_is_the_version_local_runs_use_and_advertises_a_listener_host_clients_reach() throws IOException {
        String brokerPom = Files.readString(Path.of("src/dev/kafka-broker/pom.xml"));
        java.util.regex.Matcher version = java.util.regex.Pattern.compile("<kafka.version>([^<]+)</kafka.version>").matcher(brokerPom);
        assertTrue(version.find());
        Map<String, Object> kafka = map(services().get("kafka"));
        assertEquals("apache/kafka:" + version.group(1), kafka.get("image"));
        Map<String, Object> env = map(kafka.get("environment"));
        List<String> advertised = List.of(((String) env.get("KAFKA_ADVERTISED_LISTENERS")).split(","));
        assertTrue(advertised.contains("PLAINTEXT://kafka:9092"), "containers reach kafka:9092: " + advertised);
        assertTrue(advertised.contains("HOST://localhost:${KAFKA_HOST_PORT:-19092}"), "host clients reach the published port: " + advertised);
        assertTrue(((String) env.get("KAFKA_LISTENERS")).contains("HOST://0.0.0.0:19092"));
        assertTrue(((String) env.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP")).contains("HOST:PLAINTEXT"));
        assertEquals("PLAINTEXT", env.get("KAFKA_INTER_BROKER_LISTENER_NAME"));
    }

    @Test
    void payroute_keeps_its_development_data_key_in_a_volume_it_can_write() throws IOException {
        Map<String, Object> payroute = map(services().get("payroute"));
        String keyFile = (String) map(payroute.get("environment")).get("PAYROUTE_DEV_DATA_KEY_FILE");
        assertEquals("/app/data/dev-data-key", keyFile);
        assertEquals(List.of("payroute-data:/app/data"), payroute.get("volumes"));
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        assertTrue(dockerfile.contains("RUN mkdir -p /app/data && chown 10001:10001 /app/data"), "the image's user owns /app/data");
        assertTrue(dockerfile.contains("ENV PAYROUTE_DEV_DATA_KEY_FILE=/app/data/dev-data-key"));
    }
}
