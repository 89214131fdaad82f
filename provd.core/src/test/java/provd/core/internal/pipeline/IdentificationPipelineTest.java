package provd.core.internal.pipeline;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import provd.core.api.AccessGuard;
import provd.core.api.Config;
import provd.core.api.Device;
import provd.core.api.MacAddress;
import provd.core.api.ProvisioningRequest;
import provd.core.api.ProvisioningRoute;
import provd.core.api.Query;
import provd.core.api.RequestType;
import provd.core.internal.Await;
import provd.core.internal.InventoryFixture;
import provd.core.internal.Json;
import provd.core.internal.PluginServices;
import provd.core.internal.ProvisioningInventory;
import provd.core.internal.TestPlugin;
import provd.core.internal.TestPlugins;

class IdentificationPipelineTest {
    private static final String MAC1 = "00:11:22:33:44:01";
    private static final String MAC2 = "00:11:22:33:44:02";
    private static final String MAC3 = "00:11:22:33:44:03";
    private static final FileTime EPOCH = FileTime.fromMillis(0);

    record Mode(boolean secure, boolean nat, boolean deny_sensitive_mismatch, int new_devices_per_address_per_minute)
            implements IdentificationPipeline.Settings {
        Mode(boolean secure, boolean nat, boolean deny_sensitive_mismatch) {
            this(secure, nat, deny_sensitive_mismatch, 60);
        }

        @Override
        public Class<? extends Annotation> annotationType() {
            return IdentificationPipeline.Settings.class;
        }
    }

    private static final Mode NORMAL = new Mode(false, false, false);
    private static final Mode SECURE = new Mode(true, false, false);
    private static final Mode NAT = new Mode(false, true, false);
    private static final Mode DENY = new Mode(false, false, true);

    @TempDir
    Path dir;
    private final TestPlugin one = TestPlugin.test("test-1.0", "1.0");
    private final TestPlugin two = TestPlugin.test("test-2.0", "2.0");
    private final TestPlugin other = new TestPlugin("other-1.0", "Other", "O1", "1.0");
    private final TestPlugins plugins = new TestPlugins().add(one);
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountingGuard guard = new CountingGuard();

    /** Counts the misses reported to it; bans nobody. */
    private static final class CountingGuard implements AccessGuard {
        final Map<InetAddress, Long> misses = new ConcurrentHashMap<>();

        @Override
        public boolean isBanned(InetAddress client) {
            return false;
        }

        @Override
        public void recordMiss(InetAddress client, String path) {
            misses.merge(client, 1L, Long::sum);
        }

        @Override
        public long misses(InetAddress client) {
            return misses.getOrDefault(client, 0L);
        }

        @Override
        public Map<InetAddress, Instant> bans() {
            return Map.of();
        }
    }
    private InventoryFixture fx;
    private ProvisioningInventory inv;
    private IdentificationPipeline pipeline;

    @BeforeEach
    void open() throws Exception {
        fx = InventoryFixture.open(dir, plugins, 4);
        inv = fx.inventory;
        pipeline = new IdentificationPipeline(inv, plugins, guard, stopping::get, NORMAL);
        pipeline.awaitAssociations(); // its pass at start would race with the tests' first requests
    }

    @AfterEach
    void close() {
        pipeline.deactivate();
        fx.close();
    }

