package provd.plugin.digium.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import provd.core.api.Device;
import provd.core.api.RawConfig;

/** Every value is XML-escaped and written in UTF-8: what goes in comes back out of an XML parser unchanged. */
class SpecialCharactersTest {
    private static final String MARKUP = "Bob & \"Alice\" <x>";
    private static final String NON_ASCII = "Zoë Ångström";
    private static final String PASSWORD = "p&ss<\"'>]]>";

    @TempDir
    Path home;

    private Map<String, byte[]> render() throws Exception {
        Device device = Device.of(Map.of("id", "x", "mac", "00:0f:d3:05:48:48", "model", "D60"));
        RawConfig raw = RawConfig.of(Map.of(
                "ip", "10.0.0.1", "http_port", 8667,
                "admin_password", MARKUP,
                "locale", "fr_FR",
                "timezone", "Europe/Paris",
                "sip_lines", Map.of(
                        "1", Map.of("username", "u&1", "auth_username", "a<1>", "password", PASSWORD,
                                "display_name", MARKUP, "proxy_ip", "10.0.0.1"),
                        "2", Map.of("username", "u2", "password", "p", "display_name", NON_ASCII,
                                "proxy_ip", "10.0.0.1", "voicemail", "*9'9")),
                "funckeys", Map.of(
                        "1", Map.of("type", "blf", "value", "1&2", "label", MARKUP),
                        "2", Map.of("type", "speeddial", "value", "3", "label", NON_ASCII))));
        return new DigiumConfigurator(home).configure(device, raw);
    }

    @Test
    void valuesRoundTripThroughAnXmlParser() throws Exception {
        Map<String, byte[]> files = render();
        Document cfg = Xml.parse(files.get("Digium/000fd3054848.cfg"));
        assertEquals(MARKUP, Xml.setting(cfg, "login_password").getAttribute("value"));
        List<Element> accounts = Xml.elements(cfg, "account");
        assertEquals("u&1", accounts.get(0).getAttribute("username"));
        assertEquals("u&1", accounts.get(0).getAttribute("account_id"));
        assertEquals("a<1>", accounts.get(0).getAttribute("authname"));
        assertEquals(PASSWORD, accounts.get(0).getAttribute("password"));
        assertEquals(MARKUP, accounts.get(0).getAttribute("line_label"));
        assertEquals(NON_ASCII, accounts.get(1).getAttribute("line_label"));
        assertEquals("sip:*9'9@10.0.0.1", accounts.get(1).getAttribute("voicemail"));

        Document contacts = Xml.parse(files.get("Digium/000fd3054848-contacts.xml"));
        List<Element> list = Xml.elements(contacts, "contact");
        assertEquals(MARKUP, list.get(0).getAttribute("first_name"));
        assertEquals("sip:1&2@10.0.0.1", list.get(0).getAttribute("subscribe_to"));
        assertEquals("1&2", Xml.elements(contacts, "number").get(0).getAttribute("dial"));
        assertEquals(NON_ASCII, list.get(1).getAttribute("first_name"));
    }

    @Test
    void writesUtf8NotCharacterReferences() throws Exception {
        Map<String, byte[]> files = render();
        for (byte[] file : files.values()) {
            String text = new String(file, StandardCharsets.UTF_8);
            assertTrue(text.startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"), text);
            assertTrue(text.contains(NON_ASCII), "non-ASCII written as UTF-8");
            assertFalse(text.contains("&#"), "no character references");
            assertFalse(text.contains(MARKUP), "markup characters escaped");
        }
    }
}
