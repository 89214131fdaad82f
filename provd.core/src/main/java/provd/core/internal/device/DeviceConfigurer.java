package provd.core.internal.device;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import provd.core.api.Device;
import provd.core.api.RawConfig;
import provd.core.internal.PluginServices;
import provd.core.spi.DeviceConfigurator;
import provd.core.spi.InvalidConfigurationException;

/**
 * Has devices configured by their plugins: renders their files through the plugin's {@link DeviceConfigurator},
 * writes them into the plugin's file area, removes the files the device no longer has (those of its previous plugin,
 * of its previous MAC...), and records whether the plugin accepted the device.
 *
 * <p>Background requests for one device coalesce while queued, and run on a pool so that reconfiguring many devices
 * runs in parallel; runs for the same device never overlap.
 */
public final class DeviceConfigurer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceConfigurer.class);
    private static final int LOCK_STRIPES = 256;

    /** What the configurer needs of the inventory. */
    public interface Inventory {
        Optional<Device> device(String id);

        /** The raw config the device's plugin gets: resolved, defaults filled; empty when it has no config. */
        Optional<RawConfig> rawConfigFor(Device device);

        /** Records whether the device's plugin accepted it, saving the change if {@code save}; reconfigures nothing. */
        void markConfigured(String deviceId, boolean configured, boolean save);
    }

    /** The files last written for a device, in a plugin's area. */
    private record Written(String pluginId, Set<String> paths) {
    }

    private record PluginFile(String pluginId, String path) {
    }

    /** A queued background run: the device as it was before the first change it covers, and its waiters. */
    private static final class Pending {
        Device previous;
        final CompletableFuture<Optional<Device>> done = new CompletableFuture<>();

        Pending(Device previous) {
            this.previous = previous;
        }
    }

    private final Inventory inventory;
    private final PluginServices plugins;
    private final FileAreas areas;
    private final ExecutorService pool;
    private final Map<String, Written> written = new ConcurrentHashMap<>();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    /** The devices whose plugin made (or refused) their files since start. */
    private final Set<String> rendered = ConcurrentHashMap.newKeySet();
    private final Object[] locks = new Object[LOCK_STRIPES];
    private final AtomicInteger failures = new AtomicInteger();
    private final LongAdder renderings = new LongAdder();

    public DeviceConfigurer(Inventory inventory, PluginServices plugins, FileAreas areas, int threads) {
        this.inventory = inventory;
        this.plugins = plugins;
        this.areas = areas;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new Object();
        }
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "provd-configure-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Configures a device in the background.
     *
     * @param previous the device as it was before the change that calls for this, or {@code null}: its plugin's
     *                 files for it are removed if the device no longer has them
     * @return completes with the device as configured, or empty when it no longer exists
     */
    public CompletableFuture<Optional<Device>> submit(String deviceId, Device previous) {
        boolean[] queued = {false};
        Pending job = pending.compute(deviceId, (id, existing) -> {
            if (existing != null) {
                // already queued: it will see the latest state; it keeps the oldest previous device it was given
                if (existing.previous == null) {
                    existing.previous = previous;
                }
                return existing;
            }
            queued[0] = true;
            return new Pending(previous);
        });
        if (queued[0]) {
            pool.execute(() -> {
                // removed under the map's lock, as it was merged: the latest previous is visible here
                Pending mine = pending.remove(deviceId);
                try {
                    mine.done.complete(configure(deviceId, mine.previous, true));
                } catch (RuntimeException e) {
                    mine.done.completeExceptionally(e);
                }
            });
        }
        return job.done;
    }

    /** Configures a device now, in the calling thread (a phone is waiting for its files). */
    public Optional<Device> configureNow(String deviceId, Device previous) {
        return configureNow(deviceId, previous, true);
    }

    /**
     * As {@link #configureNow(String, Device)}; with {@code save} false a change of {@code configured} is not
     * saved, the caller saving the device itself.
     */
    public Optional<Device> configureNow(String deviceId, Device previous, boolean save) {
        return configure(deviceId, previous, save);
    }

    /**
     * Whether the device's plugin made its files, or refused to, since this configurer started. Files are derived
     * from the store and not synced, and a change may be stored whose files a crash kept from being made: until a
     * device's plugin has rendered it once, its files are not to be trusted even when it is marked configured.
     */
    public boolean renderedSinceStart(String deviceId) {
        return rendered.contains(deviceId);
    }

    /** How many configurations plugins refused or failed since start. */
    public int failures() {
        return failures.get();
    }

    /** How many times a plugin was asked to render a device's files since start. */
    public long renderings() {
        return renderings.sum();
    }

    private Optional<Device> configure(String deviceId, Device previous, boolean save) {
        synchronized (locks[Math.floorMod(deviceId.hashCode(), LOCK_STRIPES)]) {
            Optional<Device> waiting = inventory.device(deviceId).filter(this::waitsForItsPlugin);
            if (waiting.isPresent()) {
                // its files stay as they are: every device of the plugin is configured again once it is back
                return waiting;
            }
            Set<PluginFile> stale = new HashSet<>();
            Written before = written.remove(deviceId);
            if (before != null) {
                before.paths().forEach(path -> stale.add(new PluginFile(before.pluginId(), path)));
            }
            if (previous != null) {
                previous.plugin().ifPresent(pluginId -> stale.addAll(deconfigure(pluginId, previous)));
            }

            Optional<Device> current = inventory.device(deviceId);
            Set<PluginFile> kept = new HashSet<>();
            boolean configured = false;
            if (current.isPresent()) {
                Device device = current.get();
                Optional<String> pluginId = device.plugin();
                Optional<DeviceConfigurator> configurator = pluginId.flatMap(plugins::configurator);
                Optional<RawConfig> raw = inventory.rawConfigFor(device);
                if (configurator.isPresent() && raw.isPresent()) {
                    Optional<Set<String>> paths = render(device, pluginId.get(), configurator.get(), raw.get());
                    configured = paths.isPresent();
                    if (configured) {
                        written.put(deviceId, new Written(pluginId.get(), paths.get()));
                        paths.get().forEach(path -> kept.add(new PluginFile(pluginId.get(), path)));
                    } else {
                        stale.addAll(deconfigure(pluginId.get(), device));
                    }
                }
                if (configurator.isPresent()) {
                    rendered.add(deviceId); // once its files are written: a request seeing it reads them
                }
            }
            stale.removeAll(kept);
            stale.forEach(this::remove);

            if (current.isEmpty()) {
                rendered.remove(deviceId);
                return Optional.empty();
            }
            Device device = current.get();
            if (device.configured() != configured) {
                inventory.markConfigured(deviceId, configured, save);
                device = device.with(Device.CONFIGURED, configured);
            }
            return Optional.of(device);
        }
    }

    /** Whether the device's plugin is missing only while its bundle is being replaced by another version. */
    private boolean waitsForItsPlugin(Device device) {
        return device.plugin().filter(id -> plugins.configurator(id).isEmpty() && plugins.isReplacing(id))
                .isPresent();
    }

    /** Renders and writes the device's files; returns their paths, or empty when the plugin refused. */
    private Optional<Set<String>> render(Device device, String pluginId, DeviceConfigurator configurator,
            RawConfig raw) {
        String who = describe(device);
        renderings.increment();
        try {
            Map<String, byte[]> files = Objects.requireNonNull(configurator.configure(device, raw),
                    "configure returned null");
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Path target = areas.resolve(pluginId, file.getKey()).orElseThrow(() -> new IllegalArgumentException(
                        "file path '" + file.getKey() + "' is not a plain path inside the plugin's file area"));
                FileAreas.write(target, file.getValue());
            }
            LOG.debug("device {} configured by {}: {}", who, pluginId, files.keySet());
            return Optional.of(Set.copyOf(files.keySet()));
        } catch (InvalidConfigurationException e) {
            failures.incrementAndGet();
            LOG.warn("device {} not configured: plugin {} refused it: {}", who, pluginId, e.getMessage());
        } catch (IOException | RuntimeException e) {
            failures.incrementAndGet();
            LOG.error("device {} not configured: plugin {} failed", who, pluginId, e);
        }
        return Optional.empty();
    }

    private Set<PluginFile> deconfigure(String pluginId, Device device) {
        Set<PluginFile> files = new HashSet<>();
        plugins.configurator(pluginId).ifPresent(configurator -> {
            try {
                configurator.deconfigure(device).forEach(path -> files.add(new PluginFile(pluginId, path)));
            } catch (RuntimeException e) {
                LOG.error("plugin {} failed to name the files of device {}", pluginId, describe(device), e);
            }
        });
        return files;
    }

    private void remove(PluginFile file) {
        Optional<Path> path = areas.resolve(file.pluginId(), file.path());
        if (path.isEmpty()) {
            LOG.warn("not removing '{}' of plugin {}: not a plain path inside its file area", file.path(),
                    file.pluginId());
            return;
        }
        try {
            FileAreas.delete(path.get());
        } catch (IOException e) {
            LOG.error("cannot remove {}", path.get(), e);
        }
    }

    private static String describe(Device device) {
        return device.id().orElse("?") + device.mac().map(mac -> " (" + mac + ")").orElse("");
    }

    /** Stops after the queued runs; waits for them at most {@code seconds}. */
    public void close(long seconds) {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(seconds, TimeUnit.SECONDS)) {
                LOG.warn("{} device configurations still queued at stop", pending.size());
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
        }
    }

    @Override
    public void close() {
        close(30);
    }
}
