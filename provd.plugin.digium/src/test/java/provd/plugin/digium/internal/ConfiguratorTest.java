package provd.plugin.digium.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import provd.core.api.Device;
import provd.core.api.RawConfig;
import provd.core.spi.InvalidConfigurationException;

class ConfiguratorTest {
    @TempDir
    Path home;

    private static final Device D60 = Device.of(Map.of("id", "d1", "mac", "00:0f:d3:05:48:48", "model", "D60"));

    private DigiumConfigurator configurator() {
        return new DigiumConfigurator(home);
    }

    /** A minimal raw config with one line; {@code changes} put on top (a null value removes the key). */
    private static RawConfig raw(Map<String, Object> changes) {
        Map<String, Object> line = new HashMap<>(Map.of("username", "u1", "password", "p1", "display_name", "One",
                "proxy_ip", "10.0.0.1"));
        Map<String, Object> raw = new HashMap<>(Map.of("ip", "10.0.0.1", "http_port", 8667,
                "sip_lines", Map.of("1", line)));
        changes.forEach((k, v) -> {
            if (v == null) {
                raw.remove(k);
            } else {
                raw.put(k, v);
            }
        });
        return RawConfig.of(raw);
    }

    private static Map<String, Object> line(Object... keyValues) {
        Map<String, Object> line = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            line.put((String) keyValues[i], keyValues[i + 1]);
        }
        return line;
    }

    private Document cfg(Device device, RawConfig raw) throws Exception {
        String mac = device.mac().orElseThrow().replace(":", "").toLowerCase();
        return Xml.parse(configurator().configure(device, raw).get("Digium/" + mac + ".cfg"));
    }

    private InvalidConfigurationException refused(Device device, RawConfig raw) {
        return assertThrows(InvalidConfigurationException.class, () -> configurator().configure(device, raw));
    }

    // ------------------------------------------------------------------ files

    @Test
    void producesTheTwoFilesOfTheDevice() throws Exception {
        Map<String, byte[]> files = configurator().configure(D60, raw(Map.of()));
        assertEquals(List.of("Digium/000fd3054848.cfg", "Digium/000fd3054848-contacts.xml"),
                List.copyOf(files.keySet()));
        assertEquals(Set.of("Digium/000fd3054848.cfg", "Digium/000fd3054848-contacts.xml"),
                configurator().deconfigure(D60));
        assertEquals(Optional.of("Digium/000fd3054848.cfg"), configurator().remoteStateTriggerFilename(D60));
    }

    @Test
    void upperCaseOrDashedMacGivesLowerCaseNames() throws Exception {
        Device device = Device.of(Map.of("mac", "00-0F-D3-AB-CD-EF", "model", "D40"));
        assertEquals(Set.of("Digium/000fd3abcdef.cfg", "Digium/000fd3abcdef-contacts.xml"),
                configurator().configure(device, raw(Map.of())).keySet());
        assertEquals(Set.of("Digium/000fd3abcdef.cfg", "Digium/000fd3abcdef-contacts.xml"),
                configurator().deconfigure(device));
    }

    @Test
    void deviceWithoutMacIsRefused() {
        Device noMac = Device.of(Map.of("id", "d1", "model", "D60"));
        assertEquals("mac", refused(noMac, raw(Map.of())).key());
        assertEquals("mac", refused(Device.of(Map.of("mac", "not-a-mac")), raw(Map.of())).key());
        assertEquals("mac", refused(Device.of(Map.of("mac", "00:00:00:00:00:00")), raw(Map.of())).key());
        assertEquals(Set.of(), configurator().deconfigure(noMac));
        assertEquals(Optional.empty(), configurator().remoteStateTriggerFilename(noMac));
    }

    @ParameterizedTest
    @CsvSource({
            "Digium/000fd3054848.cfg, true",
            "Digium/000fd3054848-contacts.xml, true",
            "/Digium/000fd3054848.cfg, true",
            "000fd3054848.cfg, true",
            "000fd3054848-contacts.xml, true",
            "Digium/000FD3054848.CFG, true",
            "digium/000FD3054848-Contacts.XML, true",
            "Digium/firmware/2_8_1_D40_firmware.eff, false",
            "Digium/000fd305484.cfg, false",
            "Digium/000fd3054848.cfg.bak, false",
            "Digium/000fd3054848.xml, false",
            "Other/000fd3054848.cfg, false",
            "Digium/x/000fd3054848.cfg, false",
            "Digium/, false",
    })
    void sensitiveFiles(String path, boolean sensitive) {
        assertEquals(sensitive, configurator().isSensitiveFilename(path));
    }

    @Test
    void sensitiveNullOrEmpty() {
        assertFalse(configurator().isSensitiveFilename(null));
        assertFalse(configurator().isSensitiveFilename(""));
    }

    // ------------------------------------------------------------------ refusals, naming the key

    @Test
    void lineWithoutUsernameIsRefused() {
        RawConfig raw = raw(Map.of("sip_lines", Map.of("1", line("password", "p", "proxy_ip", "10.0.0.1"))));
        assertEquals("sip_lines.1.username", refused(D60, raw).key());
    }

    @Test
    void lineWithoutAnyProxyIsRefused() {
        RawConfig raw = raw(Map.of("sip_lines", Map.of("2", line("username", "u", "password", "p"))));
        InvalidConfigurationException e = refused(D60, raw);
        assertEquals("sip_lines.2.proxy_ip", e.key());
        assertFalse(e.getMessage().contains("p\""), "no value in the message");
    }

    @Test
    void malformedValuesAreRefused() {
        assertEquals("sip_lines.x", refused(D60, raw(Map.of("sip_lines", Map.of("x", line("username", "u"))))).key());
        assertEquals("sip_lines.1", refused(D60, raw(Map.of("sip_lines", Map.of("1", "text")))).key());
        assertEquals("sip_lines", refused(D60, raw(Map.of("sip_lines", List.of()))).key());
        assertEquals("sip_lines.1.proxy_port", refused(D60, raw(Map.of("sip_lines",
                Map.of("1", line("username", "u", "proxy_ip", "h", "proxy_port", "http"))))).key());
        assertEquals("sip_transport", refused(D60, raw(Map.of("sip_transport", "sctp"))).key());
        assertEquals("vlan_id", refused(D60, raw(Map.of("vlan_enabled", true, "vlan_id", 5000))).key());
        assertEquals("funckeys.3.value", refused(D60, raw(Map.of("funckeys",
                Map.of("3", line("type", "blf", "label", "x"))))).key());
        assertEquals("funckeys.0", refused(D60, raw(Map.of("funckeys", Map.of("0", line("value", "1"))))).key());
        assertEquals("ip", refused(D60, raw(Map.of("ip", ""))).key());
    }

    // ------------------------------------------------------------------ values and fallbacks

    @Test
    void lineFallsBackOnTheGlobalProxies() throws Exception {
        RawConfig raw = raw(Map.of(
                "sip_proxy_ip", "10.9.0.1", "sip_proxy_port", 5065,
                "sip_backup_proxy_ip", "10.9.0.2",
                "sip_lines", Map.of("1", line("username", "u", "password", "p", "display_name", "U"))));
        Element account = Xml.elements(cfg(D60, raw), "account").get(0);
        Element primary = Xml.children(account).get(0);
        Element alternate = Xml.children(account).get(1);
        assertEquals(Map.of("server", "10.9.0.1", "port", "5065", "transport", "udp", "reregister", "3600",
                "retry", "25", "num_retries", "5"), Xml.attributes(primary));
        assertEquals("host_alternate", alternate.getTagName());
        assertEquals("10.9.0.2", alternate.getAttribute("server"));
        assertEquals("5060", alternate.getAttribute("port"));
    }

    @Test
    void nullLinesAreSkippedAndLinesSortNumerically() throws Exception {
        Map<String, Object> lines = new HashMap<>();
        lines.put("10", line("username", "ten", "proxy_ip", "h"));
        lines.put("2", line("username", "two", "proxy_ip", "h"));
        lines.put("3", null);
        Device unknownModel = Device.of(Map.of("mac", "00:0f:d3:05:48:48", "model", "D80"));
        List<Element> accounts = Xml.elements(cfg(unknownModel, raw(Map.of("sip_lines", lines))), "account");
        assertEquals(List.of("1", "9"), accounts.stream().map(a -> a.getAttribute("index")).toList());
        assertEquals(List.of("two", "ten"), accounts.stream().map(a -> a.getAttribute("username")).toList());
    }

    @Test
    void modelCapsTheLines() throws Exception {
        Map<String, Object> lines = new HashMap<>();
        for (int i = 1; i <= 7; i++) {
            lines.put(Integer.toString(i), line("username", "u" + i, "proxy_ip", "h"));
        }
        for (DigiumModel model : DigiumModel.values()) {
            Device device = Device.of(Map.of("mac", "00:0f:d3:05:48:48", "model", model.name()));
            assertEquals(model.lines(), Xml.elements(cfg(device, raw(Map.of("sip_lines", lines))), "account").size(),
                    model.name());
        }
        // a model in lower case is still that model
        Device lower = Device.of(Map.of("mac", "00:0f:d3:05:48:48", "model", "d40"));
        assertEquals(2, Xml.elements(cfg(lower, raw(Map.of("sip_lines", lines))), "account").size());
        // no model, or one we do not know: every line, through base.ftl
        Device none = Device.of(Map.of("mac", "00:0f:d3:05:48:48"));
        assertEquals(7, Xml.elements(cfg(none, raw(Map.of("sip_lines", lines))), "account").size());
    }

    @Test
    void noLinesGiveNoAccounts() throws Exception {
        Map<String, Object> changes = new HashMap<>();
        changes.put("sip_lines", null);
        Document cfg = cfg(D60, raw(changes));
        assertEquals(0, Xml.elements(cfg, "account").size());
        assertEquals(1, Xml.elements(cfg, "accounts").size());
    }

    @Test
    void blfWithoutLinesSubscribesOnSipProxyThenServer() throws Exception {
        Map<String, Object> changes = new HashMap<>();
        changes.put("sip_lines", null);
        changes.put("funckeys", Map.of("1", line("type", "blf", "value", "42")));
        Document contacts = Xml.parse(configurator().configure(D60, raw(changes))
                .get("Digium/000fd3054848-contacts.xml"));
        assertEquals("sip:42@10.0.0.1", Xml.elements(contacts, "contact").get(0).getAttribute("subscribe_to"));
        changes.put("sip_proxy_ip", "10.7.7.7");
        contacts = Xml.parse(configurator().configure(D60, raw(changes)).get("Digium/000fd3054848-contacts.xml"));
        assertEquals("sip:42@10.7.7.7", Xml.elements(contacts, "contact").get(0).getAttribute("subscribe_to"));
    }

    @Test
    void serverUrl() throws Exception {
        assertEquals("http://10.0.0.1:8667/Digium/000fd3054848-contacts.xml",
                Xml.elements(cfg(D60, raw(Map.of())), "contacts").get(0).getAttribute("url"));
        assertEquals("http://[fd00::1]:8000/Digium/000fd3054848-contacts.xml",
                Xml.elements(cfg(D60, raw(Map.of("ip", "fd00::1", "http_port", "8000"))), "contacts").get(0)
                        .getAttribute("url"));
        assertEquals("https://p.example/key/Digium/000fd3054848-contacts.xml",
                Xml.elements(cfg(D60, raw(Map.of("http_base_url", "https://p.example/key//"))), "contacts").get(0)
                        .getAttribute("url"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "TLS", "udp"})
    void transportOfEveryHost(String transport) throws Exception {
        Document cfg = cfg(D60, raw(Map.of("sip_transport", transport, "sip_backup_proxy_ip", "10.0.0.2")));
        assertEquals(transport.toLowerCase(), Xml.elements(cfg, "host_primary").get(0).getAttribute("transport"));
        assertEquals(transport.toLowerCase(), Xml.elements(cfg, "host_alternate").get(0).getAttribute("transport"));
    }

    @Test
    void settingsLeftOutWhenAbsent() throws Exception {
        Document cfg = cfg(D60, raw(Map.of("ntp_enabled", true, "locale", " ")));
        assertNull(Xml.setting(cfg, "time_zone"));
        assertNull(Xml.setting(cfg, "time_source"));
        assertNull(Xml.setting(cfg, "ntp_server"));
        assertNull(Xml.setting(cfg, "locale"));
        assertEquals("789", Xml.setting(cfg, "login_password").getAttribute("value"));
        assertEquals("0", Xml.setting(cfg, "network_vlan_id").getAttribute("value"));
    }

    @Test
    void rendersConcurrently() throws Exception {
        DigiumConfigurator shared = configurator();
        List<java.util.concurrent.Callable<String>> jobs = new java.util.ArrayList<>();
        for (int i = 0; i < 64; i++) {
            String mac = String.format("00:0f:d3:00:%02x:%02x", i / 256, i % 256);
            Device device = Device.of(Map.of("mac", mac, "model", DigiumModel.values()[i % 7].name()));
            RawConfig raw = raw(Map.of("admin_password", "pw" + i));
            jobs.add(() -> {
                Document cfg = Xml.parse(shared.configure(device, raw).get(
                        "Digium/" + mac.replace(":", "") + ".cfg"));
                return Xml.setting(cfg, "login_password").getAttribute("value");
            });
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            var results = pool.invokeAll(jobs);
            for (int i = 0; i < results.size(); i++) {
                assertEquals("pw" + i, results.get(i).get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void jsonNumbersAsDoublesPrintAsIntegers() throws Exception {
        Document cfg = cfg(D60, raw(Map.of("vlan_enabled", true, "vlan_id", 20.0, "vlan_priority", 3L)));
        assertEquals("20", Xml.setting(cfg, "network_vlan_id").getAttribute("value"));
        assertEquals("3", Xml.setting(cfg, "network_vlan_qos").getAttribute("value"));
    }
}
