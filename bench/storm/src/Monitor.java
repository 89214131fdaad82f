import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Samples provd at a fixed period while a command runs: CPU (% of one CPU over the period), RSS and threads from
 * /proc, heap in use from /metrics.
 */
final class Monitor implements AutoCloseable {
    /** One sample; NaN for a figure that could not be read. */
    record Sample(double seconds, double cpuPercent, double rssMiB, double threads, double heapUsedMiB) {
    }

    private final Provd provd;
    private final ProcessStats process;
    private final long periodMillis;
    private final List<Sample> samples = new ArrayList<>();
    private final long origin = System.nanoTime();
    private final Thread thread;
    private volatile boolean running = true;

    Monitor(Provd provd, long periodMillis) {
        this.provd = provd;
        this.process = new ProcessStats(provd.pid());
        this.periodMillis = periodMillis;
        thread = new Thread(this::sample, "monitor");
        thread.setDaemon(true);
        thread.start();
    }

    private void sample() {
        long lastTicks = process.cpuTicks();
        long lastNanos = System.nanoTime();
        while (running && process.alive()) {
            try {
                Thread.sleep(periodMillis);
            } catch (InterruptedException e) {
                return;
            }
            long ticks = process.cpuTicks();
            long now = System.nanoTime();
            double cpu = (ticks - lastTicks) * 100.0 / ProcessStats.TICKS_PER_SECOND / ((now - lastNanos) / 1e9);
            lastTicks = ticks;
            lastNanos = now;
            double[] rssAndThreads = process.rssAndThreads();
            double heap;
            try {
                heap = provd.metric("jvm_memory_used_bytes{area=\"heap\"}") / 1024.0 / 1024.0;
            } catch (IOException e) {
                heap = Double.NaN;
            }
            synchronized (samples) {
                samples.add(new Sample((now - origin) / 1e9, cpu, rssAndThreads[0], rssAndThreads[1], heap));
            }
        }
    }

    List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /** The mean of a figure over the samples (NaN when none could be read). */
    double mean(ToDoubleFunction<Sample> figure) {
        return samples().stream().mapToDouble(figure).filter(Double::isFinite).average().orElse(Double.NaN);
    }

    /** The largest value of a figure over the samples (NaN when none could be read). */
    double max(ToDoubleFunction<Sample> figure) {
        return samples().stream().mapToDouble(figure).filter(Double::isFinite).max().orElse(Double.NaN);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join();
    }
}
