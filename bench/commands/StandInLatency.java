import dev.payroute.stripe.PaymentGateway;
import dev.payroute.stripe.StripePaymentGateway;
import dev.payroute.stripe.standin.StripeStandIn;

import java.util.Map;
import java.util.UUID;

/**
 * Diagnostic for bench/commands: how long one escrow hold (a manual-capture PaymentIntent, confirmed) takes
 * through the service's own gateway (stripe-java) against the offline Stripe stand-in, in this JVM alone,
 * with nothing else of the service around it.
 *
 * <pre>
 * java -cp "target/payroute.jar:target/payroute-dev.jar:target/lib/*" bench/commands/StandInLatency.java
 * java -Dsun.net.httpserver.nodelay=true -cp "target/payroute.jar:target/payroute-dev.jar:target/lib/*" bench/commands/StandInLatency.java
 * </pre>
 *
 * The stand-in serves with the JDK's com.sun.net.httpserver, which leaves TCP_NODELAY off on its sockets
 * unless the system property sun.net.httpserver.nodelay is true; the second line shows what that costs.
 */
public final class StandInLatency {

    public static void main(String[] args) {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        try (StripeStandIn standIn = StripeStandIn.start(new StripeStandIn.Options().port(0))) {
            StripePaymentGateway gateway = new StripePaymentGateway("sk_test_bench_standin_latency", standIn.baseUrl(), 10_000, 40_000);
            for (int round = 1; round <= 3; round++) {
                long[] nanos = new long[calls];
                for (int i = 0; i < calls; i++) {
                    long t = System.nanoTime();
                    gateway.createHold(new PaymentGateway.Hold(2098, "usd", null, "pm_card_visa", null, null,
                            "order_latency_" + round + "_" + i, Map.of("order_id", "latency-" + i)), UUID.randomUUID().toString());
                    nanos[i] = System.nanoTime() - t;
                }
                java.util.Arrays.sort(nanos);
                double mean = java.util.Arrays.stream(nanos).average().orElse(0) / 1e6;
                System.out.printf("round %d (%s): %d holds, mean %.1f ms, p50 %.1f ms, p99 %.1f ms   [sun.net.httpserver.nodelay=%s]%n",
                        round, round == 1 ? "warm-up" : "measured", calls, mean, nanos[calls / 2] / 1e6,
                        nanos[(int) Math.ceil(calls * 0.99) - 1] / 1e6, System.getProperty("sun.net.httpserver.nodelay", "unset"));
            }
        }
    }
}
