package dev.payroute.stripe.standin;

import static dev.payroute.stripe.standin.StandInTestSupport.idempotencyKey;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.stripe.exception.ApiException;
import com.stripe.model.PaymentIntent;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentListParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConcurrencyTest extends StandInTestCase {
  private static final int THREADS = 8;
  private static final int PER_THREAD = 10;

  private static PaymentIntentCreateParams payment() {
    return PaymentIntentCreateParams.builder()
        .setAmount(100L).setCurrency("usd").addPaymentMethodType("card")
        .setPaymentMethod("pm_card_visa").setConfirm(true).build();
  }

  @Test
  void parallelClientsWithDistinctKeysAndOneSharedKey() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch go = new CountDownLatch(1);
    Set<String> sharedKeyIds = ConcurrentHashMap.newKeySet();
    AtomicInteger conflicts = new AtomicInteger();
    AtomicInteger answered = new AtomicInteger();
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      futures.add(pool.submit(() -> {
        go.await();
        try {
          sharedKeyIds.add(stripe.v1().paymentIntents().create(payment(), idempotencyKey("shared")).getId());
          answered.incrementAndGet();
        } catch (ApiException e) {
          assertEquals(409, e.getStatusCode());
          conflicts.incrementAndGet();
        }
        for (int i = 0; i < PER_THREAD; i++) {
          PaymentIntent pi = stripe.v1().paymentIntents().create(payment(), idempotencyKey("t" + thread + "-" + i));
          assertEquals("succeeded", pi.getStatus());
        }
        return null;
      }));
    }
    go.countDown();
    for (Future<?> future : futures) {
      future.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();

    assertEquals(1, sharedKeyIds.size(), "every answer for the shared key names the same PaymentIntent");
    assertEquals(THREADS, answered.get() + conflicts.get(), "each shared-key request was answered or got 409");
    int stored = 0;
    for (PaymentIntent ignored : stripe.v1().paymentIntents()
        .list(PaymentIntentListParams.builder().setLimit(100L).build()).autoPagingIterable()) {
      stored++;
    }
    assertEquals(THREADS * PER_THREAD + 1, stored);
    assertEquals(THREADS * PER_THREAD * 100L + 100L, stripe.v1().balance().retrieve().getAvailable().get(0).getAmount());
  }
}
