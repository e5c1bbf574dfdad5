package dev.payroute.support;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * target/payroute-standin.jar started the way a user starts it, {@code java -jar} in a JVM of its own,
 * for the tests that run after packaging (failsafe, in {@code mvn verify}). Its output goes to
 * target/standin-processes/&lt;name&gt;.log; the start returns once it printed the address it listens on.
 */
public final class StandInJarProcess implements AutoCloseable {

    public static final Path JAR = Path.of("target/payroute-standin.jar");
    private static final Pattern LISTENING = Pattern.compile("Stripe stand-in listening on (http://[^ ,]+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path log;
    private final CompletableFuture<String> baseUrl;
    private final CompletableFuture<Void> outputEnded;

    private StandInJarProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.baseUrl = new CompletableFuture<>();
        this.outputEnded = CompletableFuture.runAsync(this::copyOutput);
    }

    /** Starts the jar with these arguments and, of the STRIPE_* variables, only those in env. */
    public static StandInJarProcess start(String name, List<String> args, Map<String, String> env) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: this test runs after packaging"
                    + " (mvn verify, as ./bin/test does)");
        }
        Path log = Files.createDirectories(Path.of("target/standin-processes")).resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:+UseSerialGC", "-jar", JAR.toAbsolutePath().toString()));
        command.addAll(args);
        // Beside its output, for the log scan (LogScanIT): a secret may be in neither.
        Files.writeString(log.resolveSibling(log.getFileName() + ".cmdline"), String.join(" ", command) + "\n");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(variable -> variable.startsWith("STRIPE_"));
        builder.environment().putAll(env);
        return new StandInJarProcess(builder.start(), log);
    }

    /** The address it printed, once it listens. */
    public String awaitListening() throws IOException, InterruptedException {
        try {
            return baseUrl.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the stand-in did not start: " + e.getMessage() + "\n" + output(), e);
        }
    }

    /** Waits for the process to end by itself (bad options); returns its exit status. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the stand-in still runs after " + timeout + "; see " + log);
        }
        return process.exitValue();
    }

    /** Everything it printed so far (complete once it has exited). */
    public String output() throws IOException, InterruptedException {
        if (!process.isAlive()) {
            try {
                outputEnded.get(5, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // what was copied so far is all there is
            }
        }
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM, as Ctrl-C or a container stop would send; SIGKILL if it does not end in 10 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    private void copyOutput() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             BufferedWriter copy = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            String line;
            while ((line = out.readLine()) != null) {
                copy.write(line);
                copy.newLine();
                copy.flush();
                Matcher listening = LISTENING.matcher(line);
                if (listening.find()) {
                    baseUrl.complete(listening.group(1));
                }
            }
        } catch (IOException e) {
            baseUrl.completeExceptionally(e);
        }
        baseUrl.completeExceptionally(new IllegalStateException("it ended its output without listening"));
    }
}
