package provd.tftp.internal;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * How many error replies each client address may still be sent, refilled at a steady rate: a flood of malformed or
 * refused datagrams from one address gets a few answers a second, then silence. Answering a flood in full would
 * spend the CPU the phones need, and aim at whoever a spoofed source address names as much traffic as the flood
 * itself. The addresses tracked are bounded: past {@code maxAddresses} at once (a flood from spoofed addresses), a
 * new address gets silence until the addresses whose budget is full again are forgotten, which happens at most once a
 * second. Thread-safe.
 */
final class ReplyBudget {
    private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

    /** One address's remaining replies, as of {@code at}. */
    private static final class Bucket {
        double replies;
        long at;

        Bucket(double replies, long at) {
            this.replies = replies;
            this.at = at;
        }
    }

    private final int perSecond;
    private final int maxAddresses;
    private final ConcurrentHashMap<InetAddress, Bucket> buckets = new ConcurrentHashMap<>();
    private volatile long lastPrune;

    /** @param perSecond replies per second and per address, which is also the burst; 0 means no limit */
    ReplyBudget(int perSecond, int maxAddresses) {
        this.perSecond = Math.max(0, perSecond);
        this.maxAddresses = maxAddresses;
    }

    /** Whether a reply may be sent to {@code address} now; if so, it is counted. */
    boolean take(InetAddress address, long nowNanos) {
        if (perSecond == 0) {
            return true;
        }
        if (nowNanos - lastPrune >= NANOS_PER_SECOND) {
            lastPrune = nowNanos;
            prune(nowNanos);
        }
        Bucket bucket = buckets.get(address);
        if (bucket == null) {
            if (buckets.size() >= maxAddresses) {
                return false;
            }
            bucket = buckets.computeIfAbsent(address, a -> new Bucket(perSecond, nowNanos));
        }
        synchronized (bucket) {
            long elapsed = Math.max(0, nowNanos - bucket.at);
            bucket.replies = Math.min(perSecond, bucket.replies + (double) elapsed * perSecond / NANOS_PER_SECOND);
            bucket.at = nowNanos;
            if (bucket.replies < 1) {
                return false;
            }
            bucket.replies--;
            return true;
        }
    }

    /** Forgets the addresses whose budget is full again (a second without a reply refills it): as if never seen. */
    private void prune(long nowNanos) {
        buckets.values().removeIf(bucket -> {
            synchronized (bucket) {
                return nowNanos - bucket.at >= NANOS_PER_SECOND;
            }
        });
    }

    /** How many addresses are tracked now. */
    int addresses() {
        return buckets.size();
    }
}
