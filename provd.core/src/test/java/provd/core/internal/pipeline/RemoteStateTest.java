package provd.core.internal.pipeline;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

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
import provd.core.api.RequestType;
import provd.core.internal.Await;
import provd.core.internal.InventoryFixture;
import provd.core.internal.Json;
import provd.core.internal.ProvisioningInventory;
import provd.core.internal.TestPlugin;
import provd.core.internal.TestPlugins;

/**
 * The remote state a phone's fetch of its plugin's trigger file records, through the pipeline and a real inventory
 * over a real JSON store: which routes are triggers, what is recorded, what is not reconfigured, and when it is
 * written.
 */
class RemoteStateTest {
    private static final String MAC1 = "00:11:22:33:44:01";
    private static final String MAC2 = "00:11:22:33:44:02";
    private static final String PHONE = "10.0.0.50";
    private static final FileTime EPOCH = FileTime.fromMillis(0);

    /** Bans nobody, counts nothing. */
    private static final class OpenGuard implements AccessGuard {
        @Override
        public boolean isBanned(InetAddress client) {
            return false;
        }

        @Override
        public void recordMiss(InetAddress client, String path) {
        }

        @Override
        public long misses(InetAddress client) {
            return 0;
        }

        @Override
        public Map<InetAddress, Instant> bans() {
            return Map.of();
        }
    }

    @TempDir
    Path dir;
    private final TestPlugin one = TestPlugin.test("test-1.0", "1.0");
    private final TestPlugins plugins = new TestPlugins().add(one);
    private InventoryFixture fx;
    private ProvisioningInventory inv;
    private IdentificationPipeline pipeline;

    @BeforeEach
    void open() throws Exception {
        fx = InventoryFixture.open(dir, plugins, 1);
        inv = fx.inventory;
        pipeline = new IdentificationPipeline(inv, plugins, new OpenGuard(), () -> false,
                new IdentificationPipelineTest.Mode(false, false, false));
    }

    @AfterEach
    void close() {
        pipeline.deactivate();
        fx.close();
    }

    @Test
    void fetchingTheTriggerRecordsTheLine1UsernameOfTheConfigAndTheTime() throws Exception {
        ProvisioningRoute route = http(PHONE, one.httpPath(MAC1));
        assertTrue(route.isRemoteStateTrigger(), route.toString());
        assertEquals(Optional.empty(), byMac(MAC1).remoteStateSipUsername(), "routed, not delivered yet");

        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        pipeline.delivered(route);
        Instant after = Instant.now();

        Device device = byMac(MAC1);
        assertEquals(Optional.of("anonymous"), device.remoteStateSipUsername(), "autoprov's line 1");
        Instant fetched = Instant.parse(device.remoteStateLastFetch().orElseThrow());
        assertFalse(fetched.isBefore(before) || fetched.isAfter(after), fetched + " not in " + before + ".." + after);
        assertEquals(fetched.truncatedTo(ChronoUnit.SECONDS), fetched, "to the second");

        String config = withLine1(id(device), "1001");
        pipeline.delivered(http(PHONE, one.httpPath(MAC1)));

        assertEquals(Optional.of("1001"), byMac(MAC1).remoteStateSipUsername());
        assertEquals(Optional.of(config), byMac(MAC1).config());
        fx.flush();
        Map<String, Object> stored = Json.read(fx.deviceFile(id(device)));
        assertEquals("1001", stored.get(Device.REMOTE_STATE_SIP_USERNAME), "a new username is written at once");
        assertTrue(stored.containsKey(Device.REMOTE_STATE_LAST_FETCH), stored.toString());
    }

