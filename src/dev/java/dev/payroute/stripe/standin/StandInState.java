package dev.payroute.stripe.standin;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The stand-in's whole mutable state behind one lock. One lock keeps multi-object changes (a
 * confirmation touching a PaymentIntent, a charge, the balance and events) atomic; throughput is no
 * concern for a test double.
 */
final class StandInState {
  private final ReentrantLock lock = new ReentrantLock();
  final ObjectStore store = new ObjectStore();
  final Balance balance = new Balance();
  final EventRecorder events;

  StandInState(WebhookDispatcher dispatcher) {
    this.events = new EventRecorder(store, dispatcher);
  }

  <T> T atomically(Supplier<T> work) {
    lock.lock();
    try {
      return work.get();
    } finally {
      lock.unlock();
    }
  }
}
