package provd.plugin.digium.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;

/**
 * The bundle's resources and manifest: plugin-info and pkgs.db where the headers say, the model table in step with
 * plugin-info.json, imports limited to the core's API/SPI, FreeMarker, OSGi and SLF4J. The manifest is the one
 * bnd-process wrote into target/classes before the tests ran.
 */
class BundleTest {

    @Test
    void modelTableMatchesPluginInfo() {
        @SuppressWarnings("unchecked")
        Map<String, Object> info = (Map<String, Object>) Cases.json("/plugin-info.json");
        assertEquals("1.0.4", info.get("version"));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> capabilities = (Map<String, Map<String, Object>>) info.get("capabilities");
        Map<String, Integer> fromJson = new LinkedHashMap<>();
        capabilities.forEach((key, caps) -> {
            List<String> parts = Arrays.stream(key.split(",")).map(String::trim).toList();
            assertEquals(List.of(DigiumPlugin.VENDOR, parts.get(1), DigiumPlugin.VERSION), parts, key);
            fromJson.put(parts.get(1), ((Number) caps.get("lines")).intValue());
        });
        Map<String, Integer> table = new LinkedHashMap<>();
        for (DigiumModel m : DigiumModel.values()) {
            table.put(m.name(), m.lines());
        }
        assertEquals(fromJson, table);
    }

    @Test
    void packagesDefineTheFirmware() throws Exception {
        String pkgs = new String(Cases.bytes("/pkgs/pkgs.db"), StandardCharsets.UTF_8);
        assertTrue(pkgs.contains("[pkg_firmware]"));
        assertTrue(pkgs.contains("version: 2.8.1"));
        assertTrue(pkgs.contains("b-c: cp */*.eff Digium/firmware/"));
    }

    @Test
    void bundledTemplatesExist() {
        for (DigiumModel m : DigiumModel.values()) {
            assertNotNull(BundleTest.class.getResource("/templates/" + m.name() + ".ftl"), m.name());
        }
        assertNotNull(BundleTest.class.getResource("/templates/base.ftl"));
        assertNotNull(BundleTest.class.getResource("/templates/contacts.ftl"));
    }

    @Test
    void manifest() throws Exception {
        Path file = Path.of("target/classes/META-INF/MANIFEST.MF");
        assertTrue(Files.exists(file), "bnd-process runs before the tests");
        Attributes main;
        try (InputStream in = Files.newInputStream(file)) {
            main = new Manifest(in).getMainAttributes();
        }
        assertEquals("plugin-info.json", main.getValue("Provd-PluginInfo"));
        assertEquals("pkgs/pkgs.db;plugin=" + DigiumPlugin.ID, main.getValue("Provd-Packages"),
                "the catalog's packages go to this plugin's file area");
        assertNotNull(BundleTest.class.getResource("/" + main.getValue("Provd-PluginInfo")));
        assertNotNull(BundleTest.class.getResource("/pkgs/pkgs.db"));
        assertNull(main.getValue("Export-Package"), "the plugin exports nothing");

        String services = main.getValue("Service-Component");
        for (String component : List.of("DigiumExtractor", "DigiumAssociator", "DigiumConfigurator")) {
            assertTrue(services.contains("provd.plugin.digium.internal." + component), component);
            String xml = Files.readString(Path.of("target/classes/OSGI-INF/provd.plugin.digium.internal."
                    + component + ".xml"));
            assertTrue(xml.contains("<property name=\"provd.plugin.id\" type=\"String\" value=\"digium-2.8.1\"/>"),
                    component);
        }

        for (String clause : main.getValue("Import-Package").split(",(?=[a-z])")) {
            String pkg = clause.split(";")[0];
            assertTrue(pkg.startsWith("java.") || pkg.equals("provd.core.api") || pkg.equals("provd.core.spi")
                    || pkg.startsWith("freemarker.") || pkg.startsWith("org.osgi.") || pkg.equals("org.slf4j"),
                    "unexpected import " + pkg);
        }
    }
}
