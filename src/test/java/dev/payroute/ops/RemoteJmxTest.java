package dev.payroute.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Remote JMX: off unless configured, never without authentication, never without TLS in production. */
class RemoteJmxTest {

    @TempDir
    Path dir;

    private Path file(String name, String content, String permissions) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    private RemoteJmx.Config config(String port, Path password, Path access, Path ssl) {
        return RemoteJmx.Config.of(port, null, password == null ? null : password.toString(),
                access == null ? null : access.toString(), ssl == null ? null : ssl.toString());
    }

    @Test
    void remote_jmx_is_off_unless_a_port_is_set() {
        assertEquals(List.of(), RemoteJmx.jvmOptions(config(null, null, null, null), true));
    }

    @Test
    void a_port_without_password_and_access_files_is_refused() throws IOException {
        Path access = file("access", "ops readonly\n", "rw-------");
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> RemoteJmx.jvmOptions(config("9010", null, access, null), false));
        assertTrue(refused.getMessage().contains("requires authentication"), refused.getMessage());
        assertThrows(IllegalStateException.class, () -> RemoteJmx.jvmOptions(config("9010", null, null, null), false));
        assertThrows(IllegalStateException.class, () -> RemoteJmx.Config.of("jmx", null, null, null, null));
        assertThrows(IllegalStateException.class, () -> RemoteJmx.Config.of("70000", null, null, null, null));
    }

    @Test
    void files_without_a_port_are_refused_rather_than_ignored() throws IOException {
        Path password = file("password", "ops s3cret\n", "rw-------");
        assertThrows(IllegalStateException.class, () -> RemoteJmx.jvmOptions(config(null, password, null, null), false));
    }

    @Test
    void a_password_file_others_can_read_is_refused_by_name() throws IOException {
        Path password = file("password", "ops s3cret\n", "rw-r--r--");
        Path access = file("access", "ops readonly\n", "rw-r--r--");
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> RemoteJmx.jvmOptions(config("9010", password, access, null), false));
        assertTrue(refused.getMessage().contains("chmod 600 " + password), refused.getMessage());
    }

    @Test
    void production_requires_tls_and_gets_it_for_the_registry_too() throws IOException {
        Path password = file("password", "ops s3cret\n", "rw-------");
        Path access = file("access", "ops readonly\n", "rw-r--r--");
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> RemoteJmx.jvmOptions(config("9010", password, access, null), true));
        assertTrue(refused.getMessage().contains("requires TLS"), refused.getMessage());
        Path ssl = file("ssl.properties", "javax.net.ssl.keyStore=/k\njavax.net.ssl.keyStorePassword=p\n", "rw-------");
        List<String> args = RemoteJmx.jvmOptions(config("9010", password, access, ssl), true);
        String agent = "-Dcom.sun.management.jmxremote.";
        assertTrue(args.containsAll(List.of(agent + "port=9010", agent + "authenticate=true", agent + "ssl=true",
                agent + "registry.ssl=true", agent + "ssl.config.file=" + ssl.toAbsolutePath(),
                agent + "password.file=" + password.toAbsolutePath())), args.toString());
        assertTrue(args.stream().noneMatch(arg -> arg.contains("s3cret") || arg.contains("keyStorePassword")), args.toString());
    }

    @Test
    void an_agent_started_by_jvm_options_without_authentication_or_without_tls_in_production_is_refused() {
        RemoteJmx.Config off = config(null, null, null, null);
        assertThrows(IllegalStateException.class, () -> RemoteJmx.refuseUnsafeAgent(Map.of(
                "com.sun.management.jmxremote.port", "9010", "com.sun.management.jmxremote.authenticate", "false"), off, false));
        assertThrows(IllegalStateException.class, () -> RemoteJmx.refuseUnsafeAgent(Map.of(
                "com.sun.management.jmxremote.port", "9010", "com.sun.management.jmxremote.ssl", "false"), off, true));
        RemoteJmx.refuseUnsafeAgent(Map.of("com.sun.management.jmxremote.port", "9010",
                "com.sun.management.jmxremote.ssl", "false"), off, false);
        RemoteJmx.refuseUnsafeAgent(Map.of("com.sun.management.jmxremote.authenticate", "false"), off, true);
    }

    @Test
    void remote_jmx_asked_for_in_a_jvm_started_without_its_options_is_refused() throws IOException {
        Path password = file("password", "ops s3cret\n", "rw-------");
        Path access = file("access", "ops readonly\n", "rw-------");
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> RemoteJmx.refuseUnsafeAgent(Map.of(), config("9010", password, access, null), false));
        assertTrue(refused.getMessage().contains("bin/run"), refused.getMessage());
    }

    /** A JVM that does nothing until its standard input closes: the agent's options are the test. */
    public static final class Idle {
        public static void main(String[] args) throws IOException {
            System.out.println("idle");
            System.out.flush();
            System.in.read();
        }
    }

    @Test
    void a_jvm_started_with_the_options_lets_in_a_known_user_only() throws Exception {
        Path password = file("password", "ops s3cret\n", "rw-------");
        Path access = file("access", "ops readonly\n", "rw-------");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", "-XX:+UseSerialGC"));
        command.addAll(RemoteJmx.jvmOptions(RemoteJmx.Config.of(String.valueOf(port), "127.0.0.1", password.toString(),
                access.toString(), null), false));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Idle.class.getName()));
        Process jvm = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            assertEquals("idle", new java.io.BufferedReader(new java.io.InputStreamReader(jvm.getInputStream())).readLine());
            JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
            try (JMXConnector connector = JMXConnectorFactory.connect(url,
                    Map.of(JMXConnector.CREDENTIALS, new String[] {"ops", "s3cret"}))) {
                MBeanServerConnection server = connector.getMBeanServerConnection();
                assertTrue((Integer) server.getAttribute(new ObjectName("java.lang:type=Threading"), "ThreadCount") > 0);
            }
            assertThrows(SecurityException.class, () -> JMXConnectorFactory.connect(url,
                    Map.of(JMXConnector.CREDENTIALS, new String[] {"ops", "wrong"})).close());
            assertThrows(SecurityException.class, () -> JMXConnectorFactory.connect(url).close());
        } finally {
            jvm.destroy();
            jvm.waitFor();
        }
    }

    /** bin/service (the image's entry point) with a jar holding RemoteJmx only: it refuses before starting payroute. */
    @Test
    @org.junit.jupiter.api.Tag("integration")
    void the_service_launcher_refuses_remote_jmx_without_credentials_with_status_2() throws Exception {
        Path home = dir.resolve("home");
        Files.createDirectories(home);
        try (java.util.jar.JarOutputStream jar = new java.util.jar.JarOutputStream(Files.newOutputStream(home.resolve("payroute.jar")));
             java.util.stream.Stream<Path> classes = Files.list(Path.of("target/classes/dev/payroute/ops"))) {
            for (Path clazz : classes.filter(c -> c.getFileName().toString().startsWith("RemoteJmx")).toList()) {
                jar.putNextEntry(new java.util.jar.JarEntry("dev/payroute/ops/" + clazz.getFileName()));
                jar.write(Files.readAllBytes(clazz));
                jar.closeEntry();
            }
        }
        ProcessBuilder launcher = new ProcessBuilder("bin/service").redirectErrorStream(true);
        launcher.environment().put("PAYROUTE_HOME", home.toString());
        launcher.environment().put("PAYROUTE_JMX_PORT", "9010");
        Process process = launcher.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(2, process.waitFor(), output);
        assertTrue(output.contains("payroute: remote JMX (PAYROUTE_JMX_PORT) requires authentication"), output);
        assertTrue(!output.contains("PayrouteApplication"), output);
    }
}
