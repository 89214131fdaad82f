package provd.core.internal.security;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import provd.core.api.AccessGuard;

/**
 * Bans an address that makes more than {@code max_misses} misses within {@code window_seconds}, for
 * {@code duration_seconds}. Misses are counted per address in a sliding window; exempt networks are counted but never
 * banned. Only misses count, never a phone fetching its own files, so offices behind one NAT address are not banned
 * for booting.
 */
@Component(configurationPid = BanList.PID)
@Designate(ocd = BanList.Settings.class)
public final class BanList implements AccessGuard {
    static final String PID = "provd.ban";
    private static final Logger LOG = LoggerFactory.getLogger(BanList.class);
    private static final Logger SECURITY = LoggerFactory.getLogger("provd.security");
    /** Bounds the memory of the counters: source addresses of UDP requests can be forged at will. */
    private static final int MAX_TRACKED_ADDRESSES = 100_000;

    @ObjectClassDefinition(name = "provd bans", description = "Banning addresses that probe for phones' credentials")
    @interface Settings {
        @AttributeDefinition(description = "Misses allowed within the window before a ban", min = "1")
        int max_misses() default 10;

        @AttributeDefinition(description = "The window misses are counted in, in seconds", min = "1")
        int window_seconds() default 60;

        @AttributeDefinition(description = "How long a ban lasts, in seconds", min = "1")
        int duration_seconds() default 600;

        @AttributeDefinition(description = "Networks never banned, comma-separated (10.0.0.0/8, 192.0.2.7, fd00::/8)")
        String exempt() default "";
    }

    /** The recent misses of one address. */
    private static final class Misses {
        final Deque<Instant> recent = new ArrayDeque<>();
        final LongAdder total = new LongAdder();
    }

    private record Policy(int maxMisses, Duration window, Duration duration, List<Cidr> exempt) {
    }

    private final Clock clock;
    private final Map<InetAddress, Misses> misses = new ConcurrentHashMap<>();
    private final Map<InetAddress, Instant> bans = new ConcurrentHashMap<>();
    private volatile Policy policy;

    @Activate
    public BanList(Settings settings) {
        this(settings, Clock.systemUTC());
    }

    BanList(Settings settings, Clock clock) {
        this.clock = clock;
        apply(settings);
    }

    @Modified
    void apply(Settings settings) {
        List<Cidr> exempt = Arrays.stream(settings.exempt().split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).map(Cidr::parse).toList();
        policy = new Policy(Math.max(1, settings.max_misses()), Duration.ofSeconds(Math.max(1, settings.window_seconds())),
                Duration.ofSeconds(Math.max(1, settings.duration_seconds())), exempt);
        LOG.info("an address is banned for {} s after more than {} misses in {} s; exempt: {}",
                settings.duration_seconds(), settings.max_misses(), settings.window_seconds(),
                exempt.isEmpty() ? "none" : exempt);
    }

    @Override
    public boolean isBanned(InetAddress client) {
        Instant until = bans.get(client);
        if (until == null) {
            return false;
        }
        if (clock.instant().isBefore(until)) {
            return true;
        }
        bans.remove(client, until);
        return false;
    }

    @Override
    public void recordMiss(InetAddress client, String path) {
        Policy current = policy;
        Instant now = clock.instant();
        if (misses.size() >= MAX_TRACKED_ADDRESSES && !misses.containsKey(client)) {
            forgetQuietAddresses(now.minus(current.window()));
        }
        Misses record = misses.computeIfAbsent(client, c -> new Misses());
        record.total.increment();
        int recent;
        synchronized (record) {
            record.recent.addLast(now);
            while (!record.recent.isEmpty() && record.recent.peekFirst().isBefore(now.minus(current.window()))) {
                record.recent.removeFirst();
            }
            // more than max_misses are never needed to decide
            while (record.recent.size() > current.maxMisses() + 1) {
                record.recent.removeFirst();
            }
            recent = record.recent.size();
        }
        if (recent > current.maxMisses() && current.exempt().stream().noneMatch(net -> net.contains(client))) {
            Instant until = now.plus(current.duration());
            if (bans.put(client, until) == null) {
                SECURITY.warn("security-event type=ban time={} ip={} misses={} window_s={} duration_s={} last_file={}",
                        now, client.getHostAddress(), recent, current.window().toSeconds(),
                        current.duration().toSeconds(), path);
            }
        }
    }

    private void forgetQuietAddresses(Instant before) {
        misses.entrySet().removeIf(entry -> {
            synchronized (entry.getValue()) {
                Instant last = entry.getValue().recent.peekLast();
                return last == null || last.isBefore(before);
            }
        });
    }

    @Override
    public long misses(InetAddress client) {
        Misses record = misses.get(client);
        return record == null ? 0 : record.total.sum();
    }

    @Override
    public Map<InetAddress, Instant> bans() {
        Instant now = clock.instant();
        bans.values().removeIf(until -> !now.isBefore(until));
        return Map.copyOf(bans);
    }
}
