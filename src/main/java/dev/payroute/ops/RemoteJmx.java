package dev.payroute.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Remote JMX: off unless a port is configured (PAYROUTE_JMX_PORT); then it always requires a user and password
 * (the JDK agent's password and access files) and, with ENVIRONMENT=production, TLS (an SSL configuration file
 * naming the keystore and its password, so that no secret is on the command line). The JDK starts its remote agent
 * from JVM options only, so the launchers (bin/run, bin/service, the image's entry point) run {@link #main} first:
 * it prints the options for the environment's settings, or refuses with a reason and status 2. At start-up
 * payroute checks the JVM it runs in ({@link #refuseUnsafeAgent}): an agent without authentication (or without TLS
 * in production), given with -Dcom.sun.management.jmxremote.* options by hand, or PAYROUTE_JMX_PORT without the
 * agent, is refused.
 */
public final class RemoteJmx {

    /** What the settings ask for; a null port means remote JMX is off. */
    public record Config(Integer port, String hostname, Path passwordFile, Path accessFile, Path sslConfigFile) {

        public static Config of(String port, String hostname, String passwordFile, String accessFile, String sslConfigFile) {
            Integer number = null;
            if (port != null) {
                try {
                    number = Integer.valueOf(port);
                } catch (NumberFormatException e) {
                    throw new IllegalStateException("PAYROUTE_JMX_PORT must be a port number, not '" + port + "'");
                }
                if (number < 1 || number > 65535) {
                    throw new IllegalStateException("PAYROUTE_JMX_PORT must be between 1 and 65535");
                }
            }
            return new Config(number, hostname, path(passwordFile), path(accessFile), path(sslConfigFile));
        }

        private static Path path(String value) {
            return value == null ? null : Path.of(value);
        }
    }

    private static final String AGENT = "-Dcom.sun.management.jmxremote.";

    private RemoteJmx() {
    }

    /** Prints the JVM options for the environment's settings on one line; a refusal goes to stderr, status 2. */
    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        try {
            Config config = Config.of(blankIsNull(env.get("PAYROUTE_JMX_PORT")), blankIsNull(env.get("PAYROUTE_JMX_HOSTNAME")),
                    blankIsNull(env.get("PAYROUTE_JMX_PASSWORD_FILE")), blankIsNull(env.get("PAYROUTE_JMX_ACCESS_FILE")),
                    blankIsNull(env.get("PAYROUTE_JMX_SSL_CONFIG_FILE")));
            System.out.println(String.join(" ", jvmOptions(config, "production".equalsIgnoreCase(env.get("ENVIRONMENT")))));
        } catch (IllegalStateException refused) {
            System.err.println("payroute: " + refused.getMessage());
            System.exit(2);
        }
    }

    private static String blankIsNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /**
     * The JVM options for the configuration (none when remote JMX is off), or a refusal that says what is missing.
     * Paths must not contain spaces (the launchers split the options on them).
     */
    public static List<String> jvmOptions(Config config, boolean production) {
        if (config.port() == null) {
            if (config.passwordFile() != null || config.accessFile() != null || config.sslConfigFile() != null) {
                throw new IllegalStateException("PAYROUTE_JMX_PASSWORD_FILE, PAYROUTE_JMX_ACCESS_FILE or"
                        + " PAYROUTE_JMX_SSL_CONFIG_FILE is set without PAYROUTE_JMX_PORT: remote JMX stays off");
            }
            return List.of();
        }
        if (config.passwordFile() == null || config.accessFile() == null) {
            throw new IllegalStateException("remote JMX (PAYROUTE_JMX_PORT) requires authentication: set"
                    + " PAYROUTE_JMX_PASSWORD_FILE and PAYROUTE_JMX_ACCESS_FILE");
        }
        if (production && config.sslConfigFile() == null) {
            throw new IllegalStateException("remote JMX with ENVIRONMENT=production requires TLS: set"
                    + " PAYROUTE_JMX_SSL_CONFIG_FILE (a properties file with javax.net.ssl.keyStore and keyStorePassword)");
        }
        readable(config.accessFile(), "PAYROUTE_JMX_ACCESS_FILE");
        ownerOnly(readable(config.passwordFile(), "PAYROUTE_JMX_PASSWORD_FILE"));
        List<String> options = new ArrayList<>();
        options.add(AGENT + "port=" + config.port());
        options.add(AGENT + "rmi.port=" + config.port());
        options.add(AGENT + "authenticate=true");
        options.add(AGENT + "password.file=" + config.passwordFile().toAbsolutePath());
        options.add(AGENT + "access.file=" + config.accessFile().toAbsolutePath());
        if (config.sslConfigFile() != null) {
            ownerOnly(readable(config.sslConfigFile(), "PAYROUTE_JMX_SSL_CONFIG_FILE"));
            options.add(AGENT + "ssl=true");
            options.add(AGENT + "registry.ssl=true");
            options.add(AGENT + "ssl.config.file=" + config.sslConfigFile().toAbsolutePath());
        } else {
            options.add(AGENT + "ssl=false");
            options.add(AGENT + "registry.ssl=false");
        }
        if (config.hostname() != null) {
            // The address the RMI stubs hand to clients (a name they can reach, behind NAT or in a container).
            options.add("-Djava.rmi.server.hostname=" + config.hostname());
        }
        for (String option : options) {
            if (option.contains(" ")) {
                throw new IllegalStateException("remote JMX file paths must not contain spaces: " + option);
            }
        }
        return options;
    }

    /**
     * Refuses to run in a JVM whose remote agent (-Dcom.sun.management.jmxremote.port) does not authenticate, or
     * does not use TLS in production (the JDK's own defaults are authenticate=true, ssl=true), and refuses remote
     * JMX asked for (PAYROUTE_JMX_PORT) when the JVM was not started with its options.
     */
    public static void refuseUnsafeAgent(Map<String, String> systemProperties, Config asked, boolean production) {
        String port = systemProperties.get(AGENT.substring(2) + "port");
        if (asked.port() != null && !String.valueOf(asked.port()).equals(port)) {
            throw new IllegalStateException("PAYROUTE_JMX_PORT is set but this JVM was not started with the remote JMX"
                    + " options: start payroute with bin/run or bin/service, which pass them");
        }
        if (port == null) {
            return;
        }
        if ("false".equalsIgnoreCase(systemProperties.get(AGENT.substring(2) + "authenticate"))) {
            throw new IllegalStateException("remote JMX is on (-Dcom.sun.management.jmxremote.port) without"
                    + " authentication: payroute does not run that way; use PAYROUTE_JMX_PORT with a password file");
        }
        if (production && "false".equalsIgnoreCase(systemProperties.get(AGENT.substring(2) + "ssl"))) {
            throw new IllegalStateException("remote JMX is on without TLS (com.sun.management.jmxremote.ssl=false)"
                    + " while ENVIRONMENT=production");
        }
    }

    private static Path readable(Path file, String setting) {
        if (!Files.isReadable(file)) {
            throw new IllegalStateException(setting + " " + file + " is not a readable file");
        }
        return file;
    }

    /** The JDK agent refuses a password file others can read; say so before it does, by name. */
    private static void ownerOnly(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            for (PosixFilePermission open : List.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                    PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE)) {
                if (permissions.contains(open)) {
                    throw new IllegalStateException(file + " must be readable by its owner only (chmod 600 " + file + ")");
                }
            }
        } catch (UnsupportedOperationException notPosix) {
            // Not a POSIX file system: the agent applies its own check.
        } catch (java.io.IOException e) {
            throw new IllegalStateException(file + " cannot be read: " + e.getMessage(), e);
        }
    }
}
