package provd.core.api;

import java.util.concurrent.atomic.AtomicInteger;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class DeviceTest {

    private static Map<String, Object> source() {
        Map<String, Object> nested = new HashMap<>();
        nested.put("k", "v");
        List<Object> list = new ArrayList<>(List.of("a", 1));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put(Device.ID, "dev1");
        doc.put(Device.MAC, "00:0f:d3:05:48:48");
        doc.put(Device.PLUGIN, "digium-2.8.1");
        doc.put(Device.CONFIG, "cfg1");
        doc.put("X_nested", nested);
        doc.put("X_list", list);
        return doc;
    }

    @Test
    void accessors() {
        Device device = Device.of(source()).with(Device.CONFIGURED, true).with(Device.VENDOR, "Digium");
        assertEquals(Optional.of("dev1"), device.id());
        assertEquals(Optional.of("00:0f:d3:05:48:48"), device.mac());
        assertEquals(Optional.of("digium-2.8.1"), device.plugin());
        assertEquals(Optional.of("cfg1"), device.config());
        assertEquals(Optional.of("Digium"), device.vendor());
        assertEquals(Optional.empty(), device.model());
        assertEquals(Optional.empty(), device.string("X_list"));
        assertTrue(device.configured());
    }

    @Test
    void configuredFalseWhenAbsentOrNotTrue() {
        assertFalse(Device.of(Map.of()).configured());
        assertFalse(Device.of(Map.of(Device.CONFIGURED, false)).configured());
        assertFalse(Device.of(Map.of(Device.CONFIGURED, "true")).configured());
    }

    @Test
    @SuppressWarnings("unchecked")
    void ofDeepCopies() {
        Map<String, Object> source = source();
        Device device = Device.of(source);
        Device expected = Device.of(source());
        source.put(Device.ID, "other");
        ((Map<String, Object>) source.get("X_nested")).put("k", "changed");
        ((List<Object>) source.get("X_list")).add("b");
        assertEquals(expected, device);
        assertEquals(Optional.of("dev1"), device.id());
        assertEquals(Map.of("k", "v"), device.get("X_nested").orElseThrow());
        assertEquals(List.of("a", 1), device.get("X_list").orElseThrow());
    }

    @Test
    @SuppressWarnings("unchecked")
    void documentIsUnmodifiableThroughout() {
        Device device = Device.of(source());
        assertThrows(UnsupportedOperationException.class, () -> device.asMap().put("x", "y"));
        assertThrows(UnsupportedOperationException.class, () -> device.asMap().remove(Device.ID));
        Map<String, Object> nested = (Map<String, Object>) device.get("X_nested").orElseThrow();
        assertThrows(UnsupportedOperationException.class, () -> nested.put("k", "w"));
        List<Object> list = (List<Object>) device.get("X_list").orElseThrow();
        assertThrows(UnsupportedOperationException.class, () -> list.add("b"));
        assertThrows(UnsupportedOperationException.class, () -> list.set(0, "b"));
    }

    @Test
    void withAndWithoutReturnChangedCopies() {
        Device original = Device.of(source());
        Device added = original.with(Device.IP, "10.0.0.7");
        Device replaced = original.with(Device.ID, "dev2");
        Device removed = original.without(Device.PLUGIN);
        Device removedByNull = original.with(Device.PLUGIN, null);

        assertEquals(Optional.of("10.0.0.7"), added.ip());
        assertEquals(Optional.of("dev2"), replaced.id());
        assertEquals(Optional.empty(), removed.plugin());
        assertFalse(removed.asMap().containsKey(Device.PLUGIN));
        assertEquals(removed, removedByNull);

        assertEquals(Device.of(source()), original);
        assertEquals(Optional.empty(), original.ip());
        assertEquals(Optional.of("dev1"), original.id());
        assertEquals(Optional.of("digium-2.8.1"), original.plugin());
    }

    @Test
    @SuppressWarnings("unchecked")
    void withDeepCopiesValue() {
        List<Object> lines = new ArrayList<>(List.of("1"));
        Device device = Device.of(Map.of()).with("X_lines", lines);
        lines.add("2");
        assertEquals(List.of("1"), device.get("X_lines").orElseThrow());
        assertThrows(UnsupportedOperationException.class,
                () -> ((List<Object>) device.get("X_lines").orElseThrow()).add("3"));
    }

    @Test
    void nonJsonValueRejected() {
        assertThrows(IllegalArgumentException.class, () -> Device.of(Map.of("x", new Object())));
        assertThrows(IllegalArgumentException.class, () -> Device.of(Map.of("x", List.of(Map.of("y", new Object())))));
        assertThrows(IllegalArgumentException.class, () -> Device.of(Map.of()).with("x", new Object()));
        assertThrows(NullPointerException.class, () -> Device.of(null));
    }

    @Test
    void nullValuesAreKept() {
        Map<String, Object> source = new HashMap<>();
        source.put(Device.DESCRIPTION, null);
        Device device = Device.of(source);
        assertTrue(device.asMap().containsKey(Device.DESCRIPTION));
        assertEquals(Optional.empty(), device.get(Device.DESCRIPTION));
    }

    @Test
    void equalsAndHashCode() {
        assertEquals(Device.of(source()), Device.of(source()));
        assertEquals(Device.of(source()).hashCode(), Device.of(source()).hashCode());
        assertNotEquals(Device.of(source()), Device.of(source()).with(Device.ID, "dev2"));
    }

    @Test
    void mutableOrNonFiniteNumbersAndNonStringKeysRejected() {
        assertThrows(IllegalArgumentException.class, () -> Device.of(Map.of("X_n", new AtomicInteger(1))));
        assertThrows(IllegalArgumentException.class, () -> Device.of(Map.of("X_n", Double.NaN)));
        assertThrows(IllegalArgumentException.class, () -> Device.of(Map.of("x", Map.of(1, "a"))));
    }
}
