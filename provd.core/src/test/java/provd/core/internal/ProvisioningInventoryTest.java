package provd.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import provd.core.api.Config;
import provd.core.api.ConflictException;
import provd.core.api.Device;
import provd.core.api.InvalidDocumentException;
import provd.core.api.NotFoundException;
import provd.core.api.Query;
import provd.core.api.RawConfig;
import provd.core.store.DocumentStore;

class ProvisioningInventoryTest {
    private static final String MAC1 = "00:11:22:33:44:01";
    private static final String MAC2 = "00:11:22:33:44:02";
    private static final String MAC3 = "00:11:22:33:44:03";
    private static final List<String> SHIPPED = List.of("base", "defaultconfigdevice", "autoprov", "default");

    @TempDir
    Path dir;
    private final TestPlugin one = TestPlugin.test("test-1.0", "1.0");
    private final TestPlugin two = TestPlugin.test("test-2.0", "2.0");
    private final TestPlugins plugins = new TestPlugins().add(one).add(two);
    private InventoryFixture fx;
    private ProvisioningInventory inv;
    private String barrierDevice;

    @BeforeEach
    void open() throws Exception {
        fx = InventoryFixture.open(dir, plugins, 1);
        inv = fx.inventory;
    }

    @AfterEach
    void close() {
        fx.close();
    }

    private Config addConfig(String id, String parent, String username) {
        return inv.addConfig(Json.config("""
                {"id": "%s", "parent_ids": ["%s"],
                 "raw_config": {"sip_lines": {"1": {"username": "%s", "password": "pw", "display_name": "%s"}}}}
                """.formatted(id, parent, username, username)));
    }

    private Device addDevice(String mac, String config) {
        return inv.addDevice(Device.of(Map.of("mac", mac, "plugin", one.id, "config", config)));
    }

    private static String id(Device device) {
        return device.id().orElseThrow();
    }

    private Device awaitConfigured(Device device) {
        String id = id(device);
        Await.until("device " + id + " is configured", () -> inv.device(id).map(Device::configured).orElse(false));
        return inv.device(id).orElseThrow();
    }

    private Path file(TestPlugin plugin, String mac) {
        return fx.pluginFile(plugin.id, plugin.path(mac));
    }

    private static String username(RawConfig raw) {
        return String.valueOf(((Map<?, ?>) raw.object("sip_lines").orElseThrow().get("1")).get("username"));
    }

