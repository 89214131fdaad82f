package provd.core.internal.pipeline;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * How many devices the requests of one address may create: a bucket per address holding up to {@code perMinute}
 * creations, refilled at {@code perMinute} a minute. A phone creates its device once; an address creating dozens a
 * minute is a scanner or a fuzzer filling the store with junk. Thread-safe. The addresses tracked are bounded, since
 * the source address of a UDP request can be forged: those whose bucket is full again are forgotten first.
 */
final class NewDeviceBudget {
    static final int MAX_TRACKED_ADDRESSES = 100_000;
    private static final long MINUTE_NANOS = 60_000_000_000L;

    private final int perMinute;
    private final LongSupplier nanoTime;
    private final Map<InetAddress, Bucket> buckets = new ConcurrentHashMap<>();

    /** @param perMinute creations per address and minute; 0 for no limit */
    NewDeviceBudget(int perMinute, LongSupplier nanoTime) {
        this.perMinute = Math.max(0, perMinute);
        this.nanoTime = nanoTime;
    }

    int perMinute() {
        return perMinute;
    }

    /** Takes one creation from the budget of {@code address}; false when it has none left. */
    boolean take(InetAddress address) {
        if (perMinute == 0) {
            return true;
        }
        long now = nanoTime.getAsLong();
        if (buckets.size() >= MAX_TRACKED_ADDRESSES && !buckets.containsKey(address)) {
            buckets.values().removeIf(bucket -> bucket.isFull(now));
            if (buckets.size() >= MAX_TRACKED_ADDRESSES) {
                return false; // that many addresses creating devices at once: an attack, not phones booting
            }
        }
        return buckets.computeIfAbsent(address, a -> new Bucket(now)).take(now);
    }

    /** Creations left, as a fraction of one; refilled lazily from the time of the last take. */
    private final class Bucket {
        private double creations = perMinute;
        private long refilledAt;

        Bucket(long now) {
            this.refilledAt = now;
        }

        synchronized boolean take(long now) {
            refill(now);
            if (creations < 1) {
                return false;
            }
            creations--;
            return true;
        }

        synchronized boolean isFull(long now) {
            refill(now);
            return creations >= perMinute;
        }

        private void refill(long now) {
            creations = Math.min(perMinute, creations + (double) (now - refilledAt) * perMinute / MINUTE_NANOS);
            refilledAt = now;
        }
    }
}