    private static InetAddress address(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private ProvisioningRoute http(String ip, String path) {
        return pipeline.route(ProvisioningRequest.builder(RequestType.HTTP, address(ip)).path(path).build());
    }

    private ProvisioningRoute dhcp(String ip, String mac, String vendorClass) {
        return pipeline.route(ProvisioningRequest.builder(RequestType.DHCP, address(ip))
                .dhcpOption(60, vendorClass.getBytes(ISO_8859_1)).mac(MacAddress.of(mac)).build());
    }

    private Device byMac(String mac) {
        return inv.byMac(mac).orElseThrow(() -> new AssertionError("no device with MAC " + mac));
    }

    private static String id(Device device) {
        return device.id().orElseThrow();
    }

    private Path area(String pluginId) {
        return dir.toAbsolutePath().normalize().resolve("plugins").resolve(pluginId).resolve("var/tftpboot");
    }

    @Test
    void theFirstRequestOfAnUnknownDeviceCreatesAndConfiguresIt() throws Exception {
        ProvisioningRoute route = http("10.0.0.50", one.httpPath(MAC1));

        Device device = byMac(MAC1);
        assertEquals(Optional.of("auto"), device.string(Device.ADDED));
        assertEquals(Optional.of("10.0.0.50"), device.ip());
        assertEquals(Optional.of("Test"), device.vendor());
        assertEquals(Optional.of(one.id), device.plugin());
        assertTrue(device.configured());
        Config config = inv.config(device.config().orElseThrow()).orElseThrow();
        assertTrue(config.isTransient());
        assertEquals(Optional.empty(), config.role());
        assertEquals(inv.config("autoprov").orElseThrow().rawConfig(), config.rawConfig());

        assertEquals(Optional.of(device), route.device());
        assertEquals(Optional.of(one.id), route.pluginId());
        assertEquals(Optional.of(area(one.id)), route.fileArea());
        assertFalse(route.isDenied());
        Path file = route.fileArea().orElseThrow().resolve(one.path(MAC1));
        assertTrue(Files.readString(file).contains("username=anonymous\n"));
        assertEquals(1, inv.countDevices(Query.all()));
    }

    @Test
    void anAddressCreatesNoMoreDevicesThanItsBudgetAndItsKnownPhonesAreStillServed() throws Exception {
        pipeline.modified(new Mode(false, false, false, 2));
        http("10.0.0.50", one.httpPath(MAC1));
        http("10.0.0.50", one.httpPath(MAC2));

        ProvisioningRoute refused = http("10.0.0.50", one.httpPath(MAC3));

        assertTrue(refused.device().isEmpty());
        assertTrue(inv.byMac(MAC3).isEmpty(), "not created");
        assertEquals(2, inv.countDevices(Query.all()));
        assertEquals(Optional.of(MAC1), http("10.0.0.50", one.httpPath(MAC1)).device().flatMap(Device::mac));
        assertTrue(http("10.0.0.51", one.httpPath(MAC3)).device().isPresent(), "another address has its own budget");

        pipeline.modified(new Mode(false, false, false, 0));
        assertTrue(http("10.0.0.50", one.httpPath("00:11:22:33:44:04")).device().isPresent(), "0: no limit");
    }

    @Test
    void aSecondIdenticalRequestChangesNothing() throws Exception {
        http("10.0.0.50", one.httpPath(MAC1));
        fx.flush();
        Device device = byMac(MAC1);
        List<String> writes = fx.store.writes();
        Path document = fx.deviceFile(id(device));
        Path file = fx.pluginFile(one.id, one.path(MAC1));
        Files.setLastModifiedTime(document, EPOCH);
        Files.setLastModifiedTime(file, EPOCH);
        int calls = one.configurator.calls(id(device));

        ProvisioningRoute again = http("10.0.0.50", one.httpPath(MAC1));
        fx.flush();

        assertEquals(Optional.of(device), again.device());
        assertEquals(Optional.of(device), inv.byMac(MAC1));
        assertEquals(writes, fx.store.writes());
        assertEquals(EPOCH, Files.getLastModifiedTime(document));
        assertEquals(EPOCH, Files.getLastModifiedTime(file));
        assertEquals(calls, one.configurator.calls(id(device)));
        assertEquals(1, inv.countDevices(Query.all()));
    }

    @Test
    void aNewIpIsTakenAwayFromTheDeviceThatHadIt() throws Exception {
        http("10.0.0.50", one.httpPath(MAC1));
        http("10.0.0.51", one.httpPath(MAC2));

        http("10.0.0.51", one.httpPath(MAC1));

        assertEquals(Optional.of("10.0.0.51"), byMac(MAC1).ip());
        assertEquals(Optional.empty(), byMac(MAC2).ip());
        assertEquals(Set.of(id(byMac(MAC1))), inv.idsByIp("10.0.0.51"));
        assertEquals(Set.of(), inv.idsByIp("10.0.0.50"));
        fx.flush();
        assertFalse(Json.read(fx.deviceFile(id(byMac(MAC2)))).containsKey(Device.IP));
    }

    @Test
    void aNewDeviceTakesItsIpAwayFromTheDeviceThatHadIt() {
        http("10.0.0.51", one.httpPath(MAC2));

        http("10.0.0.51", one.httpPath(MAC1));

        assertEquals(Set.of(id(byMac(MAC1))), inv.idsByIp("10.0.0.51"));
        assertEquals(Optional.empty(), byMac(MAC2).ip());
    }

    @Test
    void aRequestWithoutMacIsRetrievedByIp() {
        http("10.0.0.50", one.httpPath(MAC1));

        ProvisioningRoute route = http("10.0.0.50", "/Test/common.cfg");

        assertEquals(Optional.of(MAC1), route.device().flatMap(Device::mac));
        assertEquals(Optional.of(one.id), route.pluginId());
        assertEquals(1, inv.countDevices(Query.all()));
    }

    @Test
    void inNatModeAnIpIsSharedAndIdentifiesNoDevice() {
        pipeline.modified(NAT);
        http("10.0.0.50", one.httpPath(MAC1));
        http("10.0.0.51", one.httpPath(MAC2));

        http("10.0.0.51", one.httpPath(MAC1));

        assertEquals(Optional.of("10.0.0.51"), byMac(MAC1).ip());
        assertEquals(Optional.of("10.0.0.51"), byMac(MAC2).ip());
        ProvisioningRoute anonymous = http("10.0.0.51", "/Test/common.cfg");
        assertEquals(Optional.empty(), anonymous.device());
        assertEquals(Optional.empty(), anonymous.fileArea());
        assertEquals(2, inv.countDevices(Query.all()));
    }

    @Test
    void aDhcpRequestIdentifiesTheDeviceByMacAndKeepsItsVersionCurrent() {
        Device manual = inv.addDevice(Device.of(Map.of("mac", MAC1, "config", "autoprov")));

        dhcp("10.0.0.60", MAC1, "test_T1_1.0");

        Device device = byMac(MAC1);
        assertEquals(manual.id(), device.id());
        assertEquals(Optional.of("10.0.0.60"), device.ip());
        assertEquals(Optional.of("T1"), device.model());
        assertEquals(Optional.of("1.0"), device.version());
        assertEquals(Optional.of(one.id), device.plugin());
        assertEquals(Optional.of("manual"), device.string(Device.ADDED));

        dhcp("10.0.0.60", MAC1, "test_T1_1.1");
        assertEquals(Optional.of("1.1"), byMac(MAC1).version());

        http("10.0.0.60", one.httpPath(MAC1));
        assertEquals(Optional.of("1.1"), byMac(MAC1).version(), "a request without a version keeps it");
        assertEquals(1, inv.countDevices(Query.all()));
    }

    @Test
    void aLessPreciseFormOfTheKnownVersionIsNoChange() throws Exception {
        dhcp("10.0.0.62", MAC1, "test_T1_1.1.0.48178");
        fx.flush();
        Device device = byMac(MAC1);
        List<String> writes = fx.store.writes();
        int calls = one.configurator.calls(id(device));

        dhcp("10.0.0.62", MAC1, "test_T1_1.1");
        fx.flush();

        assertEquals(Optional.of("1.1.0.48178"), byMac(MAC1).version());
        assertEquals(writes, fx.store.writes(), "nothing written");
        assertEquals(calls, one.configurator.calls(id(device)), "not configured again");

        dhcp("10.0.0.62", MAC1, "test_T1_1.10");
        assertEquals(Optional.of("1.10"), byMac(MAC1).version(), "1.1.0.48178 is no form of 1.10");
        dhcp("10.0.0.62", MAC1, "test_T1_1.10.2");
        assertEquals(Optional.of("1.10.2"), byMac(MAC1).version(), "a more precise form replaces a less precise one");
    }

    @Test
    void aDhcpRequestOfAnUnknownDeviceCreatesIt() {
        ProvisioningRoute route = dhcp("10.0.0.61", MAC2, "test_T1_1.0");

        Device device = byMac(MAC2);
        assertEquals(Optional.of("T1"), device.model());
        assertEquals(Optional.of("10.0.0.61"), device.ip());
        assertTrue(device.configured());
        assertEquals(Optional.of(one.id), route.pluginId());
    }

    @Test
    void inSecureModeRequestsCreateAndChangeNothing() throws Exception {
        http("10.0.0.50", one.httpPath(MAC1));
        Device device = byMac(MAC1);
        fx.flush();
        List<String> writes = fx.store.writes();
        pipeline.modified(SECURE);

        ProvisioningRoute unknown = http("10.0.0.52", one.httpPath(MAC2));
        ProvisioningRoute moved = http("10.0.0.99", one.httpPath(MAC1));
        dhcp("10.0.0.98", MAC1, "test_T1_1.0");
        fx.flush();

        assertEquals(Optional.empty(), unknown.device());
        assertEquals(Optional.of(device), moved.device());
        assertEquals(Optional.of(area(one.id)), moved.fileArea());
        assertEquals(Optional.of(device), inv.byMac(MAC1));
        assertEquals(1, inv.countDevices(Query.all()));
        assertEquals(writes, fx.store.writes());
    }

    @Test
    void aRequestNoExtractorRecognisesCreatesNothing() {
        ProvisioningRoute route = http("10.0.0.50", "/index.html");

        assertEquals(ProvisioningRoute.nowhere(false).toString(), route.toString());
        assertEquals(Optional.empty(), route.device());
        assertEquals(0, inv.countDevices(Query.all()));
        assertEquals(4, inv.countConfigs(Query.all()));
    }

    @Test
    void aBetterAssociationTakesOverAndReconfigures() throws Exception {
        plugins.add(two);
        http("10.0.0.50", one.httpPath(MAC1));
        assertEquals(Optional.of(two.id), byMac(MAC1).plugin(), "equally probable: the highest plugin id");
        assertTrue(Files.exists(fx.pluginFile(two.id, two.path(MAC1))));

        ProvisioningRoute route = dhcp("10.0.0.50", MAC1, "test_T1_1.0");

        Device device = byMac(MAC1);
        assertEquals(Optional.of(one.id), device.plugin(), "the exact match wins");
        assertTrue(device.configured());
        assertEquals(Optional.of(one.id), route.pluginId());
        assertTrue(Files.readString(fx.pluginFile(one.id, one.path(MAC1))).startsWith("plugin=test-1.0\n"));
        assertFalse(Files.exists(fx.pluginFile(two.id, two.path(MAC1))));

        dhcp("10.0.0.50", MAC1, "test_T1_2.0");
        assertEquals(Optional.of(two.id), byMac(MAC1).plugin(), "the firmware changed: the other plugin is exact");
    }

    @Test
    void whenAPluginDepartsItsDevicesLoseItAndAreNoLongerConfigured() {
        http("10.0.0.50", one.httpPath(MAC1));
        String id = id(byMac(MAC1));

        plugins.remove(one.id);

        Await.until("the device has lost its plugin", () -> inv.device(id).flatMap(Device::plugin).isEmpty());
        Device device = inv.device(id).orElseThrow();
        assertFalse(device.configured());
        assertEquals(Optional.of(MAC1), device.mac());
        ProvisioningRoute route = http("10.0.0.50", one.httpPath(MAC1));
        assertEquals(Optional.of(id), route.device().flatMap(Device::id));
        assertEquals(Optional.empty(), route.fileArea());
    }

    @Test
    void whileItsBundleIsReplacedAPluginKeepsItsDevicesServedAndConfiguresThemAgainOnceBack() throws Exception {
        http("10.0.0.50", one.httpPath(MAC1));
        String id = id(byMac(MAC1));
        Path file = fx.pluginFile(one.id, one.path(MAC1));
        String rendered = Files.readString(file);
        TestPlugin next = TestPlugin.test(one.id, "1.0");

        try (PluginServices.Replacement replacement = plugins.replace(one.id)) {
            plugins.remove(one.id);
            // a request meanwhile: served the file it has, from the same area, and the device keeps its plugin
            ProvisioningRoute route = http("10.0.0.50", one.httpPath(MAC1));
            assertEquals(Optional.of(one.id), route.pluginId());
            assertEquals(Optional.of(area(one.id)), route.fileArea());
            assertFalse(route.isSensitive(), "its own file");
            // a configuration meanwhile removes nothing
            inv.reconfigureDevice(id).toCompletableFuture().join();
            assertEquals(rendered, Files.readString(file));
            assertEquals(Optional.of(one.id), inv.device(id).flatMap(Device::plugin));
            assertTrue(inv.device(id).orElseThrow().configured());
            plugins.add(next);
        }

        Await.until("the device configured by the new version", () -> next.configurator.calls(id) > 0);
        assertEquals(Optional.of(one.id), inv.device(id).flatMap(Device::plugin));
        assertTrue(Files.exists(file));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the server and starts it again on the same data, as after a crash (files are not synced either way). */
    private void restart() throws Exception {
        fx.flush();
        pipeline.deactivate();
        fx.close();
        fx = InventoryFixture.open(dir, plugins, 4);
        inv = fx.inventory;
        pipeline = new IdentificationPipeline(inv, plugins, guard, stopping::get, NORMAL);
    }

    @Test
    void afterARestartAFileOlderThanItsStoredDeviceIsMadeAgainBeforeItIsServed() throws Exception {
        http("10.0.0.50", one.httpPath(MAC1));
        Path file = fx.pluginFile(one.id, one.path(MAC1));
        String rendered = Files.readString(file);
        // as when the server was killed after a change was stored and before its files were made
        Files.writeString(file, "stale");

        restart();
        ProvisioningRoute route = http("10.0.0.50", one.httpPath(MAC1));

        assertEquals(Optional.of(area(one.id)), route.fileArea());
        assertEquals(rendered, Files.readString(file));
        assertTrue(byMac(MAC1).configured());
    }

    @Test
    void afterARestartThePluginsPresentMakeTheirDevicesFilesAgainWithoutWaitingForRequests() throws Exception {
        http("10.0.0.50", one.httpPath(MAC1));
        http("10.0.0.51", one.httpPath(MAC2));
        Path first = fx.pluginFile(one.id, one.path(MAC1));
        Path second = fx.pluginFile(one.id, one.path(MAC2));
        String rendered = Files.readString(first);
        Files.writeString(first, "stale");
        Files.setLastModifiedTime(second, EPOCH);

        restart();

        Await.until("the stale file is made again", () -> rendered.equals(read(first)));
        Await.until("every device rendered", () -> inv.renderedSinceStart(id(byMac(MAC2))));
        assertEquals(EPOCH, Files.getLastModifiedTime(second), "a file that was right is not rewritten");
    }

    @Test
    void aPluginThatDoesNotComeBackFromItsReplacementDeparts() {
        http("10.0.0.50", one.httpPath(MAC1));
        String id = id(byMac(MAC1));

        try (PluginServices.Replacement replacement = plugins.replace(one.id)) {
            plugins.remove(one.id);
        }

        Await.until("the device has lost its plugin", () -> inv.device(id).flatMap(Device::plugin).isEmpty());
    }

    @Test
    void whenTheServerStopsDepartingPluginsKeepTheirDevices() {
        http("10.0.0.50", one.httpPath(MAC1));
        Device device = byMac(MAC1);
        stopping.set(true);

        plugins.remove(one.id);
        String sentinel = id(inv.addDevice(Device.of(Map.of("mac", MAC2, "vendor", "Other",
                "config", "autoprov"))));
        plugins.add(other);

        Await.until("a later association ran",
                () -> inv.device(sentinel).flatMap(Device::plugin).equals(Optional.of(other.id)));
        assertEquals(Optional.of(device), inv.device(id(device)));
    }

    @Test
    void anArrivingPluginIsOfferedTheUnassociatedDevices() throws Exception {
        String id = id(inv.addDevice(Device.of(Map.of("mac", MAC2, "vendor", "Other", "model", "O1",
                "config", "autoprov"))));
        String stranger = id(inv.addDevice(Device.of(Map.of("mac", MAC3, "vendor", "Nobody",
                "config", "autoprov"))));
        assertFalse(inv.device(id).orElseThrow().configured());

        plugins.add(other);

        Await.until("the device is associated and configured", () -> inv.device(id)
                .filter(d -> d.plugin().equals(Optional.of(other.id)) && d.configured()).isPresent());
        assertTrue(Files.exists(fx.pluginFile(other.id, other.path(MAC2))));
        assertEquals(Optional.empty(), inv.device(stranger).flatMap(Device::plugin));
    }

    @Test
    void aSensitiveFileAskedFromAnotherAddressIsCountedAndDeniedOnlyWhenSoConfigured() {
        one.configurator.sensitive = path -> path.matches("Test/[0-9a-f]{12}\\.cfg");
        http("10.0.0.50", one.httpPath(MAC1));
        Device device = byMac(MAC1);

        ProvisioningRoute logged = http("10.0.0.99", one.httpPath(MAC1));

        assertFalse(logged.isDenied());
        assertEquals(Optional.of(area(one.id)), logged.fileArea());
        assertEquals(1, guard.misses(address("10.0.0.99")));
        assertEquals(Optional.of(device), inv.byMac(MAC1), "not updated from a request that may not be its own");

        pipeline.modified(DENY);
        ProvisioningRoute denied = http("10.0.0.99", one.httpPath(MAC1));
        ProvisioningRoute own = http("10.0.0.50", one.httpPath(MAC1));

        assertTrue(denied.isDenied());
        assertEquals(Optional.empty(), denied.fileArea());
        assertEquals(2, guard.misses(address("10.0.0.99")));
        assertFalse(own.isDenied());
        assertEquals(Optional.of(area(one.id)), own.fileArea());
        assertEquals(0, guard.misses(address("10.0.0.50")));
        assertEquals(Optional.of(device), inv.byMac(MAC1));
    }

    @Test
    void concurrentFirstRequestsCreateEachDeviceOnce() throws Exception {
        List<String> macs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            macs.add(String.format("00:11:22:33:%02x:%02x", i / 256, i % 256 + 1));
        }
        ExecutorService threads = Executors.newFixedThreadPool(50);
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<String> misrouted = new ConcurrentLinkedQueue<>();
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int t = 0; t < 50; t++) {
                int thread = t;
                done.add(threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < 20; i++) {
                        int m = (thread * 20 + i) % 100;
                        ProvisioningRoute route = http("10.1.0." + (m + 1), one.httpPath(macs.get(m)));
                        if (!route.device().flatMap(Device::mac).equals(Optional.of(macs.get(m)))) {
                            misrouted.add(macs.get(m) + " -> " + route);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        assertEquals(List.of(), List.copyOf(misrouted));
        assertEquals(100, inv.countDevices(Query.all()));
        assertEquals(Set.copyOf(macs), inv.devices().stream().map(d -> d.mac().orElseThrow())
                .collect(Collectors.toSet()));
        assertTrue(inv.devices().stream().allMatch(Device::configured));
        assertEquals(100, inv.countConfigs(Query.where(Config.TRANSIENT, true)), "one autocreated config each");
        assertTrue(inv.devices().stream().allMatch(d -> inv.config(d.config().orElseThrow()).isPresent()));
    }
}