    @Test
    void onlyTheTriggerFetchedFromTheDevicesOwnAddressIsOne() {
        one.configurator.sensitive = path -> path.matches("Test/[0-9a-f]{12}\\.cfg");
        ProvisioningRoute own = http(PHONE, one.httpPath(MAC1));
        assertTrue(own.isRemoteStateTrigger());

        ProvisioningRoute otherFile = http(PHONE, "/Test/common.cfg");
        ProvisioningRoute dhcp = pipeline.route(ProvisioningRequest.builder(RequestType.DHCP, address(PHONE))
                .dhcpOption(60, "test_T1_1.0".getBytes(ISO_8859_1)).mac(MacAddress.of(MAC1)).build());
        ProvisioningRoute probe = http("10.0.0.99", one.httpPath(MAC1));
        ProvisioningRoute otherDevice = http("10.0.0.51", one.httpPath(MAC2));

        assertEquals(Optional.of(MAC1), otherFile.device().flatMap(Device::mac));
        assertFalse(otherFile.isRemoteStateTrigger(), "not the trigger");
        assertFalse(dhcp.isRemoteStateTrigger(), "no file");
        assertEquals(Optional.of(MAC1), probe.device().flatMap(Device::mac));
        assertFalse(probe.isRemoteStateTrigger(), "fetched from another address than the device's");
        assertTrue(otherDevice.isRemoteStateTrigger(), "its own trigger, for the other device");
        assertEquals(Optional.of(MAC2), otherDevice.device().flatMap(Device::mac));

        for (ProvisioningRoute notTrigger : List.of(otherFile, dhcp, probe)) {
            pipeline.delivered(notTrigger);
        }
        assertEquals(Optional.empty(), byMac(MAC1).remoteStateLastFetch());
    }

    @Test
    void recordingTheRemoteStateReconfiguresNothing() throws Exception {
        ProvisioningRoute route = http(PHONE, one.httpPath(MAC1));
        String id = id(byMac(MAC1));
        String other = id(http("10.0.0.51", one.httpPath(MAC2)).device().orElseThrow());
        fx.flush();
        Path file = fx.pluginFile(one.id, one.path(MAC1));
        Files.setLastModifiedTime(file, EPOCH);
        int calls = one.configurator.calls(id);

        pipeline.delivered(route);
        pipeline.delivered(http(PHONE, one.httpPath(MAC1)));
        // one configuration thread, first come first served: once the other device's is done, any for this one is
        inv.reconfigureDevice(other).toCompletableFuture().get(10, TimeUnit.SECONDS);
        fx.flush();

        assertTrue(byMac(MAC1).remoteStateLastFetch().isPresent());
        assertEquals(calls, one.configurator.calls(id));
        assertEquals(EPOCH, Files.getLastModifiedTime(file));
    }

    @Test
    void inSecureModeTheServerStillRecordsWhatItServed() {
        ProvisioningRoute first = http(PHONE, one.httpPath(MAC1));
        Device device = byMac(MAC1);
        pipeline.modified(new IdentificationPipelineTest.Mode(true, false, false));

        ProvisioningRoute route = http(PHONE, one.httpPath(MAC1));
        assertTrue(route.isRemoteStateTrigger());
        pipeline.delivered(route);

        assertEquals(Optional.of("anonymous"), byMac(MAC1).remoteStateSipUsername());
        assertEquals(device.without(Device.REMOTE_STATE_SIP_USERNAME).without(Device.REMOTE_STATE_LAST_FETCH),
                byMac(MAC1).without(Device.REMOTE_STATE_SIP_USERNAME).without(Device.REMOTE_STATE_LAST_FETCH),
                "nothing else changed");
        assertTrue(first.isRemoteStateTrigger());
    }

    @Test
    void aDeviceWhosePluginRefusedItsConfigRecordsNothing() {
        one.configurator.refuse = true;
        ProvisioningRoute route = http(PHONE, one.httpPath(MAC1));
        assertFalse(byMac(MAC1).configured());

        pipeline.delivered(route);

        assertEquals(Optional.empty(), byMac(MAC1).remoteStateSipUsername());
        assertEquals(Optional.empty(), byMac(MAC1).remoteStateLastFetch());
    }

    @Test
    void aConfigWithoutLine1LeavesThePhoneWithoutAKnownUsername() throws Exception {
        pipeline.delivered(http(PHONE, one.httpPath(MAC1)));
        Device device = byMac(MAC1);
        assertEquals(Optional.of("anonymous"), device.remoteStateSipUsername());
        Config lineless = inv.addConfig(Config.of(Map.of("parent_ids", List.of("base"),
                "raw_config", Map.of("sip_lines", Map.of()))));
        inv.updateDevice(device.with(Device.CONFIG, lineless.id().orElseThrow()));
        awaitConfigured(id(device), "username=\n");

        pipeline.delivered(http(PHONE, one.httpPath(MAC1)));

        assertEquals(Optional.empty(), byMac(MAC1).remoteStateSipUsername());
        assertTrue(byMac(MAC1).remoteStateLastFetch().isPresent());
    }

