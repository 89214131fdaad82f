package provd.core.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import provd.core.api.Device;

class WazoImportTest {
    @TempDir
    Path data;
    @TempDir
    Path source;
    private final TestPlugin plugin = TestPlugin.test("test-1.0", "1.0");
    private InventoryFixture fx;

    @BeforeEach
    void open() throws Exception {
        fx = InventoryFixture.open(data, new TestPlugins().add(plugin), 1);
    }

    @AfterEach
    void close() {
        fx.close();
    }

    /** Writes a document as Python's json.dump does: ", " and ": " separators, non-ASCII escaped. */
    private void write(String collection, String id, String json) throws IOException {
        Files.createDirectories(source.resolve(collection));
        Files.writeString(source.resolve(collection).resolve(id), json, UTF_8);
    }

    private Map<Path, String> snapshot() throws IOException {
        Map<Path, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                files.put(source.relativize(path), Files.isRegularFile(path)
                        ? Files.readString(path) + "@" + Files.getLastModifiedTime(path) : "dir");
            }
        }
        return files;
    }

    @Test
    void importsValidDocumentsAndReportsEachRefusal() throws Exception {
        write("configs", "aaa-child", "{\"X_type\": \"device\", \"raw_config\": {\"sip_lines\": {\"1\": "
                + "{\"username\": \"alice\", \"display_name\": \"Alic\\u00e9\", \"password\": \"pw\"}}}, "
                + "\"parent_ids\": [\"zzz-parent\"], \"id\": \"aaa-child\", \"deletable\": true}");
        write("configs", "zzz-parent", "{\"parent_ids\": [\"base\"], \"raw_config\": {\"locale\": \"fr_FR\", "
                + "\"sip_proxy_ip\": \"10.1.1.1\"}, \"id\": \"zzz-parent\"}");
        write("configs", "broken", "{\"parent_ids\": [\"base\"], \"raw_config\": {");
        write("configs", "base", "{\"parent_ids\": [], \"raw_config\": {}, \"id\": \"base\"}");
        write("configs", "bad-key", "{\"parent_ids\": [], \"raw_config\": {\"sip_proxy_port\": 0}}");
        write("devices", "d1", "{\"added\": \"auto\", \"config\": \"aaa-child\", \"configured\": true, "
                + "\"description\": \"caf\\u00e9\", \"id\": \"d1\", \"ip\": \"10.0.0.5\", "
                + "\"mac\": \"00:11:22:33:44:55\", \"model\": \"T1\", \"plugin\": \"test-1.0\", \"vendor\": \"Test\"}");
        write("devices", "d2", "{\"id\": \"d2\", \"mac\": \"00:11:22:33:44:zz\", \"config\": \"aaa-child\"}");
        write("devices", "d3", "{\"id\": \"d3\", \"mac\": \"00:11:22:33:44:77\"}");
        fx.inventory.addDevice(Device.of(Map.of("id", "d3")));
        Map<Path, String> before = snapshot();

        WazoImport.Report report = new WazoImport(fx.inventory).run(source);

        assertEquals(2, report.configs());
        assertEquals(1, report.devices());
        assertEquals(5, report.refused().size(), report.refused().toString());
        assertRefused(report, "configs broken: not a JSON object");
        assertRefused(report, "config base: ");
        assertRefused(report, "config bad-key: raw_config.sip_proxy_port");
        assertRefused(report, "device d2: mac");
        assertRefused(report, "device d3: ");
        assertEquals(before, snapshot(), "the source directory is only read");

        assertEquals(List.of("zzz-parent"), fx.inventory.config("aaa-child").orElseThrow().parentIds());
        assertEquals(Optional.of("fr_FR"), fx.inventory.rawConfig("aaa-child").string("locale"));
        Device d1 = fx.inventory.device("d1").orElseThrow();
        assertEquals(Optional.of("café"), d1.string(Device.DESCRIPTION));
        assertEquals(Optional.of("auto"), d1.string(Device.ADDED));
        assertEquals(Optional.of("d1"), fx.inventory.byMac("00:11:22:33:44:55").flatMap(Device::id));
        assertEquals(Optional.empty(), fx.inventory.device("d2"));
        assertEquals(Optional.empty(), fx.inventory.device("d3").flatMap(Device::mac), "the existing d3 is kept");
        Await.until("the imported device is configured",
                () -> fx.inventory.device("d1").map(Device::configured).orElse(false));
        assertTrue(Files.readString(fx.pluginFile(plugin.id, plugin.path("00:11:22:33:44:55")))
                .contains("username=alice\n"));
    }

    private static void assertRefused(WazoImport.Report report, String prefix) {
        assertTrue(report.refused().stream().anyMatch(reason -> reason.startsWith(prefix)),
                "no refusal starting with '" + prefix + "' in " + report.refused());
    }

    @Test
    void aCycleAmongImportedConfigsIsRefusedNotLooped() throws Exception {
        write("configs", "a", "{\"parent_ids\": [\"b\"], \"raw_config\": {}}");
        write("configs", "b", "{\"parent_ids\": [\"a\"], \"raw_config\": {}}");
        write("configs", "c", "{\"parent_ids\": [\"base\"], \"raw_config\": {}}");

        WazoImport.Report report = new WazoImport(fx.inventory).run(source);

        assertEquals(1, report.configs());
        assertEquals(2, report.refused().size(), report.refused().toString());
        assertEquals(Arrays.asList(true, true), Stream.of("a", "b")
                .map(id -> fx.inventory.config(id).isEmpty()).toList());
    }

    @Test
    void anEmptyDirectoryImportsNothingAndAMissingOneIsAnError() throws Exception {
        WazoImport.Report report = new WazoImport(fx.inventory).run(source);
        assertEquals(new WazoImport.Report(0, 0, List.of()), report);

        assertThrows(IOException.class, () -> new WazoImport(fx.inventory).run(source.resolve("missing")));
    }
}
