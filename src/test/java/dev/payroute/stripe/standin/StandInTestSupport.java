package dev.payroute.stripe.standin;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.stripe.StripeClient;
import com.stripe.model.StripeObject;
import com.stripe.net.RequestOptions;
import com.stripe.param.checkout.SessionCreateParams;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.Callable;

/** Shared test plumbing: a stripe-java client aimed at the stand-in and polling with a deadline. */
final class StandInTestSupport {
  static final String API_KEY = "sk_test_standin_tests";
  static final Duration DEADLINE = Duration.ofSeconds(10);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private StandInTestSupport() {}

  static StripeClient client(StripeStandIn standIn) {
    return client(standIn, Duration.ofSeconds(10));
  }

  static StripeClient client(StripeStandIn standIn, Duration readTimeout) {
    return client(standIn.baseUrl(), readTimeout);
  }

  /** The real stripe-java client with every base URL pointed at the stand-in and no automatic retries. */
  static StripeClient client(String baseUrl, Duration readTimeout) {
    return StripeClient.builder()
        .setApiKey(API_KEY)
        .setApiBase(baseUrl)
        .setConnectBase(baseUrl)
        .setFilesBase(baseUrl)
        .setMeterEventsBase(baseUrl)
        .setMaxNetworkRetries(0)
        .setConnectTimeout(5_000)
        .setReadTimeout((int) readTimeout.toMillis())
        .build();
  }

  /** A Checkout Session line of one product priced in usd. */
  static SessionCreateParams.LineItem lineItem(String name, long unitAmount, long quantity) {
    return SessionCreateParams.LineItem.builder()
        .setQuantity(quantity)
        .setPriceData(SessionCreateParams.LineItem.PriceData.builder()
            .setCurrency("usd")
            .setUnitAmount(unitAmount)
            .setProductData(SessionCreateParams.LineItem.PriceData.ProductData.builder().setName(name).build())
            .build())
        .build();
  }

  static RequestOptions idempotencyKey(String key) {
    return RequestOptions.builder().setIdempotencyKey(key).build();
  }

  /** The JSON the stand-in answered for this object, as stripe-java received it. */
  static ObjectNode rawJson(StripeObject object) {
    try {
      return (ObjectNode) MAPPER.readTree(object.getLastResponse().body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The property names of a JSON object, sorted. */
  static java.util.SortedSet<String> keys(com.fasterxml.jackson.databind.JsonNode object) {
    java.util.SortedSet<String> keys = new java.util.TreeSet<>();
    object.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  /** Re-runs the assertion until it passes or the deadline ends, then fails with its last error. */
  static void eventually(ThrowingRunnable assertion) {
    eventually(() -> {
      assertion.run();
      return null;
    });
  }

  static <T> T eventually(Callable<T> attempt) {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    Throwable last;
    do {
      try {
        return attempt.call();
      } catch (Exception | AssertionError e) {
        last = e;
      }
      try {
        Thread.sleep(20); // poll interval, bounded by the deadline above
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    } while (System.nanoTime() < deadline);
    return fail("condition not met within " + DEADLINE.toSeconds() + " s: " + last, last);
  }

  @FunctionalInterface
  interface ThrowingRunnable {
    void run() throws Exception;
  }
}
