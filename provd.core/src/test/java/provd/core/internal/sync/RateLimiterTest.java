package provd.core.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static provd.core.internal.sync.SipNotifySynchronizerTest.failure;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private static CompletableFuture<Void> done() {
        return CompletableFuture.completedFuture(null);
    }

    @Test
    void aBurstStartsAtOnceTheRestWaitsItsTurn() throws Exception {
        try (RateLimiter limiter = new RateLimiter(10, 3)) {
            AtomicInteger started = new AtomicInteger();
            List<CompletableFuture<Void>> runs = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                runs.add(limiter.submit("w" + i, () -> {
                    started.incrementAndGet();
                    return done();
                }).toCompletableFuture());
            }
            assertEquals(3, started.get(), "the burst ran in the caller's thread");
            assertEquals(2, limiter.waiting());
            CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
            assertEquals(5, started.get());
            assertEquals(0, limiter.waiting());
        }
    }

    @Test
    void workIsSpreadAtTheRate() throws Exception {
        try (RateLimiter limiter = new RateLimiter(20, 1)) {
            List<Long> starts = Collections.synchronizedList(new ArrayList<>());
            List<CompletableFuture<Void>> runs = new ArrayList<>();
            long begin = System.nanoTime();
            for (int i = 0; i < 11; i++) {
                runs.add(limiter.submit("w", () -> {
                    starts.add(System.nanoTime());
                    return done();
                }).toCompletableFuture());
            }
            CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
            long last = TimeUnit.NANOSECONDS.toMillis(Collections.max(starts) - begin);
            // 10 intervals of 50 ms after the first, with a generous bound
            assertTrue(last >= 450, "the 11th started after " + last + " ms");
        }
    }

    @Test
    void aNewRateAppliesToWhatComesNext() throws Exception {
        try (RateLimiter limiter = new RateLimiter(1, 1)) {
            limiter.submit("first", RateLimiterTest::done);
            limiter.setRate(1000, 10);
            // still behind the first slot at 1/s, then at 1000/s
            long begin = System.nanoTime();
            limiter.submit("second", RateLimiterTest::done).toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin) < 1500);
        }
    }

    @Test
    void workThatThrowsFails() throws Exception {
        try (RateLimiter limiter = new RateLimiter(10, 1)) {
            CompletableFuture<Void> run = limiter.<Void>submit("w", () -> {
                throw new IllegalArgumentException("bad request");
            }).toCompletableFuture();
            assertEquals("bad request", failure(run));
        }
    }

    @Test
    void closingFailsTheWaitingWorkAndRefusesMore() throws Exception {
        RateLimiter limiter = new RateLimiter(1, 1);
        limiter.submit("10.0.0.1", RateLimiterTest::done);
        CompletableFuture<Void> waiting = limiter.submit("10.0.0.2", RateLimiterTest::done).toCompletableFuture();
        limiter.close();
        assertEquals("10.0.0.2: the synchronizer stopped before the request's turn came", failure(waiting));
        assertEquals("10.0.0.3: the synchronizer stopped before the request's turn came",
                failure(limiter.submit("10.0.0.3", RateLimiterTest::done).toCompletableFuture()));
    }
}
