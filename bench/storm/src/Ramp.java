import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** One storm: phones switched on over a ramp, each booting once. */
final class Ramp {
    private Ramp() {
    }

    /** What one phone does during a storm. */
    @FunctionalInterface
    interface Boot {
        void run(Phone phone) throws BootFailure;
    }

    /**
     * Switches {@code phones} on over {@code ramp} seconds, at most {@code concurrency} booting at once; a phone's
     * boot time runs from the moment it was switched on (its wait for a free slot included) to its last file.
     */
    static Result storm(String name, String protocol, String server, List<Phone> phones, double ramp,
            int concurrency, long sampledPid, Boot boot) throws InterruptedException {
        Result result = new Result(name, protocol, server, phones.size());
        ExecutorService workers = Executors.newFixedThreadPool(concurrency);
        Sampler sampler = new Sampler(sampledPid, result);
        long start = System.nanoTime() + 50_000_000;
        long rampNanos = (long) (ramp * 1e9);
        AtomicLong lastFinish = new AtomicLong(start);
        sampler.start(start);
        for (int i = 0; i < phones.size(); i++) {
            Phone phone = phones.get(i);
            int slot = i;
            long switchedOn = start + (phones.size() <= 1 ? 0 : rampNanos * i / (phones.size() - 1));
            workers.execute(() -> {
                long wait = switchedOn - System.nanoTime();
                if (wait > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                try {
                    boot.run(phone);
                    long now = System.nanoTime();
                    result.bootMicros[slot] = Math.max(1, (now - switchedOn) / 1000);
                    result.finishedAtMillis[slot] = (now - start) / 1_000_000;
                    lastFinish.accumulateAndGet(now, Math::max);
                } catch (BootFailure e) {
                    result.errors.fail(e);
                } catch (RuntimeException e) {
                    result.errors.fail(new BootFailure(e.getClass().getSimpleName(), String.valueOf(e.getMessage())));
                }
            });
        }
        workers.shutdown();
        workers.awaitTermination(1, TimeUnit.HOURS);
        sampler.stop();
        result.seconds = Math.max(1e-3, (lastFinish.get() - start) / 1e9);
        result.completed = (int) Arrays.stream(result.bootMicros).filter(v -> v > 0).count();
        System.out.printf(Locale.ROOT, "  %-34s %-9s %7d boots in %6.2f s = %8.0f boots/s  p50 %7.1f  p95 %7.1f  "
                        + "p99 %7.1f  max %8.1f ms  errors %d%s%n", name, server, result.completed, result.seconds,
                result.rate(), result.percentile(50), result.percentile(95), result.percentile(99),
                result.percentile(100), result.errors.failed(), result.errors.failed() == 0 ? ""
                        : " " + result.errors.failuresText());
        return result;
    }
}
