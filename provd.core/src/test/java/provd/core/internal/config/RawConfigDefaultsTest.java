package provd.core.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class RawConfigDefaultsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void topLevelDefaults() {
        Map<String, Object> config = RawConfigDefaults.apply(Map.of());
        assertEquals(Map.of("sip_transport", "udp", "sip_srtp_mode", "disabled", "syslog_port", 514,
                "syslog_level", "warning"), config);
        assertFalse(config.containsKey("sip_proxy_port"), "no proxy, no proxy port");
        assertFalse(config.containsKey("sip_lines"));
    }

    @Test
    void proxyPortDefaultsWhenProxySet() {
        assertEquals(5060, RawConfigDefaults.apply(Map.of("sip_proxy_ip", "10.0.0.1")).get("sip_proxy_port"));
        assertEquals(5070, RawConfigDefaults.apply(Map.of("sip_proxy_ip", "10.0.0.1", "sip_proxy_port", 5070))
                .get("sip_proxy_port"));
    }

    @Test
    void lineInheritsTopLevelSipSettings() throws Exception {
        Map<String, Object> line = line("""
                {"sip_proxy_ip": "10.0.0.1", "sip_backup_proxy_ip": "10.0.0.2", "sip_backup_proxy_port": 5070,
                 "sip_outbound_proxy_ip": "10.0.0.3", "sip_outbound_proxy_port": 5080,
                 "sip_dtmf_mode": "SIP-INFO", "exten_voicemail": "*98",
                 "sip_lines": {"1": {"username": "u1", "password": "pw", "display_name": "Alice"}}}
                """);
        assertEquals(json("""
                {"username": "u1", "password": "pw", "display_name": "Alice", "auth_username": "u1",
                 "proxy_ip": "10.0.0.1", "proxy_port": 5060, "registrar_ip": "10.0.0.1", "registrar_port": 5060,
                 "backup_proxy_ip": "10.0.0.2", "backup_proxy_port": 5070,
                 "backup_registrar_ip": "10.0.0.2", "backup_registrar_port": 5070,
                 "outbound_proxy_ip": "10.0.0.3", "outbound_proxy_port": 5080,
                 "dtmf_mode": "SIP-INFO", "srtp_mode": "disabled", "voicemail": "*98"}
                """), line);
    }

    @Test
    void lineProxyPortDefaultsWithItsOwnProxy() throws Exception {
        Map<String, Object> line = line("""
                {"sip_lines": {"1": {"proxy_ip": "10.0.0.9"}}}
                """);
        assertEquals(5060, line.get("proxy_port"));
        assertEquals("10.0.0.9", line.get("registrar_ip"));
        assertEquals(5060, line.get("registrar_port"));
        assertFalse(line.containsKey("auth_username"), "no username to copy");
        assertFalse(line.containsKey("backup_proxy_ip"));
        assertFalse(line.containsKey("backup_registrar_port"));
        assertFalse(line.containsKey("outbound_proxy_ip"));
        assertFalse(line.containsKey("dtmf_mode"));
        assertFalse(line.containsKey("voicemail"));
    }

    @Test
    void lineWithoutProxyGetsNoProxyPort() throws Exception {
        Map<String, Object> line = line("""
                {"sip_lines": {"1": {"username": "u1"}}}
                """);
        assertEquals(Map.of("username", "u1", "auth_username", "u1", "srtp_mode", "disabled"), line);
    }

    @Test
    void lineProxyPortTakesTheGlobalPort() throws Exception {
        Map<String, Object> line = line("""
                {"sip_proxy_port": 5070, "sip_lines": {"1": {"proxy_ip": "10.0.0.9"}}}
                """);
        assertEquals(5070, line.get("proxy_port"));
        assertEquals(5070, line.get("registrar_port"));
    }

    @Test
    void registrarsPreferTheGlobalRegistrars() throws Exception {
        Map<String, Object> line = line("""
                {"sip_proxy_ip": "10.0.0.1", "sip_registrar_ip": "10.0.0.5", "sip_registrar_port": 5065,
                 "sip_backup_proxy_ip": "10.0.0.2", "sip_backup_proxy_port": 5070,
                 "sip_backup_registrar_ip": "10.0.0.6", "sip_backup_registrar_port": 5075,
                 "sip_lines": {"1": {}}}
                """);
        assertEquals("10.0.0.5", line.get("registrar_ip"));
        assertEquals(5065, line.get("registrar_port"));
        assertEquals("10.0.0.6", line.get("backup_registrar_ip"));
        assertEquals(5075, line.get("backup_registrar_port"));
    }

    @Test
    void registrarsFollowTheLinesOwnProxies() throws Exception {
        Map<String, Object> line = line("""
                {"sip_proxy_ip": "10.0.0.1", "sip_backup_proxy_ip": "10.0.0.2",
                 "sip_lines": {"1": {"proxy_ip": "10.0.0.7", "proxy_port": 5071,
                                     "backup_proxy_ip": "10.0.0.8", "backup_proxy_port": 5072}}}
                """);
        assertEquals("10.0.0.7", line.get("registrar_ip"));
        assertEquals(5071, line.get("registrar_port"));
        assertEquals("10.0.0.8", line.get("backup_registrar_ip"));
        assertEquals(5072, line.get("backup_registrar_port"));
    }

    @Test
    void neverOverwrites() throws Exception {
        String ownLine = """
                {"username": "u1", "auth_username": "a1", "proxy_ip": "p", "proxy_port": 1, "registrar_ip": "r",
                 "registrar_port": 2, "backup_proxy_ip": "bp", "backup_proxy_port": 3, "backup_registrar_ip": "br",
                 "backup_registrar_port": 4, "outbound_proxy_ip": "o", "outbound_proxy_port": 5,
                 "dtmf_mode": "RTP-in-band", "srtp_mode": "required", "voicemail": "*1", "X_extra": true}
                """;
        Map<String, Object> input = json("""
                {"sip_transport": "tls", "sip_srtp_mode": "preferred", "syslog_port": 1514, "syslog_level": "debug",
                 "sip_proxy_ip": "10.0.0.1", "sip_proxy_port": 5070, "sip_registrar_ip": "10.0.0.5",
                 "sip_backup_proxy_ip": "10.0.0.2", "sip_backup_proxy_port": 5071,
                 "sip_backup_registrar_ip": "10.0.0.6", "sip_backup_registrar_port": 5072,
                 "sip_outbound_proxy_ip": "10.0.0.3", "sip_outbound_proxy_port": 5073,
                 "sip_dtmf_mode": "SIP-INFO", "exten_voicemail": "*98", "sip_lines": {"1": %s}}
                """.formatted(ownLine));
        Map<String, Object> result = RawConfigDefaults.apply(input);
        assertEquals(input, result);
    }

    @Test
    void nullCountsAsAbsent() {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("username", "u1");
        line.put("auth_username", null);
        line.put("proxy_ip", null);
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("sip_transport", null);
        input.put("sip_proxy_ip", "10.0.0.1");
        input.put("sip_proxy_port", null);
        input.put("sip_dtmf_mode", null);
        input.put("sip_lines", Map.of("1", line));
        Map<String, Object> result = RawConfigDefaults.apply(input);
        assertEquals("udp", result.get("sip_transport"));
        assertEquals(5060, result.get("sip_proxy_port"));
        Map<?, ?> filled = (Map<?, ?>) ((Map<?, ?>) result.get("sip_lines")).get("1");
        assertEquals("u1", filled.get("auth_username"));
        assertEquals("10.0.0.1", filled.get("proxy_ip"));
        assertNull(filled.get("dtmf_mode"), "a null source fills nothing");
    }

    @Test
    void inputNotMutatedAndResultSharesNothing() throws Exception {
        String text = """
                {"sip_proxy_ip": "10.0.0.1", "exten_voicemail": "*98", "X_list": [{"a": 1}],
                 "sip_lines": {"1": {"username": "u1"}, "2": {"proxy_ip": "10.0.0.9"}, "3": null},
                 "funckeys": {"1": {"type": "blf", "value": "1001"}}}
                """;
        Map<String, Object> input = json(text);
        Map<String, Object> result = RawConfigDefaults.apply(input);
        assertEquals(json(text), input);
        assertNotSame(input.get("sip_lines"), result.get("sip_lines"));
        assertNotSame(input.get("funckeys"), result.get("funckeys"));
        assertNotSame(input.get("X_list"), result.get("X_list"));
        assertNull(((Map<?, ?>) result.get("sip_lines")).get("3"), "a null line stays null");
        assertEquals(List.of(Map.of("a", 1)), result.get("X_list"));
    }

    @Test
    void absentOrNullSipLinesAreFine() {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("sip_proxy_ip", "10.0.0.1");
        assertFalse(RawConfigDefaults.apply(input).containsKey("sip_lines"));
        input.put("sip_lines", null);
        Map<String, Object> result = RawConfigDefaults.apply(input);
        assertNull(result.get("sip_lines"));
        assertEquals(5060, result.get("sip_proxy_port"));
    }

    /** Line 1 of the defaulted {@code config}. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> line(String config) throws Exception {
        Map<String, Object> lines = (Map<String, Object>) RawConfigDefaults.apply(json(config)).get("sip_lines");
        return (Map<String, Object>) lines.get("1");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String text) throws Exception {
        return JSON.readValue(text, Map.class);
    }
}
