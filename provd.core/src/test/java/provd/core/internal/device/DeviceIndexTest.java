package provd.core.internal.device;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import provd.core.api.Device;

class DeviceIndexTest {
    private final DeviceIndex index = new DeviceIndex();

    private static final Device ONE = Device.of(Map.of("id", "d1", "mac", "00:11:22:33:44:01", "sn", "S1",
            "uuid", "U1", "ip", "10.0.0.1", "config", "office", "plugin", "test-1.0"));
    private static final Device TWO = Device.of(Map.of("id", "d2", "mac", "00:11:22:33:44:02", "ip", "10.0.0.1",
            "config", "office", "plugin", "test-2.0"));

    @Test
    void findsByEveryIndex() {
        index.put(ONE);
        index.put(TWO);

        assertEquals(Optional.of(ONE), index.get("d1"));
        assertEquals(Optional.of(ONE), index.byMac("00:11:22:33:44:01"));
        assertEquals(Optional.of(TWO), index.byMac("00:11:22:33:44:02"));
        assertEquals(Optional.of(ONE), index.bySerial("S1"));
        assertEquals(Optional.of(ONE), index.byUuid("U1"));
        assertEquals(Set.of("d1", "d2"), index.idsByIp("10.0.0.1"));
        assertEquals(Set.of("d1", "d2"), index.idsUsingConfig("office"));
        assertEquals(Set.of("d2"), index.idsUsingPlugin("test-2.0"));
        assertEquals(2, index.size());
        assertEquals(Set.of(ONE, TWO), Set.copyOf(index.all()));
    }

    @Test
    void unknownKeysFindNothing() {
        index.put(ONE);

        assertEquals(Optional.empty(), index.get("nope"));
        assertEquals(Optional.empty(), index.byMac("00:11:22:33:44:99"));
        assertEquals(Optional.empty(), index.byMac(null));
        assertEquals(Optional.empty(), index.bySerial("S2"));
        assertEquals(Set.of(), index.idsByIp("10.0.0.9"));
        assertEquals(Set.of(), index.idsUsingConfig("other"));
    }

    @Test
    void replacingReindexes() {
        index.put(ONE);
        Device moved = Device.of(Map.of("id", "d1", "mac", "00:11:22:33:44:99", "ip", "10.0.0.7",
                "config", "other", "plugin", "test-2.0"));

        index.put(moved);

        assertEquals(Optional.empty(), index.byMac("00:11:22:33:44:01"));
        assertEquals(Optional.of(moved), index.byMac("00:11:22:33:44:99"));
        assertEquals(Optional.empty(), index.bySerial("S1"));
        assertEquals(Optional.empty(), index.byUuid("U1"));
        assertEquals(Set.of(), index.idsByIp("10.0.0.1"));
        assertEquals(Set.of("d1"), index.idsByIp("10.0.0.7"));
        assertEquals(Set.of(), index.idsUsingConfig("office"));
        assertEquals(Set.of("d1"), index.idsUsingConfig("other"));
        assertEquals(Set.of(), index.idsUsingPlugin("test-1.0"));
        assertEquals(1, index.size());
    }

    @Test
    void removeUnindexes() {
        index.put(ONE);
        index.put(TWO);

        assertEquals(Optional.of(ONE), index.remove("d1"));

        assertEquals(Optional.empty(), index.get("d1"));
        assertEquals(Optional.empty(), index.byMac("00:11:22:33:44:01"));
        assertEquals(Optional.empty(), index.bySerial("S1"));
        assertEquals(Set.of("d2"), index.idsByIp("10.0.0.1"));
        assertEquals(Set.of("d2"), index.idsUsingConfig("office"));
        assertEquals(Optional.empty(), index.remove("d1"));
    }

    @Test
    void aDeviceBeingReplacedIsNeverMissingFromTheIndexOfAKeyItKeeps() throws Exception {
        DeviceIndex index = new DeviceIndex();
        Device device = Device.of(Map.of("id", "d1", "mac", "00:11:22:33:44:55", "ip", "10.0.0.1"));
        index.put(device);
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger misses = new AtomicInteger();
        Thread reader = new Thread(() -> {
            while (!done.get()) {
                if (index.byMac("00:11:22:33:44:55").isEmpty()) {
                    misses.incrementAndGet();
                }
            }
        });
        reader.start();
        for (int i = 0; i < 200_000; i++) {
            index.put(device.with(Device.CONFIGURED, i % 2 == 0));
        }
        done.set(true);
        reader.join();
        assertEquals(0, misses.get());
    }
}
