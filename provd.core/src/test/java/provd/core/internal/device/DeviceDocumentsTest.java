package provd.core.internal.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import provd.core.api.Device;
import provd.core.api.InvalidDocumentException;

class DeviceDocumentsTest {

    private static Device device(Object... keysAndValues) {
        Map<String, Object> doc = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            doc.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return Device.of(doc);
    }

    private static String refusedKey(Device device) {
        return assertThrows(InvalidDocumentException.class, () -> DeviceDocuments.normalize(device)).key();
    }

    @Test
    void macIsNormalised() {
        assertEquals("00:0f:d3:05:48:48",
                DeviceDocuments.normalize(device("mac", "00-0F-D3-05-48-48")).mac().orElseThrow());
        assertEquals("00:0f:d3:05:48:48", DeviceDocuments.normalize(device("mac", "000FD3054848")).mac().orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"00:0f:d3:05:48", "00:0f:d3:05:48:4g", "00:0f-d3:05:48:48", "", "not a mac"})
    void invalidMacIsRefused(String mac) {
        assertEquals(Device.MAC, refusedKey(device("mac", mac)));
    }

    @Test
    void nonTextMacIsRefused() {
        assertEquals(Device.MAC, refusedKey(device("mac", 42)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "../x", "-id", "a b"})
    void invalidIdIsRefused(String id) {
        assertEquals(Device.ID, refusedKey(device("id", id)));
    }

    @Test
    void unknownKeyIsRefused() {
        assertEquals("colour", refusedKey(device("id", "d1", "colour", "red")));
    }

    @Test
    void extensionKeysAreKeptAsTheyAre() {
        Map<String, Object> extension = Map.of("nested", List.of(1, "two"));
        Device normalized = DeviceDocuments.normalize(device("id", "d1", "X_site", extension, "X_flag", true));

        assertEquals(extension, normalized.asMap().get("X_site"));
        assertEquals(true, normalized.asMap().get("X_flag"));
    }

    @Test
    void nullValuesAreDropped() {
        Device normalized = DeviceDocuments.normalize(device("id", "d1", "ip", null, "vendor", "Test", "model", null));

        assertEquals(Map.of("id", "d1", "vendor", "Test"), normalized.asMap());
        assertFalse(normalized.asMap().containsKey("ip"));
    }

    @Test
    void typesOfKnownKeysAreChecked() {
        assertEquals(Device.IP, refusedKey(device("ip", "10.0.0.256")));
        assertEquals(Device.IP, refusedKey(device("ip", 10)));
        assertEquals(Device.ADDED, refusedKey(device("added", "imported")));
        assertEquals(Device.CONFIGURED, refusedKey(device("configured", "yes")));
        assertEquals(Device.VENDOR, refusedKey(device("vendor", 5)));
        assertEquals(Device.CONFIG, refusedKey(device("config", List.of("a"))));
    }

    @Test
    void validDocumentIsKept() {
        Device device = device("id", "d1", "mac", "00:0f:d3:05:48:48", "ip", "10.0.0.5", "vendor", "Digium",
                "model", "D40", "version", "1.1.0.0", "sn", "S1", "uuid", "u-1", "plugin", "digium-2.8.1",
                "config", "office", "configured", true, "added", "auto", "description", "desk",
                "remote_state_sip_username", "alice", "is_new", false);

        assertEquals(device, DeviceDocuments.normalize(device));
    }

    @Test
    void optionsIsAnObjectAsInWazoProvd() {
        Device device = device("id", "d1", "options", Map.of("switchboard", true));

        assertEquals(device, DeviceDocuments.normalize(device));
    }
}
