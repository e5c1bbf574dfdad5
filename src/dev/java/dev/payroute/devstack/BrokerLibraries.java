package dev.payroute.devstack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The broker's jars in {@code devstack/kafka/target/lib}, built by Maven from
 * {@code devstack/kafka/pom.xml} the first time they are needed.
 */
final class BrokerLibraries {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerLibraries.class);

    static final String POM = "devstack/kafka/pom.xml";
    static final String LIB_DIR = "devstack/kafka/target/lib";

    private static final long BUILD_TIMEOUT_MINUTES = 15;
    // Only what Maven needs to find itself, Java and ~/.m2: the build gets none of the caller's secrets.
    private static final List<String> BUILD_ENVIRONMENT = List.of("PATH", "HOME", "USER", "LANG", "TMPDIR");
    private static final Object BUILD_LOCK = new Object();

    private BrokerLibraries() {
    }

    /** The directory holding the broker's jars, building it first when it is missing or incomplete. */
    static Path ensure(Path projectDir) throws IOException {
        Path pom = projectDir.resolve(POM);
        Path libDir = projectDir.resolve(LIB_DIR);
        if (complete(libDir)) {
            return libDir;
        }
        if (!Files.isRegularFile(pom)) {
            throw new IOException("no " + POM + " under " + projectDir.toAbsolutePath()
                    + ": point KafkaBroker.Options.projectDir at the payroute checkout");
        }
        // One build at a time: threads of this JVM through the monitor, other JVMs (parallel test runs) through the file lock.
        synchronized (BUILD_LOCK) {
            Path target = libDir.getParent();
            Files.createDirectories(target);
            try (FileChannel channel = FileChannel.open(target.resolve(".build.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                if (!complete(libDir)) {
                    build(projectDir, pom, target.resolve("build.log"));
                }
            }
        }
        if (!complete(libDir)) {
            throw new IOException("Maven built " + POM + " but " + libDir + " holds no kafka_2.13 jar");
        }
        return libDir;
    }

    // A copy cut short leaves some jars: the broker's own jar is the one that must be there.
    private static boolean complete(Path libDir) throws IOException {
        if (!Files.isDirectory(libDir)) {
            return false;
        }
        try (Stream<Path> jars = Files.list(libDir)) {
            return jars.anyMatch(jar -> jar.getFileName().toString().startsWith("kafka_2.13-"));
        }
    }

    private static void build(Path projectDir, Path pom, Path buildLog) throws IOException {
        LOG.info("Building the local Kafka broker's classpath (mvn -B -q -f {} package)", POM);
        ProcessBuilder builder = new ProcessBuilder("mvn", "-B", "-q", "-f", pom.toString(), "package")
                .directory(projectDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(buildLog.toFile());
        Map<String, String> env = builder.environment();
        Map<String, String> inherited = Map.copyOf(env);
        env.clear();
        for (String name : BUILD_ENVIRONMENT) {
            if (inherited.containsKey(name)) {
                env.put(name, inherited.get(name));
            }
        }
        env.put("JAVA_HOME", System.getProperty("java.home"));
        Process mvn;
        try {
            mvn = builder.start();
        } catch (IOException e) {
            throw new IOException("cannot run mvn to build " + POM + " (is Maven on the PATH?): " + e.getMessage(), e);
        }
        try {
            if (!mvn.waitFor(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                mvn.destroyForcibly();
                throw new IOException("mvn -f " + POM + " package did not finish in " + BUILD_TIMEOUT_MINUTES
                        + " minutes; output in " + buildLog);
            }
        } catch (InterruptedException e) {
            mvn.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while building " + POM);
        }
        if (mvn.exitValue() != 0) {
            throw new IOException("mvn -f " + POM + " package failed with exit code " + mvn.exitValue()
                    + "; last lines of " + buildLog + ":\n" + LogTail.read(buildLog, 30));
        }
    }
}