    /** Returns once every background configuration submitted so far ran (configurations run one at a time). */
    private void drainConfigurations() throws Exception {
        if (barrierDevice == null) {
            barrierDevice = id(inv.addDevice(Device.of(Map.of("description", "barrier"))));
        }
        inv.reconfigureDevice(barrierDevice).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void firstStartCreatesTheShippedConfigsWhichCannotBeDeleted() throws Exception {
        assertEquals(4, inv.countConfigs(Query.all()));
        for (String id : SHIPPED) {
            assertFalse(inv.config(id).orElseThrow().deletable(), id);
            assertThrows(ConflictException.class, () -> inv.removeConfig(id));
        }
        assertEquals(Optional.of(Config.ROLE_AUTOCREATE), inv.config("autoprov").orElseThrow().role());

        inv.updateConfig(inv.config("base").orElseThrow().with(Config.DELETABLE, true));
        assertThrows(ConflictException.class, () -> inv.removeConfig("base"));

        fx.flush();
        for (String id : SHIPPED) {
            assertTrue(Files.exists(fx.documentFile(DocumentStore.CONFIGS, id)), id);
        }
    }

    @Test
    void anAddedDeviceGetsAnIdAndANormalisedMacAndIsConfiguredByItsPlugin() throws Exception {
        addConfig("office", "base", "alice");

        Device added = inv.addDevice(Device.of(Map.of("mac", "00-0F-D3-05-48-48", "plugin", one.id,
                "config", "office", "configured", true)));

        assertTrue(id(added).matches("[0-9a-f]{32}"), id(added));
        assertEquals(Optional.of("00:0f:d3:05:48:48"), added.mac());
        assertEquals(Optional.of("manual"), added.string(Device.ADDED));
        assertFalse(added.configured(), "configured is the server's to say");
        awaitConfigured(added);
        assertEquals("plugin=test-1.0\nusername=alice\nhttp_base_url=" + InventoryFixture.BASE_URL + "\n",
                Files.readString(fx.pluginFile(one.id, "Test/000fd3054848.cfg")));
        assertEquals(Optional.of(id(added)), inv.byMac("00:0f:d3:05:48:48").flatMap(Device::id));
        // the index says configured before the configurer's write of it is requested: wait for the write, then flush
        Await.until("configured saved", () -> savedConfigured(id(added)));
    }

    private boolean savedConfigured(String id) {
        try {
            fx.flush();
            return Boolean.TRUE.equals(Json.read(fx.deviceFile(id)).get(Device.CONFIGURED));
        } catch (Exception notYet) {
            return false;
        }
    }

    @Test
    void aMacOrIdAlreadyTakenIsAConflict() {
        Device first = addDevice(MAC1, "autoprov");
        Device second = addDevice(MAC2, "autoprov");

        assertThrows(ConflictException.class, () -> inv.addDevice(Device.of(Map.of("mac", "00-11-22-33-44-01"))));
        assertThrows(ConflictException.class, () -> inv.addDevice(Device.of(Map.of("id", id(first)))));
        assertThrows(ConflictException.class, () -> inv.updateDevice(second.with(Device.MAC, "001122334401")));

        assertEquals(2, inv.countDevices(Query.all()));
        assertEquals(Optional.of(MAC2), inv.device(id(second)).flatMap(Device::mac));
    }

    @Test
    void anUnknownConfigIsAnInvalidDocument() {
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class, () -> addDevice(MAC1, "nope"));
        assertEquals(Device.CONFIG, e.key());
        assertEquals(0, inv.countDevices(Query.all()));

        Device device = addDevice(MAC1, "autoprov");
        assertThrows(InvalidDocumentException.class, () -> inv.updateDevice(device.with(Device.CONFIG, "nope")));
        assertEquals(Optional.of("autoprov"), inv.device(id(device)).flatMap(Device::config));
    }

    @Test
    void unknownIdsAreNotFound() {
        assertThrows(NotFoundException.class, () -> inv.updateDevice(Device.of(Map.of("id", "nope"))));
        assertThrows(NotFoundException.class, () -> inv.removeDevice("nope"));
        assertThrows(NotFoundException.class, () -> inv.reconfigureDevice("nope"));
        assertThrows(NotFoundException.class, () -> inv.updateConfig(Config.of(Map.of("id", "nope"))));
        assertThrows(NotFoundException.class, () -> inv.removeConfig("nope"));
        assertThrows(NotFoundException.class, () -> inv.rawConfig("nope"));
        assertEquals(4, inv.countConfigs(Query.all()));
    }

    @Test
    void removingADeviceRemovesItsFilesAndTheTransientConfigItWasTheLastToUse() throws Exception {
        inv.addConfig(Json.config("{\"id\": \"tmp\", \"parent_ids\": [\"autoprov\"], \"transient\": true}"));
        inv.addConfig(Json.config("{\"id\": \"shared\", \"parent_ids\": [\"autoprov\"], \"transient\": true}"));
        Device a = awaitConfigured(addDevice(MAC1, "tmp"));
        Device b = awaitConfigured(addDevice(MAC2, "shared"));
        Device c = awaitConfigured(addDevice(MAC3, "shared"));
        assertTrue(Files.exists(file(one, MAC1)));

        inv.removeDevice(id(a));

        Await.until("the removed device's file is gone", () -> !Files.exists(file(one, MAC1)));
        assertEquals(Optional.empty(), inv.device(id(a)));
        assertEquals(Optional.empty(), inv.byMac(MAC1));
        assertEquals(Optional.empty(), inv.config("tmp"));

        inv.removeDevice(id(b));
        assertTrue(inv.config("shared").isPresent(), "another device still uses it");

        inv.updateDevice(c.with(Device.CONFIG, "autoprov"));
        assertEquals(Optional.empty(), inv.config("shared"), "its last device left it");

        fx.flush();
        assertFalse(Files.exists(fx.deviceFile(id(a))));
        assertFalse(Files.exists(fx.documentFile(DocumentStore.CONFIGS, "tmp")));
        assertFalse(Files.exists(fx.documentFile(DocumentStore.CONFIGS, "shared")));
        assertTrue(Files.exists(file(one, MAC3)));
    }

