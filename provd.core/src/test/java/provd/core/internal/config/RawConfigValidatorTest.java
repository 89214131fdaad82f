package provd.core.internal.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import provd.core.api.InvalidDocumentException;

class RawConfigValidatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The raw_config of each shipped config (reference/configs) and of the Digium plugin's reference cases. */
    private static final List<String> SHIPPED = List.of(
            // autoprov.json
            """
            {"ip": "127.0.0.1", "http_port": 8667,
             "sip_lines": {"1": {"username": "anonymous", "display_name": "Autoprov", "number": "autoprov",
                                 "registrar_ip": "127.0.0.1", "proxy_ip": "127.0.0.1", "password": "autoprov"}},
             "sccp_call_managers": {"1": {"ip": "127.0.0.1"}}}
            """,
            // base.json
            """
            {"ntp_ip": "127.0.0.1", "X_xivo_phonebook_ip": "127.0.0.1", "ntp_enabled": true}
            """,
            // default.json
            """
            {"X_key": "xivo"}
            """,
            // defaultconfigdevice.json
            """
            {"ntp_ip": "127.0.0.1", "user_password": "aZp7chavVbm9rvLL", "admin_username": "admin",
             "user_username": "user", "ntp_enabled": true, "admin_password": "F1jWSUfT0Q6fexcS",
             "sip_dtmf_mode": "SIP-INFO"}
            """,
            // digium case1.input.json
            """
            {"ip": "10.0.0.1", "http_port": 8667, "tftp_port": 69, "http_base_url": "http://10.0.0.1:8667",
             "admin_password": "s3cret", "timezone": "America/Montreal", "locale": "fr_CA",
             "ntp_enabled": true, "ntp_ip": "10.0.0.1", "vlan_enabled": false, "exten_voicemail": "*98",
             "sip_lines": {
              "1": {"proxy_ip": "10.0.0.1", "proxy_port": 5060, "backup_proxy_ip": "10.0.0.2", "backup_proxy_port": 5070,
                    "username": "u1abcd", "auth_username": "u1abcd", "password": "pw1", "display_name": "Alice Smith",
                    "number": "1001"},
              "2": {"proxy_ip": "10.0.0.1", "username": "u2efgh", "password": "pw2", "display_name": "Alice Line2",
                    "number": "1002"}},
             "funckeys": {"1": {"type": "speeddial", "value": "1003", "label": "Bob", "line": 1},
                          "2": {"type": "blf", "value": "1004", "label": "Carol", "line": 1}}}
            """,
            // digium case2.input.json
            """
            {"ip": "10.0.0.1", "http_port": 8667, "tftp_port": 69, "http_base_url": "http://10.0.0.1:8667/abcdKEY",
             "vlan_enabled": true, "vlan_id": 20,
             "sip_lines": {"1": {"proxy_ip": "10.0.0.1", "username": "u3", "password": "pw3", "display_name": "Dave"}},
             "funckeys": {"10": {"type": "blf", "value": "2000"}, "2": {"type": "park", "value": "700", "label": "Park"}}}
            """);

    static Stream<String> shipped() {
        return SHIPPED.stream();
    }

    @ParameterizedTest
    @MethodSource("shipped")
    void shippedConfigsValidate(String rawConfig) throws Exception {
        assertDoesNotThrow(() -> RawConfigValidator.validate(parse(rawConfig)));
    }

    /** Values accepted at a path, one or more per rule. */
    static Stream<Arguments> accepted() {
        return Stream.of(
                arguments("ip", "10.0.0.1"), arguments("ip", "255.255.255.255"), arguments("ip", "::1"),
                arguments("ip", "2001:db8::8a2e:370:7334"), arguments("ip", "::"),
                arguments("ip", "fe80:0:0:0:202:b3ff:fe1e:8329"), arguments("ip", "::ffff:192.0.2.1"),
                arguments("http_base_url", "http://10.0.0.1:8667"),
                arguments("http_base_url", "https://provd.example.com/abcdKEY"),
                arguments("http_base_url", "http://[2001:db8::1]:8667/"),
                arguments("http_port", 1), arguments("http_port", 65535), arguments("tftp_port", 69),
                arguments("http_port", 8667L), arguments("http_port", BigInteger.valueOf(8667)),
                arguments("locale", "fr_FR"), arguments("locale", "en_US"), arguments("locale", "de"),
                arguments("locale", "ast"),
                arguments("timezone", "America/Montreal"), arguments("timezone", "Europe/Paris"),
                arguments("timezone", "UTC"),
                arguments("protocol", "SIP"), arguments("protocol", "SCCP"),
                arguments("ntp_enabled", true), arguments("dns_enabled", false), arguments("vlan_enabled", true),
                arguments("syslog_enabled", false), arguments("sip_subscribe_mwi", true),
                arguments("ntp_ip", "10.0.0.1"), arguments("ntp_ip", "ntp.example.com"),
                arguments("dns_ip", "localhost"), arguments("syslog_ip", "2001:db8::1"),
                arguments("syslog_ip", "log-1.dc2.example.org"), arguments("ntp_ip", "123.example.com"),
                arguments("ntp_ip", "a".repeat(63) + ".com"),
                arguments("vlan_id", 0), arguments("vlan_id", 4094), arguments("vlan_priority", 0),
                arguments("vlan_priority", 7), arguments("vlan_pc_port_id", 4094),
                arguments("syslog_port", 514), arguments("syslog_level", "critical"),
                arguments("syslog_level", "debug"),
                arguments("admin_username", "admin"), arguments("admin_password", ""),
                arguments("user_username", "user"), arguments("user_password", "pw"),
                arguments("sip_proxy_ip", "10.0.0.1"), arguments("sip_backup_proxy_ip", "sip2.example.com"),
                arguments("sip_registrar_ip", "10.0.0.1"), arguments("sip_backup_registrar_ip", "10.0.0.2"),
                arguments("sip_outbound_proxy_ip", "::1"),
                arguments("sip_proxy_port", 5060), arguments("sip_backup_proxy_port", 5070),
                arguments("sip_registrar_port", 5060), arguments("sip_backup_registrar_port", 1),
                arguments("sip_outbound_proxy_port", 65535),
                arguments("sip_dtmf_mode", "RTP-in-band"), arguments("sip_dtmf_mode", "RTP-out-of-band"),
                arguments("sip_dtmf_mode", "SIP-INFO"), arguments("sip_srtp_mode", "disabled"),
                arguments("sip_srtp_mode", "preferred"), arguments("sip_srtp_mode", "required"),
                arguments("sip_transport", "udp"), arguments("sip_transport", "tcp"),
                arguments("sip_transport", "tls"),
                arguments("sip_servers_root_and_intermediate_certificates", "-----BEGIN CERTIFICATE-----"),
                arguments("sip_local_root_and_intermediate_certificates", "pem"),
                arguments("sip_local_certificate", "pem"), arguments("sip_local_key", "pem"),
                arguments("exten_voicemail", "*98"), arguments("exten_pickup_call", "*8"),
                arguments("exten_pickup_group", "*8"), arguments("exten_dnd", "*25"),
                arguments("exten_park", "700"), arguments("exten_fwd_unconditional", "*21"),
                arguments("exten_fwd_busy", "*23"),
                arguments("config_version", 0), arguments("config_version", 3),
                arguments("sip_lines", Map.of()),
                arguments("sip_lines.1.username", "u1"), arguments("sip_lines.1.password", "pw"),
                arguments("sip_lines.1.display_name", "Alice"), arguments("sip_lines.1.auth_username", "a1"),
                arguments("sip_lines.1.number", "1001"), arguments("sip_lines.12.voicemail", "*98"),
                arguments("sip_lines.1.proxy_ip", "10.0.0.1"), arguments("sip_lines.1.backup_proxy_ip", "b.example"),
                arguments("sip_lines.1.registrar_ip", "::1"), arguments("sip_lines.1.backup_registrar_ip", "x"),
                arguments("sip_lines.1.outbound_proxy_ip", "10.1.1.1"),
                arguments("sip_lines.1.proxy_port", 5060), arguments("sip_lines.1.backup_proxy_port", 5070),
                arguments("sip_lines.1.registrar_port", 1), arguments("sip_lines.1.backup_registrar_port", 65535),
                arguments("sip_lines.1.outbound_proxy_port", 5061),
                arguments("sip_lines.1.dtmf_mode", "SIP-INFO"), arguments("sip_lines.1.srtp_mode", "required"),
                arguments("sccp_call_managers.1.ip", "10.0.0.1"), arguments("sccp_call_managers.2.ip", "cm.example"),
                arguments("sccp_call_managers.1.port", 2000),
                arguments("funckeys.1.type", "speeddial"), arguments("funckeys.2.type", "blf"),
                arguments("funckeys.3.type", "park"), arguments("funckeys.1.value", "1003"),
                arguments("funckeys.1.label", "Bob"), arguments("funckeys.1.line", 1),
                arguments("funckeys.100.line", 2));
    }

    @ParameterizedTest
    @MethodSource("accepted")
    void accepts(String path, Object value) {
        assertDoesNotThrow(() -> RawConfigValidator.validate(nest(path, value)));
    }

    /** Values rejected at a path; the error must name exactly that path. */
    static Stream<Arguments> rejected() {
        return Stream.of(
                arguments("ip", "host.example.com"), arguments("ip", "10.0.0.256"), arguments("ip", "10.0.0"),
                arguments("ip", "010.0.0.1"), arguments("ip", "1:2:3:4:5:6:7:8:9"), arguments("ip", "1::2::3"),
                arguments("ip", "[::1]"), arguments("ip", "fe80::1%eth0"), arguments("ip", "12345::"),
                arguments("ip", "1.2.3.4::"), arguments("ip", ""), arguments("ip", 10),
                arguments("http_base_url", "ftp://10.0.0.1/"), arguments("http_base_url", "/provd"),
                arguments("http_base_url", "http://"), arguments("http_base_url", "http:x"),
                arguments("http_base_url", "not a url"), arguments("http_base_url", 8667),
                arguments("http_port", 0), arguments("http_port", 65536), arguments("http_port", "5060"),
                arguments("tftp_port", 69.0), arguments("tftp_port", true), arguments("http_port", -1L),
                arguments("http_port", new BigInteger("123456789012345678901234567890")),
                arguments("locale", "fr-FR"), arguments("locale", "FR"), arguments("locale", "fr_fr"),
                arguments("locale", "french"), arguments("locale", 1),
                arguments("timezone", "Mars/Olympus_Mons"), arguments("timezone", ""), arguments("timezone", " "),
                arguments("timezone", 2),
                arguments("protocol", "sip"), arguments("protocol", "H323"),
                arguments("ntp_enabled", "true"), arguments("dns_enabled", 1), arguments("vlan_enabled", "yes"),
                arguments("syslog_enabled", 0), arguments("sip_subscribe_mwi", "false"),
                arguments("ntp_ip", "10.0.0.300"), arguments("ntp_ip", "999.1.1.1"), arguments("dns_ip", "1.2.3.4.5"),
                arguments("ntp_ip", "-bad.example.com"), arguments("ntp_ip", "bad-.example.com"),
                arguments("ntp_ip", "under_score.example.com"), arguments("ntp_ip", "a..b"),
                arguments("ntp_ip", "example.com."), arguments("ntp_ip", ""), arguments("ntp_ip", "has space"),
                arguments("ntp_ip", "a".repeat(64) + ".com"),
                arguments("ntp_ip", String.join(".", "a".repeat(63), "b".repeat(63), "c".repeat(63), "d".repeat(62))),
                arguments("syslog_ip", "http://log.example.com"), arguments("dns_ip", 1),
                arguments("vlan_id", 4095), arguments("vlan_id", -1), arguments("vlan_priority", 8),
                arguments("vlan_pc_port_id", 4095), arguments("vlan_id", "20"),
                arguments("syslog_port", 0), arguments("syslog_port", 65536), arguments("syslog_level", "DEBUG"),
                arguments("syslog_level", "verbose"),
                arguments("admin_username", 1), arguments("admin_password", 1234), arguments("user_username", true),
                arguments("user_password", List.of("x")),
                arguments("sip_proxy_ip", "10.0.0.300"), arguments("sip_backup_proxy_ip", "bad_host"),
                arguments("sip_registrar_ip", 1), arguments("sip_backup_registrar_ip", ""),
                arguments("sip_outbound_proxy_ip", "-x"),
                arguments("sip_proxy_port", "5060"), arguments("sip_backup_proxy_port", 0),
                arguments("sip_registrar_port", 65536), arguments("sip_backup_registrar_port", 5060.0),
                arguments("sip_outbound_proxy_port", -5060),
                arguments("sip_dtmf_mode", "rfc2833"), arguments("sip_srtp_mode", "optional"),
                arguments("sip_transport", "UDP"), arguments("sip_transport", "sctp"),
                arguments("sip_servers_root_and_intermediate_certificates", 1),
                arguments("sip_local_root_and_intermediate_certificates", false),
                arguments("sip_local_certificate", Map.of()), arguments("sip_local_key", 3),
                arguments("exten_voicemail", 98), arguments("exten_pickup_call", 8),
                arguments("exten_pickup_group", 8), arguments("exten_dnd", 25), arguments("exten_park", 700),
                arguments("exten_fwd_unconditional", 21),
                arguments("config_version", -1), arguments("config_version", "1"),
                arguments("sip_lines", "1001"), arguments("sip_lines", List.of()), arguments("sip_lines.1", "u1"),
                arguments("sip_lines.1.username", 1001), arguments("sip_lines.1.password", 1),
                arguments("sip_lines.1.display_name", 1), arguments("sip_lines.1.auth_username", 1),
                arguments("sip_lines.1.number", 1001), arguments("sip_lines.1.voicemail", 98),
                arguments("sip_lines.1.proxy_ip", "10.0.0.300"), arguments("sip_lines.1.backup_proxy_ip", "a_b"),
                arguments("sip_lines.1.registrar_ip", ""), arguments("sip_lines.1.backup_registrar_ip", 1),
                arguments("sip_lines.1.outbound_proxy_ip", "999.1.1.1"),
                arguments("sip_lines.1.proxy_port", 70000), arguments("sip_lines.1.backup_proxy_port", "5070"),
                arguments("sip_lines.1.registrar_port", 0), arguments("sip_lines.1.backup_registrar_port", 65536),
                arguments("sip_lines.1.outbound_proxy_port", 1.5),
                arguments("sip_lines.1.dtmf_mode", "info"), arguments("sip_lines.1.srtp_mode", "on"),
                arguments("sccp_call_managers", "10.0.0.1"), arguments("sccp_call_managers.1", List.of()),
                arguments("sccp_call_managers.1.ip", "10.0.0.300"), arguments("sccp_call_managers.1.port", 0),
                arguments("funckeys", List.of()), arguments("funckeys.1", 5),
                arguments("funckeys.1.type", "speed dial"), arguments("funckeys.1.value", 1003),
                arguments("funckeys.1.label", 1), arguments("funckeys.1.line", 0), arguments("funckeys.1.line", "1"));
    }

    @ParameterizedTest
    @MethodSource("rejected")
    void rejects(String path, Object value) {
        assertRejected(path, nest(path, value));
    }

    @Test
    void messageSaysWhatIsWrongAndWhatIsAllowed() {
        assertEquals("sip_lines.1.proxy_port: must be an integer from 1 to 65535, not 70000",
                assertRejected("sip_lines.1.proxy_port", nest("sip_lines.1.proxy_port", 70000)).getMessage());
        assertEquals("http_port: must be an integer from 1 to 65535, not \"5060\"",
                assertRejected("http_port", Map.of("http_port", "5060")).getMessage());
        assertEquals("sip_transport: must be one of udp, tcp, tls, not \"UDP\"",
                assertRejected("sip_transport", Map.of("sip_transport", "UDP")).getMessage());
        assertEquals("ntp_ip: must be an IP address or a host name, not \"10.0.0.300\"",
                assertRejected("ntp_ip", Map.of("ntp_ip", "10.0.0.300")).getMessage());
    }

    @Test
    void secretsAndHugeValuesAreNotEchoed() {
        String message = assertRejected("admin_password", Map.of("admin_password", 987654)).getMessage();
        assertEquals("admin_password: must be a string, not an integer", message);
        String url = "http://" + "x".repeat(500) + " y";
        message = assertRejected("http_base_url", Map.of("http_base_url", url)).getMessage();
        assertTrue(message.length() < 200, message);
    }

    @Test
    void freeFormKeysAtEveryLevel() {
        Map<String, Object> anything = Map.of("nested", List.of(1, "two", Map.of("three", 3.0)));
        for (String path : List.of("X_vendor", "sip_lines.1.X_vendor", "funckeys.1.X_vendor",
                "sccp_call_managers.1.X_vendor")) {
            assertDoesNotThrow(() -> RawConfigValidator.validate(nest(path, anything)), path);
            assertDoesNotThrow(() -> RawConfigValidator.validate(nest(path, 5060.5)), path);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"foo", "sip_lines.1.foo", "funckeys.1.foo", "sccp_call_managers.1.foo",
            "x_lowercase_prefix", "sip_lines.1.sip_proxy_ip", "sccp_call_managers.1.proxy_ip", "funckeys.1.number"})
    void unknownKeysRejectedAtEveryLevel(String path) {
        InvalidDocumentException e = assertRejected(path, nest(path, "value"));
        String key = path.substring(path.lastIndexOf('.') + 1);
        assertTrue(e.getMessage().startsWith(path + ": unknown key '" + key + "'"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sip_lines.0", "sip_lines.01", "sip_lines.a", "sip_lines.X_extra", "sip_lines.-1",
            "sip_lines.1e3", "funckeys.0", "funckeys.first", "sccp_call_managers.00", "sip_lines.99999999999"})
    void objectsKeyedByNumberRejectOtherKeys(String path) {
        InvalidDocumentException e = assertRejected(path, nest(path, Map.of()));
        assertTrue(e.getMessage().contains("positive integer"), e.getMessage());
    }

    @Test
    void nullAcceptedEverywhere() {
        Map<String, Object> config = new HashMap<>();
        config.put("ip", null);
        config.put("http_port", null);
        config.put("foo_is_unknown_even_when_null", null);
        assertRejected("foo_is_unknown_even_when_null", config);
        config.remove("foo_is_unknown_even_when_null");
        config.put("sip_lines", null);
        config.put("funckeys", nest("1", null));
        config.put("sccp_call_managers", nest("1.port", null));
        assertDoesNotThrow(() -> RawConfigValidator.validate(config));
        assertDoesNotThrow(() -> RawConfigValidator.validate(nest("sip_lines.1.proxy_port", null)));
    }

    @Test
    void emptyConfigIsValid() {
        assertDoesNotThrow(() -> RawConfigValidator.validate(Map.of()));
    }

    @Test
    void reportsTheFirstProblemInDocumentOrder() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("http_port", 0);
        config.put("tftp_port", 0);
        assertRejected("http_port", config);
    }

    private static InvalidDocumentException assertRejected(String path, Map<String, ?> rawConfig) {
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class,
                () -> RawConfigValidator.validate(rawConfig), path);
        assertEquals(path, e.key());
        assertTrue(e.getMessage().startsWith(path + ": "), e.getMessage());
        assertFalse(e.getMessage().substring(path.length() + 2).isBlank(), e.getMessage());
        return e;
    }

    /** {@code nest("sip_lines.1.proxy_port", 70000)} is {@code {"sip_lines": {"1": {"proxy_port": 70000}}}}. */
    static Map<String, Object> nest(String path, Object value) {
        int dot = path.indexOf('.');
        Map<String, Object> map = new LinkedHashMap<>();
        if (dot < 0) {
            map.put(path, value);
        } else {
            map.put(path.substring(0, dot), nest(path.substring(dot + 1), value));
        }
        return map;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String json) throws Exception {
        return JSON.readValue(json, Map.class);
    }
}
