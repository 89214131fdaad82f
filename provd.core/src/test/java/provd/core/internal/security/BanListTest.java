package provd.core.internal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.net.InetAddress;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import provd.core.internal.ManualClock;

class BanListTest {
    private static final InetAddress PROBER = address("192.0.2.66");
    private static final InetAddress OFFICE = address("198.51.100.1");

    private final ManualClock clock = new ManualClock();

    @Test
    void moreThanMaxMissesWithinTheWindowBansForTheDuration() {
        BanList bans = new BanList(settings(10, 60, 600, ""), clock);
        for (int i = 0; i < 10; i++) {
            bans.recordMiss(PROBER, "Digium/000fd30000" + i + ".cfg");
        }
        assertFalse(bans.isBanned(PROBER), "10 misses are allowed");
        bans.recordMiss(PROBER, "Digium/000fd3000011.cfg");
        assertTrue(bans.isBanned(PROBER));
        assertFalse(bans.isBanned(OFFICE));
        assertEquals(11, bans.misses(PROBER));
        assertEquals(clock.instant().plusSeconds(600), bans.bans().get(PROBER));

        clock.advance(Duration.ofSeconds(599));
        assertTrue(bans.isBanned(PROBER));
        clock.advance(Duration.ofSeconds(1));
        assertFalse(bans.isBanned(PROBER));
        assertTrue(bans.bans().isEmpty());
    }

    @Test
    void missesOutsideTheWindowDoNotAddUp() {
        BanList bans = new BanList(settings(3, 60, 600, ""), clock);
        for (int i = 0; i < 20; i++) {
            bans.recordMiss(PROBER, "x.cfg");
            clock.advance(Duration.ofSeconds(25)); // at most 3 misses in any 60 s
        }
        assertFalse(bans.isBanned(PROBER));
        assertEquals(20, bans.misses(PROBER));
    }

    @Test
    void exemptNetworksAreCountedButNeverBanned() {
        BanList bans = new BanList(settings(1, 60, 600, "127.0.0.0/8, 198.51.100.0/24"), clock);
        for (int i = 0; i < 5; i++) {
            bans.recordMiss(OFFICE, "x.cfg");
        }
        assertFalse(bans.isBanned(OFFICE));
        assertEquals(5, bans.misses(OFFICE));
        bans.recordMiss(PROBER, "x.cfg");
        bans.recordMiss(PROBER, "x.cfg");
        assertTrue(bans.isBanned(PROBER));
    }

    @Test
    void badExemptNetworkIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BanList(settings(1, 60, 600, "10.0.0.0/33"), clock));
        assertTrue(e.getMessage().contains("10.0.0.0/33"), e.getMessage());
    }

    @Test
    void cidrMatchesItsNetworkOnly() {
        Cidr net = Cidr.parse("10.1.0.0/16");
        assertTrue(net.contains(address("10.1.255.3")));
        assertFalse(net.contains(address("10.2.0.1")));
        assertFalse(net.contains(address("::1")));
        assertTrue(Cidr.parse("fd00::/8").contains(address("fd12::5")));
        assertTrue(Cidr.parse("192.0.2.7").contains(address("192.0.2.7")));
        assertFalse(Cidr.parse("192.0.2.7").contains(address("192.0.2.8")));
        assertEquals("10.1.0.0/16", Cidr.parse("10.1.2.3/16").toString());
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("example.com/8"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/x"));
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static BanList.Settings settings(int maxMisses, int windowSeconds, int durationSeconds, String exempt) {
        return new BanList.Settings() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return BanList.Settings.class;
            }

            @Override
            public int max_misses() {
                return maxMisses;
            }

            @Override
            public int window_seconds() {
                return windowSeconds;
            }

            @Override
            public int duration_seconds() {
                return durationSeconds;
            }

            @Override
            public String exempt() {
                return exempt;
            }
        };
    }
}