    @Test
    void aRawConfigChangeReRendersExactlyTheDevicesOfTheConfigAndItsDescendants() throws Exception {
        addConfig("site", "base", "alice");
        inv.addConfig(Json.config("{\"id\": \"desk\", \"parent_ids\": [\"site\"], \"raw_config\": {\"locale\": \"fr_FR\"}}"));
        addConfig("other", "base", "bob");
        Device onSite = awaitConfigured(addDevice(MAC1, "site"));
        Device onDesk = awaitConfigured(addDevice(MAC2, "desk"));
        Device onOther = awaitConfigured(addDevice(MAC3, "other"));
        drainConfigurations();
        Path otherFile = file(one, MAC3);
        String otherContent = Files.readString(otherFile);
        Files.setLastModifiedTime(otherFile, FileTime.fromMillis(0));
        int siteCalls = one.configurator.calls(id(onSite));
        int deskCalls = one.configurator.calls(id(onDesk));
        int otherCalls = one.configurator.calls(id(onOther));

        inv.updateConfig(inv.config("site").orElseThrow().with(Config.RAW_CONFIG,
                Map.of("sip_lines", Map.of("1", Map.of("username", "carol")))));
        drainConfigurations();

        assertTrue(Files.readString(file(one, MAC1)).contains("username=carol\n"));
        assertTrue(Files.readString(file(one, MAC2)).contains("username=carol\n"));
        assertEquals(siteCalls + 1, one.configurator.calls(id(onSite)));
        assertEquals(deskCalls + 1, one.configurator.calls(id(onDesk)));
        assertEquals(otherCalls, one.configurator.calls(id(onOther)), "a device of an unrelated config");
        assertEquals(otherContent, Files.readString(otherFile));
        assertEquals(FileTime.fromMillis(0), Files.getLastModifiedTime(otherFile));
    }

    @Test
    void aChangeLeavingTheResolvedRawConfigAsItWasReRendersNothing() throws Exception {
        addConfig("site", "base", "alice");
        Device device = awaitConfigured(addDevice(MAC1, "site"));
        drainConfigurations();
        int calls = one.configurator.calls(id(device));
        Config site = inv.config("site").orElseThrow();
        Map<String, Object> sameResolution = new LinkedHashMap<>(site.rawConfig());
        sameResolution.put("ntp_enabled", true);

        inv.updateConfig(site.with(Config.LABEL, "Site").with(Config.RAW_CONFIG, sameResolution));
        inv.updateDevice(inv.device(id(device)).orElseThrow().with(Device.DESCRIPTION, "reception desk"));
        drainConfigurations();

        assertEquals(calls, one.configurator.calls(id(device)));
        assertEquals(Optional.of("Site"), inv.config("site").flatMap(c -> c.string(Config.LABEL)));
    }

    @Test
    void aServerBaseChangeReRendersTheDevices() throws Exception {
        addConfig("site", "base", "alice");
        awaitConfigured(addDevice(MAC1, "site"));

        fx.setBaseUrl("http://provd.example.com:8667");

        Await.until("the file has the new base URL", () -> {
            try {
                return Files.readString(file(one, MAC1)).contains("http_base_url=http://provd.example.com:8667\n");
            } catch (IOException e) {
                return false;
            }
        });
        assertEquals(Optional.of("http://provd.example.com:8667"), inv.rawConfig("site").string("http_base_url"));
    }

    @Test
    void aConfigWithChildrenOrDevicesCannotBeRemoved() {
        addConfig("site", "base", "alice");
        addConfig("desk", "site", "bob");
        Device device = addDevice(MAC1, "desk");

        assertThrows(ConflictException.class, () -> inv.removeConfig("site"));
        assertThrows(ConflictException.class, () -> inv.removeConfig("desk"));

        inv.removeDevice(id(device));
        inv.removeConfig("desk");
        inv.removeConfig("site");
        assertEquals(Optional.empty(), inv.config("site"));
        assertEquals(4, inv.countConfigs(Query.all()));
    }

