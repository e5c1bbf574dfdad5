package dev.payroute.stripe.standin;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stand-in on its own ({@code java -jar target/payroute-standin.jar --port 12111}), for any Stripe
 * client: stripe-java or stripe-python with their API base set to it, the Stripe CLI with
 * {@code --api-base}. It runs until SIGTERM or Ctrl-C. Each option falls back to an environment
 * variable, then to a default.
 */
public final class StandInServer {

    static final String USAGE = String.join("\n",
            "usage: java -jar payroute-standin.jar [options]",
            "  --port <n>              port to listen on (env STRIPE_STANDIN_PORT; default 12111; 0: any free port)",
            "  --host <address>        address to listen on (env STRIPE_STANDIN_HOST; default 127.0.0.1)",
            "  --webhook-url <url>     where to POST signed webhook events (env STRIPE_STANDIN_WEBHOOK_URL; default: none sent)",
            "  --webhook-secret <s>    the endpoint's signing secret, whsec_... (env STRIPE_WEBHOOK_SECRET, its first",
            "                          entry when comma-separated; required with a webhook url)",
            "  --account-id <id>       the platform account of GET /v1/account (default acct_standin)",
            "  --finished-age <time>   how long finished objects (paid or canceled PaymentIntents with their charges",
            "                          and refunds, events, ...) stay in memory untouched before they move to disk",
            "                          (env STRIPE_STANDIN_FINISHED_AGE; default 10m; e.g. 90s, 10m, 2h, 1d)",
            "  --max-objects <n>       above this many objects in memory finished ones move to disk sooner",
            "                          (env STRIPE_STANDIN_MAX_OBJECTS; default 10000, ~6 KB of heap each)",
            "  --archive-retention <time>  how long objects on disk can still be retrieved by id",
            "                          (env STRIPE_STANDIN_ARCHIVE_RETENTION; default 24h)",
            "  --storage-dir <dir>     where the stand-in makes its folder for data on disk, deleted when it stops",
            "                          (env STRIPE_STANDIN_STORAGE_DIR; default the JVM's temporary folder)",
            "  --help                  this text");

    private static final List<String> OPTIONS = List.of("port", "host", "webhook-url", "webhook-secret", "account-id",
            "finished-age", "max-objects", "archive-retention", "storage-dir");

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private StandInServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        StripeStandIn.Options options;
        try {
            options = options(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("payroute-standin: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.println(USAGE);
            return;
        }
        StripeStandIn standIn;
        try {
            standIn = StripeStandIn.start(options);
        } catch (UncheckedIOException e) {
            System.err.println("payroute-standin: " + e.getMessage() + ": " + e.getCause().getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            standIn.close();
            stopped.countDown();
        }, "stripe-standin-shutdown"));
        describe(System.out, standIn, options);
        stopped.await();
    }

    /** The options from the command line over the environment; null when only help was asked for. */
    static StripeStandIn.Options options(String[] args, Map<String, String> env) {
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                return null;
            }
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + arg);
            }
            String name = arg.substring(2);
            String value;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            if (!OPTIONS.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
            given.put(name, value);
        }
        String secrets = setting(given, "webhook-secret", env, "STRIPE_WEBHOOK_SECRET", null);
        String secret = secrets == null ? null : secrets.split(",")[0].trim();
        String url = setting(given, "webhook-url", env, "STRIPE_STANDIN_WEBHOOK_URL", null);
        if (url != null && (secret == null || secret.isEmpty())) {
            throw new IllegalArgumentException("a webhook url needs --webhook-secret or STRIPE_WEBHOOK_SECRET");
        }
        StripeStandIn.Options options = new StripeStandIn.Options()
                .port(port(setting(given, "port", env, "STRIPE_STANDIN_PORT", "12111")))
                .host(setting(given, "host", env, "STRIPE_STANDIN_HOST", "127.0.0.1"))
                .webhookTarget(url, secret)
                .accountId(setting(given, "account-id", env, null, "acct_standin"))
                .finishedAge(duration("finished-age", setting(given, "finished-age", env, "STRIPE_STANDIN_FINISHED_AGE", "10m")))
                .maxObjectsInMemory(positive("max-objects", setting(given, "max-objects", env, "STRIPE_STANDIN_MAX_OBJECTS", "10000")))
                .archiveRetention(duration("archive-retention",
                        setting(given, "archive-retention", env, "STRIPE_STANDIN_ARCHIVE_RETENTION", "24h")));
        String storage = setting(given, "storage-dir", env, "STRIPE_STANDIN_STORAGE_DIR", null);
        return storage == null ? options : options.storageDirectory(Path.of(storage));
    }

    /** A duration such as 500ms, 90s, 10m, 2h or 1d (or ISO-8601, PT10M); archive retention must be above 0. */
    static Duration duration(String option, String value) {
        Matcher m = DURATION.matcher(value);
        try {
            Duration duration;
            if (m.matches()) {
                long amount = Long.parseLong(m.group(1));
                duration = switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
            } else {
                duration = Duration.parse(value);
            }
            if (!duration.isNegative() && !(duration.isZero() && option.equals("archive-retention"))) {
                return duration;
            }
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--" + option + " must be a duration such as 90s, 10m, 2h or 1d, not " + value);
    }

    private static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--" + option + " must be a whole number above 0, not " + value);
    }

    private static String setting(Map<String, String> given, String option, Map<String, String> env, String variable,
                                  String fallback) {
        String value = given.get(option);
        if ((value == null || value.isBlank()) && variable != null) {
            value = env.get(variable);
        }
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("the port must be a number from 0 to 65535, not " + value);
    }

    // One line a script can wait for; the secret is never printed.
    private static void describe(PrintStream out, StripeStandIn standIn, StripeStandIn.Options options) {
        out.println("Stripe stand-in listening on " + standIn.baseUrl()
                + (options.webhookTargetUrl() == null ? " (no webhook url: events are stored, not sent)"
                        : ", webhooks to " + options.webhookTargetUrl()));
        out.flush();
    }
}
