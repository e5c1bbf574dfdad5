package dev.payroute.ops;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks a dependency that may stop answering (a database silent behind a dropped network) and waits
 * for it no longer than a deadline. The call runs on its own thread, one at a time: whoever asks while
 * a call is out shares it, and the deadline counts from when that call started, so a call stuck in the
 * driver's socket timeout makes later askers answer at once rather than queue behind it.
 */
final class BoundedProbe<T> {

    private final ExecutorService thread;
    private final Callable<T> call;
    private final long deadlineNanos;
    private Future<T> running;
    private long startedAt;

    /** @param thread a single-thread executor of the caller's (it ends with the Camel context) */
    BoundedProbe(ExecutorService thread, Duration deadline, Callable<T> call) {
        this.thread = thread;
        this.call = call;
        this.deadlineNanos = deadline.toNanos();
    }

    /** The call's answer, or empty when it failed or did not answer within the deadline. */
    Optional<T> ask() {
        Future<T> answer;
        long started;
        synchronized (this) {
            if (running == null || running.isDone()) {
                running = thread.submit(call);
                startedAt = System.nanoTime();
            }
            answer = running;
            started = startedAt;
        }
        try {
            long left = started + deadlineNanos - System.nanoTime();
            return Optional.ofNullable(answer.get(Math.max(0, left), TimeUnit.NANOSECONDS));
        } catch (TimeoutException | ExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