    @Test
    void aCycleMadeByAnUpdateIsRefusedAndChangesNothing() throws Exception {
        addConfig("a", "base", "x");
        addConfig("b", "a", "y");
        addConfig("c", "b", "z");
        Config before = inv.config("a").orElseThrow();

        for (List<String> parents : List.of(List.of("b"), List.of("c"), List.of("base", "c"), List.of("a"))) {
            InvalidDocumentException e = assertThrows(InvalidDocumentException.class,
                    () -> inv.updateConfig(before.with(Config.PARENT_IDS, parents)), parents.toString());
            assertEquals(Config.PARENT_IDS, e.key());
        }
        assertThrows(InvalidDocumentException.class,
                () -> inv.addConfig(Json.config("{\"id\": \"d\", \"parent_ids\": [\"missing\"]}")));

        assertEquals(Optional.of(before), inv.config("a"));
        assertEquals(Optional.empty(), inv.config("d"));
        assertEquals("z", username(inv.rawConfig("c")));
        fx.flush();
        assertEquals(List.of("base"), Json.read(fx.documentFile(DocumentStore.CONFIGS, "a")).get(Config.PARENT_IDS));
    }

    @Test
    void aPluginThatRefusesLeavesTheDeviceUnconfiguredWithoutItsOldFile() throws Exception {
        addConfig("site", "base", "alice");
        Device device = awaitConfigured(addDevice(MAC1, "site"));
        assertTrue(Files.exists(file(one, MAC1)));
        one.configurator.refuse = true;

        Device refused = inv.reconfigureDevice(id(device)).toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertFalse(refused.configured());
        assertFalse(inv.device(id(device)).orElseThrow().configured());
        assertFalse(Files.exists(file(one, MAC1)));
        assertEquals(1, inv.configureFailures());
    }

    @Test
    void aNewPluginRemovesTheOldPluginsFile() throws Exception {
        addConfig("site", "base", "alice");
        Device device = awaitConfigured(addDevice(MAC1, "site"));

        inv.updateDevice(inv.device(id(device)).orElseThrow().with(Device.PLUGIN, two.id));

        Await.until("the new plugin's file is written", () -> Files.exists(file(two, MAC1)));
        Await.until("the old plugin's file is removed", () -> !Files.exists(file(one, MAC1)));
        assertTrue(Files.readString(file(two, MAC1)).startsWith("plugin=test-2.0\n"));
        assertTrue(awaitConfigured(device).configured());
    }