    @Test
    void aNewerFetchTimeAloneIsWrittenLaterAndAtTheLatestWhenTheServerStops() throws Exception {
        pipeline.delivered(http(PHONE, one.httpPath(MAC1)));
        String id = id(byMac(MAC1));
        Instant first = Instant.parse(byMac(MAC1).remoteStateLastFetch().orElseThrow());
        fx.flush();
        List<String> writes = fx.store.writes();

        Instant later = first.plusSeconds(5);
        inv.recordRemoteState(id, later);
        inv.recordRemoteState(id, later.plusSeconds(1));
        fx.flush();

        assertEquals(Optional.of(later.plusSeconds(1).toString()), byMac(MAC1).remoteStateLastFetch(),
                "at once in memory");
        assertEquals(writes, fx.store.writes(), "not written yet");
        assertEquals(first.toString(), Json.read(fx.deviceFile(id)).get(Device.REMOTE_STATE_LAST_FETCH));

        pipeline.deactivate();
        fx.close();

        assertEquals(later.plusSeconds(1).toString(),
                Json.read(fx.deviceFile(id)).get(Device.REMOTE_STATE_LAST_FETCH));
        assertEquals(writes.size() + 1, fx.store.writes().size(), "one write for both");
    }

    @Test
    void aNewerFetchTimeCarriedByAnotherWriteIsNotWrittenAgain() throws Exception {
        pipeline.delivered(http(PHONE, one.httpPath(MAC1)));
        String id = id(byMac(MAC1));
        Instant later = Instant.parse(byMac(MAC1).remoteStateLastFetch().orElseThrow()).plusSeconds(5);
        inv.recordRemoteState(id, later);
        fx.flush();
        List<String> writes = fx.store.writes();

        inv.updateDevice(byMac(MAC1).with(Device.DESCRIPTION, "desk 12"));
        assertEquals(later.toString(), Json.read(fx.deviceFile(id)).get(Device.REMOTE_STATE_LAST_FETCH),
                "carried by the update");
        pipeline.deactivate();
        fx.close();

        assertEquals(writes.size() + 1, fx.store.writes().size(), "the update's write only: " + fx.store.writes());
        assertEquals(later.toString(), Json.read(fx.deviceFile(id)).get(Device.REMOTE_STATE_LAST_FETCH));
    }

    // ---------------------------------------------------------------------------------------------------------

    private ProvisioningRoute http(String ip, String path) {
        return pipeline.route(ProvisioningRequest.builder(RequestType.HTTP, address(ip)).path(path).build());
    }

    /** Gives the device a config whose line 1 is {@code username}, and waits for its file. */
    private String withLine1(String deviceId, String username) {
        Config config = inv.addConfig(Config.of(Map.of("parent_ids", List.of("base"), "raw_config",
                Map.of("sip_lines", Map.of("1", Map.of("username", username, "password", "pw",
                        "display_name", "Line 1"))))));
        inv.updateDevice(inv.device(deviceId).orElseThrow().with(Device.CONFIG, config.id().orElseThrow()));
        awaitConfigured(deviceId, "username=" + username + "\n");
        return config.id().orElseThrow();
    }

    private void awaitConfigured(String deviceId, String content) {
        Path file = fx.pluginFile(one.id, one.path(MAC1));
        Await.until("the device's file rendered with " + content.strip(), () -> {
            try {
                return inv.device(deviceId).filter(Device::configured).isPresent() && Files.exists(file)
                        && Files.readString(file).contains(content);
            } catch (IOException e) {
                return false;
            }
        });
    }

    private Device byMac(String mac) {
        return inv.byMac(mac).orElseThrow(() -> new AssertionError("no device with MAC " + mac));
    }

    private static String id(Device device) {
        return device.id().orElseThrow();
    }

    private static InetAddress address(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
