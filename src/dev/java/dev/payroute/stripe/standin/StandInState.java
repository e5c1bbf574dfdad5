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
  final ObjectStore store;
  final Balance balance = new Balance();
  final EventRecorder events;

  StandInState(ObjectStore store, WebhookDispatcher dispatcher) {
    this.store = store;
    this.events = new EventRecorder(store, dispatcher);
  }

  <T> T atomically(Supplier<T> work) {
    lock.lock();
    try {
      // Before the work, when no object is in use: what the sweep moves to disk is not changed after.
      store.sweep();
      return work.get();
    } finally {
      lock.unlock();
    }
  }
}
