package provd.core.internal.device;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import provd.core.api.Device;
import provd.core.api.RawConfig;
import provd.core.internal.TestPlugin;
import provd.core.internal.TestPlugins;
import provd.core.spi.DeviceConfigurator;

class DeviceConfigurerTest {
    private static final String MAC = "00:11:22:33:44:55";
    private static final String OTHER_MAC = "00:11:22:33:44:66";

    @TempDir
    Path data;
    private final TestPlugin one = TestPlugin.test("test-1.0", "1.0");
    private final TestPlugin two = TestPlugin.test("test-2.0", "2.0");
    private final TestPlugins plugins = new TestPlugins().add(one).add(two);
    private final MapInventory inventory = new MapInventory();
    private DeviceConfigurer configurer;

    /** Devices in a map; every device with a config gets the same raw config. */
    private static final class MapInventory implements DeviceConfigurer.Inventory {
        final Map<String, Device> devices = new ConcurrentHashMap<>();
        final RawConfig raw = RawConfig.of(Map.of("sip_lines", Map.of("1", Map.of("username", "alice")),
                "http_base_url", "http://10.0.0.1:8667"));

        @Override
        public Optional<Device> device(String id) {
            return Optional.ofNullable(devices.get(id));
        }

        @Override
        public Optional<RawConfig> rawConfigFor(Device device) {
            return device.config().map(config -> raw);
        }

        @Override
        public void markConfigured(String deviceId, boolean configured, boolean save) {
            devices.computeIfPresent(deviceId, (id, device) -> device.with(Device.CONFIGURED, configured));
        }
    }

    private DeviceConfigurer configurer() {
        if (configurer == null) {
            configurer = new DeviceConfigurer(inventory, plugins, new FileAreas(data), 2);
        }
        return configurer;
    }

    @AfterEach
    void close() {
        if (configurer != null) {
            configurer.close();
        }
    }

    private Device put(String mac, String plugin) {
        Device device = Device.of(Map.of("id", "d1", "mac", mac, "plugin", plugin, "config", "c"));
        inventory.devices.put("d1", device);
        return inventory.devices.get("d1");
    }

    private Optional<Device> submit(Device previous) throws Exception {
        return configurer().submit("d1", previous).get(10, TimeUnit.SECONDS);
    }

    private Path file(TestPlugin plugin, String mac) {
        return new FileAreas(data).resolve(plugin.id, plugin.path(mac)).orElseThrow();
    }

    @Test
    void writesThePluginsFilesAndMarksTheDeviceConfigured() throws Exception {
        put(MAC, one.id);

        Optional<Device> configured = submit(null);

        assertTrue(configured.orElseThrow().configured());
        assertTrue(inventory.devices.get("d1").configured());
        assertEquals("plugin=test-1.0\nusername=alice\nhttp_base_url=http://10.0.0.1:8667\n",
                Files.readString(file(one, MAC)));
    }

    @Test
    void configureNowRunsInTheCallingThread() throws Exception {
        put(MAC, one.id);

        assertTrue(configurer().configureNow("d1", null).orElseThrow().configured());
        assertTrue(Files.exists(file(one, MAC)));
    }

    @Test
    void aRefusalRemovesTheDevicesFilesAndUnconfiguresIt() throws Exception {
        put(MAC, one.id);
        submit(null);
        one.configurator.refuse = true;

        Optional<Device> refused = submit(null);

        assertFalse(refused.orElseThrow().configured());
        assertFalse(inventory.devices.get("d1").configured());
        assertFalse(Files.exists(file(one, MAC)));
        assertEquals(1, configurer().failures());
    }

    @Test
    void aFailingPluginCountsAsARefusal() throws Exception {
        plugins.add("broken", null, null, new FixedConfigurator(Map.of()) {
            @Override
            public Map<String, byte[]> configure(Device device, RawConfig rawConfig) {
                throw new IllegalStateException("plugin bug");
            }
        });
        put(MAC, "broken");

        assertFalse(submit(null).orElseThrow().configured());
        assertEquals(1, configurer().failures());
    }

    @Test
    void aNewPluginTakesOverAndTheOldPluginsFilesGo() throws Exception {
        Device before = put(MAC, one.id);
        submit(null);

        put(MAC, two.id);
        assertTrue(submit(before).orElseThrow().configured());

        assertFalse(Files.exists(file(one, MAC)));
        assertTrue(Files.readString(file(two, MAC)).startsWith("plugin=test-2.0"));
    }

    @Test
    void aNewMacRemovesTheFilesOfTheOldOne() throws Exception {
        put(MAC, one.id);
        submit(null);

        put(OTHER_MAC, one.id);
        submit(null);

        assertFalse(Files.exists(file(one, MAC)));
        assertTrue(Files.exists(file(one, OTHER_MAC)));
    }

    @Test
    void aRemovedDevicesFilesAreRemoved() throws Exception {
        Device device = put(MAC, one.id);
        submit(null);
        inventory.devices.remove("d1");

        assertEquals(Optional.empty(), submit(device));

        assertFalse(Files.exists(file(one, MAC)));
    }

    @Test
    void withoutItsPluginOrConfigADeviceIsNotConfigured() throws Exception {
        put(MAC, "absent-1.0");
        assertFalse(submit(null).orElseThrow().configured());

        inventory.devices.put("d1", Device.of(Map.of("id", "d1", "mac", MAC, "plugin", one.id)));
        assertFalse(submit(null).orElseThrow().configured());
        assertEquals(0, one.configurator.calls("d1"));
    }

    @Test
    void aPathOutsideThePluginsAreaIsNeverWritten() throws Exception {
        plugins.add("evil", null, null, new FixedConfigurator(Map.of("../../../escape.cfg", "x".getBytes(UTF_8))));
        put(MAC, "evil");

        assertFalse(submit(null).orElseThrow().configured());

        assertFalse(Files.exists(data.resolve("escape.cfg")));
        assertFalse(Files.exists(data.resolve("plugins/escape.cfg")));
        assertEquals(1, configurer().failures());
    }

    @Test
    void runsForOneDeviceNeverOverlap() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        plugins.add("slow", null, null, new FixedConfigurator(Map.of("slow.cfg", new byte[] {1})) {
            @Override
            public Map<String, byte[]> configure(Device device, RawConfig rawConfig) {
                maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                running.decrementAndGet();
                return super.configure(device, rawConfig);
            }
        });
        put(MAC, "slow");
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                calls.add(i % 2 == 0 ? callers.submit(() -> configurer().configureNow("d1", null))
                        : callers.submit(() -> configurer().submit("d1", null).join()));
            }
            for (Future<?> call : calls) {
                call.get(10, TimeUnit.SECONDS);
            }
        } finally {
            callers.shutdownNow();
        }

        assertEquals(1, maxRunning.get());
    }

    /** A configurator rendering the same files for every device. */
    private static class FixedConfigurator implements DeviceConfigurator {
        private final Map<String, byte[]> files;

        FixedConfigurator(Map<String, byte[]> files) {
            this.files = files;
        }

        @Override
        public Map<String, byte[]> configure(Device device, RawConfig rawConfig) {
            return files;
        }

        @Override
        public Set<String> deconfigure(Device device) {
            return files.keySet();
        }

        @Override
        public CompletionStage<Void> synchronize(Device device, RawConfig rawConfig) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public Optional<String> remoteStateTriggerFilename(Device device) {
            return Optional.empty();
        }

        @Override
        public boolean isSensitiveFilename(String path) {
            return false;
        }
    }
}
