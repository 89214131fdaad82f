package provd.plugin.digium.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import provd.core.api.Device;
import provd.core.api.RawConfig;

/** Operator templates in {@code <provd.home>/etc/templates/digium-2.8.1/} win over the bundled ones. */
class OverrideTest {
    private static final String CFG = "Digium/000fd3054848.cfg";
    private static final String CONTACTS = "Digium/000fd3054848-contacts.xml";

    @TempDir
    Path home;

    private final RawConfig raw = RawConfig.of(Map.of("ip", "10.0.0.1", "http_port", 8667,
            "sip_lines", Map.of("1", Map.of("username", "u1", "password", "p1", "display_name", "A & B",
                    "proxy_ip", "10.0.0.1"))));

    private static Device device(String model) {
        return Device.of(Map.of("id", "d1", "mac", "00:0f:d3:05:48:48", "model", model));
    }

    private Path templates() throws Exception {
        return Files.createDirectories(home.resolve("etc/templates/digium-2.8.1"));
    }

    private static void write(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static String text(Map<String, byte[]> files, String path) {
        return new String(files.get(path), StandardCharsets.UTF_8);
    }

    @Test
    void folderIsUnderProvdHome() {
        assertEquals(home.resolve("etc/templates/digium-2.8.1"), new DigiumConfigurator(home).operatorTemplates());
        assertEquals(Path.of("provd-home").toAbsolutePath(), DigiumConfigurator.provdHome(null));
        assertEquals(Path.of("provd-home").toAbsolutePath(), DigiumConfigurator.provdHome(" "));
        assertEquals(home.toAbsolutePath(), DigiumConfigurator.provdHome(home.toString()));
    }

    @Test
    void perModelTemplateWins() throws Exception {
        // an operator D40.ftl reusing the bundled base.ftl with a model-specific setting
        write(templates().resolve("D40.ftl"), "<#macro suffix>    <setting id=\"operator\" value=\"${mac}\" />\n"
                + "</#macro>\n<#include \"base.ftl\">\n");
        DigiumConfigurator configurator = new DigiumConfigurator(home);

        Document d40 = Xml.parse(configurator.configure(device("D40"), raw).get(CFG));
        assertEquals("000fd3054848", Xml.setting(d40, "operator").getAttribute("value"));
        assertEquals("A & B", Xml.elements(d40, "account").get(0).getAttribute("line_label"));

        // other models keep the bundled template
        Document d50 = Xml.parse(configurator.configure(device("D50"), raw).get(CFG));
        assertNull(Xml.setting(d50, "operator"));
    }

    @Test
    void perDeviceTemplateWinsOverPerModel() throws Exception {
        write(templates().resolve("D40.ftl"), "<model/>\n");
        write(templates().resolve("000fd3054848.cfg.ftl"), "<device mac=\"${mac}\" label=\"${accounts[0].line_label}\"/>\n");
        write(templates().resolve("000fd3054848-contacts.xml.ftl"), "<phonebooks owner=\"${raw.ip}\"/>\n");
        DigiumConfigurator configurator = new DigiumConfigurator(home);

        Map<String, byte[]> files = configurator.configure(device("D40"), raw);
        // auto-escaping applies to operator templates too
        assertEquals("<device mac=\"000fd3054848\" label=\"A &amp; B\"/>\n", text(files, CFG));
        assertEquals("<phonebooks owner=\"10.0.0.1\"/>\n", text(files, CONTACTS));

        // another device of the same model gets the per-model template
        Device other = Device.of(Map.of("id", "d2", "mac", "00:0f:d3:05:48:49", "model", "D40"));
        assertEquals("<model/>\n", text(configurator.configure(other, raw), "Digium/000fd3054849.cfg"));
    }

    @Test
    void operatorBaseAndContactsTemplatesAreUsedByTheBundledOnes() throws Exception {
        write(templates().resolve("base.ftl"), "<config operator=\"base\"/>\n");
        write(templates().resolve("contacts.ftl"), "<phonebooks operator=\"contacts\"/>\n");
        Map<String, byte[]> files = new DigiumConfigurator(home).configure(device("D65"), raw);
        // the bundled D65.ftl includes base.ftl, found in the operator folder first
        assertEquals("<config operator=\"base\"/>\n", text(files, CFG));
        assertEquals("<phonebooks operator=\"contacts\"/>\n", text(files, CONTACTS));
    }

    @Test
    void templatesAddedWhileRunningWin() throws Exception {
        // no operator folder at all when the component starts
        DigiumConfigurator configurator = new DigiumConfigurator(home, Duration.ZERO);
        assertNotNull(Xml.setting(Xml.parse(configurator.configure(device("D40"), raw).get(CFG)), "login_password"));

        write(templates().resolve("D40.ftl"), "<late/>\n");
        assertEquals("<late/>\n", text(configurator.configure(device("D40"), raw), CFG));

        Files.delete(templates().resolve("D40.ftl"));
        assertNotNull(Xml.setting(Xml.parse(configurator.configure(device("D40"), raw).get(CFG)), "login_password"));
    }

    @Test
    void perDeviceTemplatesAddedOrRemovedWhileRunningAreSeen() throws Exception {
        Files.createDirectories(templates());
        DigiumConfigurator configurator = new DigiumConfigurator(home, Duration.ZERO);
        assertNotNull(Xml.setting(Xml.parse(configurator.configure(device("D40"), raw).get(CFG)), "login_password"));

        write(templates().resolve("000fd3054848.cfg.ftl"), "<device/>\n");
        assertEquals("<device/>\n", text(configurator.configure(device("D40"), raw), CFG));

        Files.delete(templates().resolve("000fd3054848.cfg.ftl"));
        assertNotNull(Xml.setting(Xml.parse(configurator.configure(device("D40"), raw).get(CFG)), "login_password"));
    }

    @Test
    void aPerDeviceTemplateIsLookedForAgainOnlyAfterTheUpdateDelay() throws Exception {
        Files.createDirectories(templates());
        DigiumConfigurator configurator = new DigiumConfigurator(home, Duration.ofHours(1));
        configurator.configure(device("D40"), raw);

        write(templates().resolve("000fd3054848.cfg.ftl"), "<device/>\n");
        assertNotNull(Xml.setting(Xml.parse(configurator.configure(device("D40"), raw).get(CFG)), "login_password"),
                "the folder's listing is trusted for the update delay");
    }

    @Test
    void operatorTemplatesSeeTheRawConfigAndDevice() throws Exception {
        write(templates().resolve("D40.ftl"), "<x port=\"${raw.http_port}\" ntp=\"${raw.ntp_enabled}\""
                + " model=\"${device.model}\" extra=\"${raw.X_note!'none'}\"/>\n");
        RawConfig withFlags = RawConfig.of(Map.of("ip", "10.0.0.1", "http_port", 18667, "ntp_enabled", true,
                "X_note", "<&>"));
        assertEquals("<x port=\"18667\" ntp=\"true\" model=\"D40\" extra=\"&lt;&amp;&gt;\"/>\n",
                text(new DigiumConfigurator(home).configure(device("D40"), withFlags), CFG));
    }

    @Test
    void brokenOperatorTemplateFailsClearly() throws Exception {
        write(templates().resolve("D40.ftl"), "<#if>\n");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new DigiumConfigurator(home).configure(device("D40"), raw));
        assertTrue(e.getMessage().contains("D40.ftl"), e.getMessage());

        write(templates().resolve("D45.ftl"), "${no_such_value}\n");
        e = assertThrows(IllegalStateException.class,
                () -> new DigiumConfigurator(home).configure(device("D45"), raw));
        assertTrue(e.getMessage().contains("D45.ftl"), e.getMessage());
    }
}
