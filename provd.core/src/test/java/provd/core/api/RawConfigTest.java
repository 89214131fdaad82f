package provd.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class RawConfigTest {

    private static Map<String, Object> source() {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("username", "1001");
        line.put("password", "s3cr3t-pw");
        Map<String, Object> lines = new LinkedHashMap<>();
        lines.put("1", line);
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("sip_proxy_ip", "10.0.0.1");
        values.put("sip_lines", lines);
        values.put("X_servers", new ArrayList<>(List.of("a", "b")));
        values.put("admin_password", "adm1n-pw");
        return values;
    }

    @Test
    void accessors() {
        RawConfig config = RawConfig.of(source());
        assertEquals(Optional.of("10.0.0.1"), config.string("sip_proxy_ip"));
        assertEquals(Optional.empty(), config.string("sip_lines"));
        assertEquals(Optional.empty(), config.string("locale"));
        assertTrue(config.object("sip_lines").orElseThrow().containsKey("1"));
        assertEquals(Optional.empty(), config.object("sip_proxy_ip"));
        assertEquals(Optional.empty(), config.get("locale"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void ofDeepCopies() {
        Map<String, Object> source = source();
        RawConfig config = RawConfig.of(source);
        source.put("sip_proxy_ip", "10.9.9.9");
        Map<String, Object> line = (Map<String, Object>) ((Map<String, Object>) source.get("sip_lines")).get("1");
        line.put("password", "changed");
        ((List<Object>) source.get("X_servers")).add("c");
        assertEquals(RawConfig.of(source()), config);
    }

    @Test
    @SuppressWarnings("unchecked")
    void unmodifiableThroughout() {
        RawConfig config = RawConfig.of(source());
        assertThrows(UnsupportedOperationException.class, () -> config.asMap().put("locale", "fr_FR"));
        Map<String, Object> lines = config.object("sip_lines").orElseThrow();
        assertThrows(UnsupportedOperationException.class, () -> lines.remove("1"));
        Map<String, Object> line = (Map<String, Object>) lines.get("1");
        assertThrows(UnsupportedOperationException.class, () -> line.put("password", "x"));
        List<Object> servers = (List<Object>) config.get("X_servers").orElseThrow();
        assertThrows(UnsupportedOperationException.class, () -> servers.add("c"));
    }

    @Test
    void nonJsonValueRejected() {
        assertThrows(IllegalArgumentException.class, () -> RawConfig.of(Map.of("x", new Object())));
        assertThrows(IllegalArgumentException.class,
                () -> RawConfig.of(Map.of("sip_lines", Map.of("1", Map.of("x", new StringBuilder())))));
        assertThrows(NullPointerException.class, () -> RawConfig.of(null));
    }

    @Test
    void toStringHidesValues() {
        String text = RawConfig.of(source()).toString();
        assertFalse(text.contains("s3cr3t-pw"), text);
        assertFalse(text.contains("adm1n-pw"), text);
        assertFalse(text.contains("10.0.0.1"), text);
        assertTrue(text.contains("admin_password"), text);
    }

    @Test
    void equalsAndHashCode() {
        assertEquals(RawConfig.of(source()), RawConfig.of(source()));
        assertEquals(RawConfig.of(source()).hashCode(), RawConfig.of(source()).hashCode());
        assertFalse(RawConfig.of(source()).equals(RawConfig.of(Map.of())));
    }
}
