package provd.core.internal.sync;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Paces work to a rate, with a small burst: the generic cell rate algorithm, a token bucket that needs no thread to
 * fill it. Each piece of work gets the next free slot; work over the rate waits for its slot on a timer rather than
 * being refused, so a bulk synchronization is spread out, not cut short.
 */
final class RateLimiter implements AutoCloseable {
    private static final long SECOND_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final ScheduledThreadPoolExecutor timer;
    /** The results of the work waiting for its slot, which {@link #close} fails, with whom each is for. */
    private final Map<CompletableFuture<?>, String> waiting = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    // Guarded by lock.
    private long intervalNanos;
    private long toleranceNanos;
    /** The theoretical start of the next piece of work, in System.nanoTime() time. */
    private long nextSlot = System.nanoTime();
    private boolean closed;

    /**
     * @param perSecond how many pieces of work may start per second, on average (at least 1)
     * @param burst     how many may start at once after a quiet time (at least 1)
     */
    RateLimiter(int perSecond, int burst) {
        timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "provd-sync-pacer");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        setRate(perSecond, burst);
    }

    /** Applies a new rate to the work submitted from now on; the work already waiting keeps its slot. */
    void setRate(int perSecond, int burst) {
        synchronized (lock) {
            intervalNanos = SECOND_NANOS / Math.max(1, perSecond);
            toleranceNanos = (Math.max(1, burst) - 1) * intervalNanos;
        }
    }

    /**
     * Starts {@code work} in its slot: now if the rate allows, later on the pacer's thread otherwise.
     *
     * @param who names the work in the failure when the limiter is closed before its slot (a device's IP)
     */
    <T> CompletionStage<T> submit(String who, Supplier<? extends CompletionStage<T>> work) {
        long delay;
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(stopped(who));
            }
            long now = System.nanoTime();
            long slot = nextSlot - now > 0 ? nextSlot : now; // nanoTime may wrap: compare differences
            nextSlot = slot + intervalNanos;
            delay = slot - toleranceNanos - now;
        }
        if (delay <= 0) {
            return start(work);
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        waiting.put(result, who);
        try {
            timer.schedule(() -> {
                if (waiting.remove(result) != null) {
                    start(work).whenComplete((value, failure) -> {
                        if (failure == null) {
                            result.complete(value);
                        } else {
                            result.completeExceptionally(failure);
                        }
                    });
                }
            }, delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closedMeanwhile) {
            if (waiting.remove(result) != null) {
                result.completeExceptionally(stopped(who));
            }
        }
        return result;
    }

    /** How many pieces of work wait for their slot. */
    int waiting() {
        return waiting.size();
    }

    private static <T> CompletionStage<T> start(Supplier<? extends CompletionStage<T>> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Fails the work still waiting for its slot; later submissions fail at once. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
        }
        timer.shutdownNow();
        for (CompletableFuture<?> result : waiting.keySet()) {
            String who = waiting.remove(result);
            if (who != null) {
                result.completeExceptionally(stopped(who));
            }
        }
    }

    private static IllegalStateException stopped(String who) {
        return new IllegalStateException(who + ": the synchronizer stopped before the request's turn came");
    }
}
