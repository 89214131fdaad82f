import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The background storm of the reliability commands: workers making the phones boot again and again, the phones taken
 * in turn, until closed; paced to a rate when one is given. Every boot is handed to a recorder as it ends.
 */
final class Load implements AutoCloseable {
    /** One boot: {@code failure} is null when the phone got what it needed. */
    record Boot(Phone phone, long startNanos, long endNanos, BootFailure failure) {
        boolean ok() {
            return failure == null;
        }

        double millis() {
            return (endNanos - startNanos) / 1e6;
        }
    }

    @FunctionalInterface
    interface Recorder {
        void record(Boot boot);
    }

    private final List<Phone> phones;
    private final Ramp.Boot boot;
    private final Recorder recorder;
    private final Pacer pacer;
    private final AtomicLong next = new AtomicLong();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running = true;

    /** @param perSecond boots started a second at most, all workers together; 0: as fast as the workers go */
    Load(List<Phone> phones, int workers, double perSecond, Ramp.Boot boot, Recorder recorder) {
        this.phones = List.copyOf(phones);
        this.boot = boot;
        this.recorder = recorder;
        this.pacer = new Pacer(perSecond);
        for (int i = 0; i < workers; i++) {
            Thread worker = new Thread(this::work, "load-" + i);
            worker.setDaemon(true);
            this.workers.add(worker);
            worker.start();
        }
    }

    private void work() {
        while (running) {
            long n = next.getAndIncrement();
            try {
                pacer.awaitTurn(n);
            } catch (InterruptedException e) {
                return;
            }
            Phone phone = phones.get((int) (n % phones.size()));
            long start = System.nanoTime();
            BootFailure failure = null;
            try {
                boot.run(phone);
            } catch (BootFailure e) {
                failure = e;
            } catch (RuntimeException e) {
                failure = new BootFailure(e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
            }
            recorder.record(new Boot(phone, start, System.nanoTime(), failure));
        }
    }

    /** Stops starting boots and waits for those under way. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread worker : workers) {
            worker.join();
        }
    }
}
