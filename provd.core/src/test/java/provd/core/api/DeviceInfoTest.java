package provd.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class DeviceInfoTest {

    private static DeviceInfo full() {
        return DeviceInfo.builder()
                .vendor("Digium").model("D65").version("2.8.1").mac("00-0F-D3-05-48-48")
                .serialNumber("SN123").uuid("u-1").ip("10.0.0.7")
                .build();
    }

    @Test
    void builderSetsFacts() {
        DeviceInfo info = full();
        assertEquals(Optional.of("Digium"), info.vendor());
        assertEquals(Optional.of("D65"), info.model());
        assertEquals(Optional.of("2.8.1"), info.version());
        assertEquals(Optional.of("00:0f:d3:05:48:48"), info.mac());
        assertEquals(Optional.of("SN123"), info.serialNumber());
        assertEquals(Optional.of("u-1"), info.uuid());
        assertEquals(Optional.of("10.0.0.7"), info.ip());
        assertFalse(info.isEmpty());
    }

    @Test
    void valuesAreTrimmed() {
        assertEquals(Optional.of("Digium"), DeviceInfo.builder().vendor("  Digium ").build().vendor());
    }

    @Test
    void nullOrBlankLeavesFactUnknown() {
        DeviceInfo info = DeviceInfo.builder()
                .vendor(null).model("").version("   ").mac((String) null).serialNumber(" ").uuid(null).ip("\t")
                .build();
        assertTrue(info.isEmpty());
        assertEquals(Optional.empty(), info.vendor());
        assertEquals(Optional.empty(), info.model());
        assertEquals(Optional.empty(), info.mac());
        assertEquals(DeviceInfo.empty(), info);
    }

    @Test
    void macAcceptsMacAddress() {
        assertEquals(Optional.of("00:0f:d3:05:48:48"),
                DeviceInfo.builder().mac(MacAddress.of("000fd3054848")).build().mac());
    }

    @Test
    void invalidMacThrows() {
        assertThrows(IllegalArgumentException.class, () -> DeviceInfo.builder().mac("00:0f:d3:05:48"));
    }

    @Test
    void emptyIsEmpty() {
        assertTrue(DeviceInfo.empty().isEmpty());
        assertTrue(DeviceInfo.empty().asMap().isEmpty());
        assertEquals(Optional.empty(), DeviceInfo.empty().vendor());
        assertTrue(DeviceInfo.builder().build().isEmpty());
    }

    @Test
    void asMapIsKeyedByDocumentKeysInInsertionOrder() {
        Map<String, String> map = full().asMap();
        assertEquals(List.of("vendor", "model", "version", "mac", "sn", "uuid", "ip"), List.copyOf(map.keySet()));
        assertEquals("00:0f:d3:05:48:48", map.get("mac"));
        assertEquals("SN123", map.get("sn"));
        assertEquals(Optional.of("SN123"), full().get(DeviceInfo.SERIAL_NUMBER));
    }

    @Test
    void asMapIsUnmodifiable() {
        assertThrows(UnsupportedOperationException.class, () -> full().asMap().put("vendor", "x"));
        assertThrows(UnsupportedOperationException.class, () -> full().asMap().clear());
        assertThrows(UnsupportedOperationException.class, () -> DeviceInfo.empty().asMap().put("vendor", "x"));
    }

    @Test
    void toBuilderCopiesAndCanOverride() {
        DeviceInfo original = full();
        DeviceInfo changed = original.toBuilder().version("2.9.0").ip(null).build();
        assertEquals(Optional.of("2.9.0"), changed.version());
        assertEquals(Optional.empty(), changed.ip());
        assertEquals(original.vendor(), changed.vendor());
        assertEquals(original.mac(), changed.mac());
        assertEquals(Optional.of("2.8.1"), original.version());
        assertEquals(Optional.of("10.0.0.7"), original.ip());
        assertEquals(original, original.toBuilder().build());
    }

    @Test
    void equalsAndHashCode() {
        assertEquals(full(), full());
        assertEquals(full().hashCode(), full().hashCode());
        assertEquals(DeviceInfo.builder().mac("000fd3054848").build(),
                DeviceInfo.builder().mac("00:0F:D3:05:48:48").build());
        assertNotEquals(full(), full().toBuilder().model("D80").build());
        assertNotEquals(full(), DeviceInfo.empty());
    }

    @Test
    void blankMacClearsAKnownMac() {
        DeviceInfo info = DeviceInfo.builder().mac("000fd3054848").build().toBuilder().mac("").build();
        assertEquals(Optional.empty(), info.mac());
    }
}