    @Test
    void aPluginChangeWhileAReconfigurationIsQueuedStillRemovesTheOldPluginsFile() throws Exception {
        addConfig("site", "base", "alice");
        Device device = awaitConfigured(addDevice(MAC1, "site"));
        TestPlugin blocker = new TestPlugin("block-1.0", "Block", "B1", "1.0");
        plugins.add(blocker);
        fx.close();
        fx = InventoryFixture.open(dir, plugins, 1);
        inv = fx.inventory;
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        blocker.configurator.beforeConfigure = () -> {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        try {
            inv.addDevice(Device.of(Map.of("mac", MAC2, "plugin", blocker.id, "config", "site")));
            assertTrue(entered.await(10, TimeUnit.SECONDS), "the only configuration thread is busy");
            inv.reconfigureDevice(id(device));
            inv.updateDevice(inv.device(id(device)).orElseThrow().with(Device.PLUGIN, two.id));
        } finally {
            release.countDown();
        }

        Await.until("the new plugin's file is written", () -> Files.exists(file(two, MAC1)));
        drainConfigurations();
        assertFalse(Files.exists(file(one, MAC1)), "the old plugin's file");
    }

    @Test
    void aRestartLoadsEverythingBack() throws Exception {
        addConfig("office", "base", "alice");
        addConfig("desk", "office", "bob");
        Device device = awaitConfigured(addDevice(MAC1, "desk"));
        Device stored = inv.device(id(device)).orElseThrow();
        Config office = inv.config("office").orElseThrow();

        fx.close();
        fx = InventoryFixture.open(dir, plugins, 1);
        inv = fx.inventory;

        assertEquals(Optional.of(stored), inv.device(id(device)));
        assertEquals(Optional.of(stored), inv.byMac(MAC1));
        assertEquals(Optional.of(office), inv.config("office"));
        assertEquals(6, inv.countConfigs(Query.all()));
        assertEquals("bob", username(inv.rawConfig("desk")));
        assertThrows(ConflictException.class, () -> inv.removeConfig("office"), "desk still inherits from it");
        assertThrows(ConflictException.class, () -> inv.removeConfig("desk"), "the device still uses it");
        assertEquals(List.of(), fx.store.writes(), "nothing written again at start");
    }

    @Test
    void autocreateMakesATransientCopyOfTheAutocreateConfig() throws Exception {
        Config template = inv.config("autoprov").orElseThrow();

        Config copy = inv.autocreate();

        assertTrue(id(copy).matches("[0-9a-f]{32}"), id(copy));
        assertTrue(copy.isTransient());
        assertTrue(copy.deletable());
        assertEquals(Optional.empty(), copy.role());
        assertEquals(template.parentIds(), copy.parentIds());
        assertEquals(template.rawConfig(), copy.rawConfig());
        assertEquals(Optional.of(copy), inv.config(id(copy)));
        assertEquals(inv.rawConfig("autoprov"), inv.rawConfig(id(copy)));
        assertNotEquals(id(copy), id(inv.autocreate()));
        assertEquals(Optional.of(template), inv.config("autoprov"));
        fx.flush();
        assertTrue(Files.exists(fx.documentFile(DocumentStore.CONFIGS, id(copy))));
    }

    private static String id(Config config) {
        return config.id().orElseThrow();
    }

    @Test
    void findSelectsSortsPagesAndProjects() {
        for (String json : List.of("{\"vendor\": \"Test\", \"model\": \"M3\", \"ip\": \"10.0.0.3\"}",
                "{\"vendor\": \"Test\", \"model\": \"M1\", \"ip\": \"10.0.0.1\"}",
                "{\"vendor\": \"Test\", \"ip\": \"10.0.0.9\"}",
                "{\"vendor\": \"Test\", \"model\": \"M2\", \"ip\": \"10.0.0.2\"}",
                "{\"vendor\": \"Other\", \"model\": \"M0\"}")) {
            inv.addDevice(Json.device(json));
        }
        Query test = Query.where(Device.VENDOR, "Test");

        assertEquals(Arrays.asList("M1", "M2", "M3", null),
                models(inv.findDevices(test.sort(Device.MODEL, Query.Order.ASC))));
        assertEquals(Arrays.asList("M3", "M2", "M1", null),
                models(inv.findDevices(test.sort(Device.MODEL, Query.Order.DESC))));
        assertEquals(List.of(Map.of("model", "M2", "ip", "10.0.0.2"), Map.of("model", "M3", "ip", "10.0.0.3")),
                inv.findDevices(test.sort(Device.MODEL, Query.Order.ASC).skip(1).limit(2)
                        .fields(List.of("model", "ip"))).stream().map(Device::asMap).toList());
        assertEquals(4, inv.countDevices(test));
        assertEquals(1, inv.countDevices(test.and(Collections.singletonMap(Device.MODEL, null))));
        assertEquals(List.of(Map.of("id", "autoprov"), Map.of("id", "base")),
                inv.findConfigs(Query.where(Config.X_TYPE, "internal").sort(Config.ID, Query.Order.ASC)
                        .fields(List.of("id"))).stream().map(Config::asMap).toList());
    }

    private static List<String> models(List<Device> devices) {
        return devices.stream().map(d -> d.model().orElse(null)).collect(Collectors.toList());
    }

    @Test
    void theRawConfigOfAutoprovHasTheServerBaseAndItsAncestors() {
        RawConfig raw = inv.rawConfig("autoprov");

        assertEquals(Optional.of(InventoryFixture.IP), raw.string("ip"));
        assertEquals(Optional.of(InventoryFixture.HTTP_PORT), raw.get("http_port"));
        assertEquals(Optional.of(InventoryFixture.TFTP_PORT), raw.get("tftp_port"));
        assertEquals(Optional.of(InventoryFixture.BASE_URL), raw.string("http_base_url"));
        assertEquals(Optional.of(true), raw.get("ntp_enabled"));
        assertEquals(Optional.of("admin"), raw.string("admin_username"));
        assertEquals("anonymous", username(raw));
        assertEquals(Optional.empty(), raw.get("sip_transport"), "defaults are not filled in yet");
    }
}
