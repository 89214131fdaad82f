package provd.core.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import provd.core.api.Config;
import provd.core.api.Device;
import provd.core.api.RawConfig;
import provd.core.internal.InventoryCommands;
import provd.core.internal.InventoryFixture;
import provd.core.internal.TestPlugin;
import provd.core.internal.TestPlugins;
import provd.core.spi.DeviceConfigurator;
import provd.core.spi.InvalidConfigurationException;
import provd.core.spi.SyncRequest;

/**
 * {@code provd:sync} over the inventory, with a plugin that synchronizes through the Synchronizer service as the
 * Digium plugin does, to a SIP peer on the loopback interface.
 */
class SyncCommandTest {
    private static final String PLUGIN = "test-1.0";

    @TempDir
    Path dir;
    private SipTestPeer peer;
    private ConfiguredSynchronizer synchronizer;
    private InventoryFixture fx;
    private InventoryCommands commands;

    /** The test plugin, whose synchronize sends check-sync to the device's IP. */
    private final class SyncingConfigurator implements DeviceConfigurator {
        private final DeviceConfigurator files = TestPlugin.test(PLUGIN, "1.0").configurator;

        @Override
        public Map<String, byte[]> configure(Device device, RawConfig rawConfig)
                throws InvalidConfigurationException {
            return files.configure(device, rawConfig);
        }

        @Override
        public Set<String> deconfigure(Device device) {
            return files.deconfigure(device);
        }

        @Override
        public CompletionStage<Void> synchronize(Device device, RawConfig rawConfig) {
            return device.ip().map(ip -> synchronizer.synchronize(SyncRequest.checkSync(ip)))
                    .orElseGet(() -> CompletableFuture.failedFuture(new IllegalStateException("no IP")));
        }

        @Override
        public Optional<String> remoteStateTriggerFilename(Device device) {
            return files.remoteStateTriggerFilename(device);
        }

        @Override
        public boolean isSensitiveFilename(String path) {
            return files.isSensitiveFilename(path);
        }
    }

    @BeforeEach
    void open() throws Exception {
        peer = SipTestPeer.answering("SIP/2.0 200 OK");
        synchronizer = new ConfiguredSynchronizer(SyncSettings.sip(
                SipSettings.of(peer.port(), 0, Duration.ofSeconds(2)), 20, 5));
        TestPlugins plugins = new TestPlugins().add(PLUGIN, null, null, new SyncingConfigurator());
        fx = InventoryFixture.open(dir, plugins, 1);
        commands = new InventoryCommands(fx.inventory);
        fx.inventory.addConfig(Config.of(Map.of("id", "office", "parent_ids", List.of("base"), "raw_config",
                Map.of())));
        fx.inventory.addConfig(Config.of(Map.of("id", "lobby", "parent_ids", List.of("base"), "raw_config",
                Map.of())));
    }

    @AfterEach
    void close() {
        fx.close();
        synchronizer.deactivate();
        peer.close();
    }

    private String addDevice(String mac, String ip, String config) {
        Map<String, Object> doc = new HashMap<>(Map.of("mac", mac, "plugin", PLUGIN, "config", config));
        if (ip != null) {
            doc.put("ip", ip);
        }
        return fx.inventory.addDevice(Device.of(doc)).id().orElseThrow();
    }

    @Test
    void oneDeviceByMacOrIdWaitsForTheOutcome() throws Exception {
        String id = addDevice("00:11:22:33:44:01", "127.0.0.1", "office");
        assertEquals("device " + id + " (00:11:22:33:44:01, 127.0.0.1): synchronized",
                commands.sync("00-11-22-33-44-01"));
        assertEquals("device " + id + " (00:11:22:33:44:01, 127.0.0.1): synchronized", commands.sync(id));
        assertEquals(2, peer.received().size());
        peer.assertWellFormed();
    }

    @Test
    void aRefusalOrNoAnswerIsShown() throws Exception {
        String id = addDevice("00:11:22:33:44:01", "127.0.0.1", "office");
        peer.answer((request, copy) -> List.of("SIP/2.0 481 Call/Transaction Does Not Exist"));
        assertEquals("device " + id + " (00:11:22:33:44:01, 127.0.0.1): not synchronized: 127.0.0.1: SIP/2.0 481 "
                + "Call/Transaction Does Not Exist", commands.sync(id));
        peer.answer((request, copy) -> List.of());
        assertEquals("device " + id + " (00:11:22:33:44:01, 127.0.0.1): not synchronized: 127.0.0.1: no answer "
                + "after 2 s", commands.sync(id));
    }

    @Test
    void aDeviceWithoutIpOrUnknown() throws Exception {
        String id = addDevice("00:11:22:33:44:01", null, "office");
        assertEquals("device " + id + " (00:11:22:33:44:01, no IP): not synchronized: device '" + id
                + "' has no IP address to notify", commands.sync(id));
        assertEquals("no device 'nope'", commands.sync("nope"));
        assertEquals(0, peer.received().size());
    }

    @Test
    void everyDeviceOfAConfig() throws Exception {
        for (int i = 1; i <= 3; i++) {
            addDevice("00:11:22:33:44:0" + i, "127.0.0.1", "office");
        }
        String noIp = addDevice("00:11:22:33:44:04", null, "office");
        addDevice("00:11:22:33:44:05", "127.0.0.1", "lobby");

        assertEquals("synchronized 3 of 4 device(s); not synchronized:\n  device " + noIp
                + " (00:11:22:33:44:04, no IP): device '" + noIp + "' has no IP address to notify",
                commands.sync("--config", "office"));
        assertEquals(3, peer.received().size(), "only the config's devices");
        assertTrue(commands.sync("all").startsWith("synchronized 4 of 5 device(s)"));
        assertEquals("no config 'none'", commands.sync("--config", "none"));
        assertEquals("no device uses config 'default'", commands.sync("--config", "default"));
        assertTrue(commands.sync("--cfg", "office").startsWith("usage: "));
    }
}
