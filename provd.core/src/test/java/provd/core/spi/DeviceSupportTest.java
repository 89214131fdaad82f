package provd.core.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static provd.core.spi.DeviceSupport.COMPLETE;
import static provd.core.spi.DeviceSupport.EXACT;
import static provd.core.spi.DeviceSupport.IMPROBABLE;
import static provd.core.spi.DeviceSupport.INCOMPLETE;
import static provd.core.spi.DeviceSupport.PROBABLE;

import java.util.List;

import org.junit.jupiter.api.Test;

class DeviceSupportTest {

    private static final List<DeviceSupport> WEAKEST_FIRST = List.of(IMPROBABLE, PROBABLE, INCOMPLETE, COMPLETE, EXACT);

    @Test
    void levelsAreWeakestFirst() {
        assertEquals(WEAKEST_FIRST, List.of(DeviceSupport.values()));
    }

    @Test
    void isBetterThanIsStrict() {
        for (int i = 0; i < WEAKEST_FIRST.size(); i++) {
            for (int j = 0; j < WEAKEST_FIRST.size(); j++) {
                DeviceSupport a = WEAKEST_FIRST.get(i);
                DeviceSupport b = WEAKEST_FIRST.get(j);
                assertEquals(i > j, a.isBetterThan(b), a + " vs " + b);
            }
        }
    }

    @Test
    void examples() {
        assertTrue(EXACT.isBetterThan(COMPLETE));
        assertTrue(PROBABLE.isBetterThan(IMPROBABLE));
        assertFalse(IMPROBABLE.isBetterThan(PROBABLE));
        assertFalse(COMPLETE.isBetterThan(COMPLETE));
    }
}
