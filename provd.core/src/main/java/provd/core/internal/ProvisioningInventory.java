package provd.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import provd.core.spi.DeviceConfigurator;
import provd.core.api.InventoryStatistics;
import java.util.TreeMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import provd.core.api.Config;
import provd.core.api.ConflictException;
import provd.core.api.Device;
import provd.core.api.InvalidDocumentException;
import provd.core.api.NotFoundException;
import provd.core.api.Query;
import provd.core.api.RawConfig;
import provd.core.internal.config.ConfigDocuments;
import provd.core.internal.config.ConfigGraph;
import provd.core.internal.config.RawConfigDefaults;
import provd.core.internal.device.DeviceConfigurer;
import provd.core.internal.device.DeviceDocuments;
import provd.core.internal.device.DeviceIndex;
import provd.core.internal.device.FileAreas;
import provd.core.internal.device.RemoteState;
import provd.core.store.DocumentStore;

/**
 * The devices and configs, kept in memory and indexed, written through to the {@link DocumentStore}. Every change
 * that alters what a device's files are made of — its plugin, its config, its identity, its config's resolved raw
 * config, an ancestor's, the server's base — has exactly the devices concerned reconfigured.
 *
 * <p>Changes to the in-memory state are serialised by one lock held only for index updates, never across plugin
 * calls or disk writes. Operators' writes wait until they are durable; phones' writes are persisted in the
 * background.
 */
@Component(service = {Inventory.class, InventoryStatistics.class}, immediate = true, configurationPid = ProvisioningInventory.PID)
@Designate(ocd = ProvisioningInventory.Settings.class)
public final class ProvisioningInventory implements Inventory, InventoryStatistics {
    static final String PID = "provd.server";
    private static final Logger LOG = LoggerFactory.getLogger(ProvisioningInventory.class);
    private static final List<String> SHIPPED_CONFIGS = List.of("base", "defaultconfigdevice", "autoprov", "default");
    /** Device keys whose change alters nothing a plugin renders. */
    private static final Set<String> VOLATILE_KEYS = Set.of(Device.IP, Device.CONFIGURED, Device.ADDED,
            Device.DESCRIPTION, Device.REMOTE_STATE_SIP_USERNAME, Device.REMOTE_STATE_LAST_FETCH, "is_new",
            "tenant_uuid");
    /** How long a remote-state change that is only a newer fetch time may wait before it is written. */
    static final Duration REMOTE_STATE_SAVE_DELAY = Duration.ofMinutes(1);
    /** How much older than the start a temporary file must be to be taken for one a crash left. */
    private static final Duration LEFTOVER_MARGIN = Duration.ofSeconds(2);

    @ObjectClassDefinition(name = "provd server",
            description = "How phones reach this server: the base raw config under every config")
    @interface Settings {
        @AttributeDefinition(description = "The address phones reach provd at; empty: this host's first "
                + "non-loopback IPv4 address")
        String ip() default "";

        @AttributeDefinition(description = "The HTTP port phones fetch their files from", min = "1", max = "65535")
        int http_port() default 8667;

        @AttributeDefinition(description = "The TFTP port phones fetch their files from", min = "1", max = "65535")
        int tftp_port() default 69;

        @AttributeDefinition(description = "The base URL of the phones' files; empty: http://<ip>:<http_port>")
        String http_base_url() default "";

        @AttributeDefinition(description = "Devices configured in parallel in the background", min = "1")
        int configure_threads() default 4;
    }

    private final DocumentStore store;
    private final ConfigGraph configs = new ConfigGraph();
    private final DeviceIndex devices = new DeviceIndex();
    private final Object lock = new Object();
    private final Object[] saveStripes = newStripes(64);
    private final DocumentIds ids = new DocumentIds();
    private final DeviceConfigurer configurer;
    private final FileAreas fileAreas;
    private final PluginServices plugins;
    /**
     * The devices with an unwritten remote-state change, each to be written once {@link #delayedSaves} runs it, unless
     * another write of the device came first.
     */
    private final Set<String> delayedSaveIds = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService delayedSaves = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "provd-delayed-save");
        t.setDaemon(true);
        return t;
    });

    @Activate
    public ProvisioningInventory(@Reference DocumentStore store, @Reference PluginServices plugins,
            BundleContext context, Settings settings) throws IOException {
        this(store, plugins, ProvdHome.of(context).resolve("data"), settings);
    }

    /** @param data the data directory, under which the plugins' file areas are */
    ProvisioningInventory(DocumentStore store, PluginServices plugins, Path data, Settings settings)
            throws IOException {
        this.store = store;
        this.plugins = plugins;
        load();
        applySettings(settings);
        this.fileAreas = new FileAreas(data);
        this.configurer = new DeviceConfigurer(new ConfigurerView(), plugins, fileAreas,
                Math.max(1, settings.configure_threads()));
        // older than the writes starting now, even on file systems whose clock lags
        Instant started = Instant.now().minus(LEFTOVER_MARGIN);
        delayedSaves.execute(() -> removeLeftoverFiles(started));
        LOG.info("{} devices and {} configs loaded", devices.size(), configs.size());
    }

    private void removeLeftoverFiles(Instant before) {
        try {
            int removed = fileAreas.removeLeftovers(before);
            if (removed > 0) {
                LOG.info("removed {} temporary file(s) left in the plugins' file areas by interrupted writes", removed);
            }
        } catch (IOException e) {
            LOG.warn("cannot look for temporary files left in the plugins' file areas", e);
        }
    }

    private void load() throws IOException {
        Map<String, Map<String, Object>> storedConfigs = store.loadAll(DocumentStore.CONFIGS);
        // parents before children, so that the graph links them; documents come from our own store: no checks
        List<String> order = parentsFirst(storedConfigs);
        for (String id : order) {
            configs.put(Config.of(storedConfigs.get(id)));
        }
        for (String id : SHIPPED_CONFIGS) {
            if (configs.get(id).isEmpty()) {
                Config shipped = ConfigDocuments.normalize(Config.of(readShipped(id)));
                configs.put(shipped);
                store.put(DocumentStore.CONFIGS, id, shipped.asMap()).toCompletableFuture().join();
                LOG.info("created the shipped config {}", id);
            }
        }
        store.loadAll(DocumentStore.DEVICES).values().forEach(doc -> devices.put(Device.of(doc)));
    }

    private static List<String> parentsFirst(Map<String, Map<String, Object>> docs) {
        List<String> order = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (String id : docs.keySet()) {
            visit(id, docs, done, new HashSet<>(), order);
        }
        return order;
    }

    private static void visit(String id, Map<String, Map<String, Object>> docs, Set<String> done, Set<String> path,
            List<String> order) {
        if (done.contains(id) || !docs.containsKey(id) || !path.add(id)) {
            return; // done, dangling, or a cycle (which writes never let in): load it anyway
        }
        for (String parent : Config.of(docs.get(id)).parentIds()) {
            visit(parent, docs, done, path, order);
        }
        done.add(id);
        order.add(id);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readShipped(String id) {
        try (InputStream in = ProvisioningInventory.class.getResourceAsStream("defaults/" + id + ".json")) {
            return new ObjectMapper().readValue(Objects.requireNonNull(in, "shipped config " + id), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Modified
    void modified(Settings settings) {
        applySettings(settings);
    }

    private void applySettings(Settings settings) {
        String ip = settings.ip().isBlank() ? firstHostAddress() : settings.ip().strip();
        Map<String, Object> base = new LinkedHashMap<>();
        base.put("ip", ip);
        base.put("http_port", settings.http_port());
        base.put("tftp_port", settings.tftp_port());
        base.put("http_base_url", settings.http_base_url().isBlank()
                ? "http://" + (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + settings.http_port()
                : settings.http_base_url().strip());
        synchronized (lock) {
            Map<String, RawConfig> before = resolvedInUse();
            configs.setBase(base);
            if (configurer != null) {
                reconfigureChanged(before);
            }
        }
        LOG.info("phones reach this server at {} (HTTP {}, TFTP {})", base.get("http_base_url"), settings.http_port(),
                settings.tftp_port());
    }

    private static String firstHostAddress() {
        try {
            for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
                if (nic.isUp() && !nic.isLoopback()) {
                    for (InetAddress address : nic.inetAddresses().toList()) {
                        if (address instanceof Inet4Address && !address.isLinkLocalAddress()) {
                            return address.getHostAddress();
                        }
                    }
                }
            }
        } catch (SocketException e) {
            LOG.warn("cannot list this host's addresses; phones are told 127.0.0.1: set ip in etc/{}.cfg", PID, e);
        }
        return "127.0.0.1";
    }

    @Deactivate
    void deactivate() {
        configurer.close();
        delayedSaves.shutdownNow();
        // what was waiting for its delayed write is written now
        for (String id : delayedSaveIds) {
            saveDevice(id);
        }
        store.flush().toCompletableFuture().join();
    }

    // ---------------------------------------------------------------- devices

    @Override
    public Device addDevice(Device device) {
        Device candidate = DeviceDocuments.normalize(device.id().isPresent() ? device
                : device.with(Device.ID, ids.next()));
        if (candidate.get(Device.ADDED).isEmpty()) {
            candidate = candidate.with(Device.ADDED, "manual");
        }
        candidate = candidate.with(Device.CONFIGURED, false);
        synchronized (lock) {
            String id = candidate.id().orElseThrow();
            if (devices.get(id).isPresent()) {
                throw new ConflictException("a device with id '" + id + "' exists");
            }
            checkReferences(candidate, null);
            devices.put(candidate);
        }
        awaitDurable(saveDevice(candidate.id().orElseThrow()));
        configurer.submit(candidate.id().orElseThrow(), null);
        return candidate;
    }

    @Override
    public Device updateDevice(Device device) {
        String id = device.id().orElseThrow(() -> new InvalidDocumentException(Device.ID, "missing"));
        Device candidate = DeviceDocuments.normalize(device);
        Device previous;
        synchronized (lock) {
            previous = devices.get(id).orElseThrow(() -> new NotFoundException("no device '" + id + "'"));
            // configured is the server's to say
            candidate = candidate.with(Device.CONFIGURED, previous.configured());
            checkReferences(candidate, id);
            devices.put(candidate);
        }
        awaitDurable(saveDevice(id));
        afterDeviceChange(previous, candidate);
        return candidate;
    }

    @Override
    public void removeDevice(String id) {
        Device previous;
        synchronized (lock) {
            previous = devices.remove(id).orElseThrow(() -> new NotFoundException("no device '" + id + "'"));
        }
        awaitDurable(saveDevice(id));
        configurer.submit(id, previous);
        previous.config().ifPresent(this::dropIfTransientAndUnused);
    }

    @Override
    public Optional<Device> device(String id) {
        return devices.get(id);
    }

    @Override
    public List<Device> findDevices(Query query) {
        List<Device> found = query.apply(candidates(query.selector()), Device::asMap);
        if (query.fields().isEmpty()) {
            return found;
        }
        return found.stream().map(d -> Device.of(query.project(d.asMap()))).toList();
    }

    @Override
    public int countDevices(Query query) {
        return (int) candidates(query.selector()).stream().filter(d -> query.matches(d.asMap())).count();
    }

    /**
     * The devices a selector can match: through an index when it names an indexed key with a string (as phones'
     * tooling does, {@code {"mac": ...}}), every device otherwise. The query still checks each candidate.
     */
    private List<Device> candidates(Map<String, Object> selector) {
        if (selector.get(Device.ID) instanceof String id) {
            return devices.get(id).map(List::of).orElse(List.of());
        }
        if (selector.get(Device.MAC) instanceof String mac) {
            return devices.byMac(mac).map(List::of).orElse(List.of());
        }
        Set<String> ids = null;
        if (selector.get(Device.IP) instanceof String ip) {
            ids = devices.idsByIp(ip);
        } else if (selector.get(Device.CONFIG) instanceof String config) {
            ids = devices.idsUsingConfig(config);
        } else if (selector.get(Device.PLUGIN) instanceof String plugin) {
            ids = devices.idsUsingPlugin(plugin);
        }
        if (ids == null) {
            return new ArrayList<>(devices.all());
        }
        List<Device> found = new ArrayList<>(ids.size());
        ids.forEach(id -> devices.get(id).ifPresent(found::add));
        return found;
    }

    @Override
    public CompletionStage<Device> reconfigureDevice(String id) {
        Device device = devices.get(id).orElseThrow(() -> new NotFoundException("no device '" + id + "'"));
        return configurer.submit(id, null).thenApply(configured -> configured.orElse(device));
    }

    @Override
    public void recordRemoteState(String id, Instant fetched) {
        Optional<Device> seen = devices.get(id).filter(Device::configured);
        if (seen.isEmpty()) {
            return;
        }
        // resolved outside the lock: configs are safe to read concurrently
        Optional<String> sipUsername = seen.get().config().filter(config -> configs.get(config).isPresent())
                .flatMap(config -> RemoteState.sipUsername(configs.resolve(config)));
        Optional<String> config = seen.get().config();
        Optional<Replacement> change = replaceCurrent(id, current -> current.configured()
                // a device whose config changed meanwhile will fetch its new file: this fetch tells nothing more
                && current.config().equals(config) ? RemoteState.recorded(current, sipUsername, fetched) : current);
        if (change.isEmpty()) {
            return;
        }
        if (!change.get().after().remoteStateSipUsername().equals(change.get().before().remoteStateSipUsername())) {
            saveDevice(id);
        } else {
            saveLater(id);
        }
    }

    /**
     * Replaces the device's current document with {@code change} of it, made outside the lock (so that phones'
     * requests changing the volatile fields of many devices at once do not queue on it), and made again when another
     * change came first.
     *
     * @return the document replaced and its replacement; empty when there is no such device or nothing changed
     */
    private Optional<Replacement> replaceCurrent(String id, UnaryOperator<Device> change) {
        while (true) {
            Optional<Device> seen = devices.get(id);
            if (seen.isEmpty()) {
                return Optional.empty();
            }
            Device updated = change.apply(seen.get());
            if (updated.equals(seen.get())) {
                return Optional.empty();
            }
            synchronized (lock) {
                if (devices.get(id).filter(current -> current == seen.get()).isPresent()) {
                    devices.put(updated);
                    return Optional.of(new Replacement(seen.get(), updated));
                }
            }
        }
    }

    private record Replacement(Device before, Device after) {
    }

    /**
     * Writes the device within {@link #REMOTE_STATE_SAVE_DELAY}: one write however many changes come meanwhile. Any
     * other write of the device meanwhile carries them too, and the delayed one is then not made; a server stopping
     * writes what is left at once.
     */
    private void saveLater(String id) {
        if (delayedSaveIds.add(id)) {
            try {
                delayedSaves.schedule(() -> {
                    if (delayedSaveIds.contains(id)) {
                        saveDevice(id);
                    }
                }, REMOTE_STATE_SAVE_DELAY.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                saveDevice(id);
            }
        }
    }

    @Override
    public CompletionStage<Void> synchronizeDevice(String id) {
        Device device = devices.get(id).orElseThrow(() -> new NotFoundException("no device '" + id + "'"));
        if (device.ip().isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "device '" + id + "' has no IP address to notify"));
        }
        Optional<String> pluginId = device.plugin();
        if (pluginId.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException("device '" + id + "' has no plugin"));
        }
        Optional<DeviceConfigurator> configurator = plugins.configurator(pluginId.get());
        if (configurator.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "plugin '" + pluginId.get() + "' of device '" + id + "' is not present"));
        }
        Optional<RawConfig> raw = rawConfigFor(device);
        if (raw.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException("device '" + id + "' has no config"));
        }
        try {
            return Objects.requireNonNull(configurator.get().synchronize(device, raw.get()),
                    "synchronize returned null");
        } catch (RuntimeException e) {
            LOG.warn("plugin {} failed to synchronize device {}", pluginId.get(), id, e);
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The raw config the device's plugin gets: resolved, defaults filled; empty when it has no config. */
    private Optional<RawConfig> rawConfigFor(Device device) {
        return device.config()
                .filter(id -> configs.get(id).isPresent())
                .map(id -> RawConfig.of(RawConfigDefaults.apply(configs.resolve(id).asMap())));
    }

    // ---------------------------------------------------------------- statistics

    @Override
    public int deviceCount() {
        return devices.size();
    }

    @Override
    public int configCount() {
        return configs.size();
    }

    @Override
    public Map<String, Integer> devicesByPlugin() {
        Map<String, Integer> counts = new TreeMap<>();
        for (Device device : devices.all()) {
            counts.merge(device.plugin().orElse(""), 1, Integer::sum);
        }
        return counts;
    }

    @Override
    public long configurations() {
        return configurer.renderings();
    }

    @Override
    public long configurationFailures() {
        return configurer.failures();
    }

    /** The config must exist; the MAC must not be another device's. */
    private void checkReferences(Device device, String replacing) {
        device.config().ifPresent(config -> {
            if (configs.get(config).isEmpty()) {
                throw new InvalidDocumentException(Device.CONFIG, "no config '" + config + "'");
            }
        });
        device.mac().flatMap(devices::byMac)
                .filter(other -> !other.id().equals(Optional.ofNullable(replacing)))
                .ifPresent(other -> {
                    throw new ConflictException("MAC " + device.mac().orElseThrow() + " is already device '"
                            + other.id().orElseThrow() + "'");
                });
    }

    private void afterDeviceChange(Device previous, Device current) {
        if (needsReconfiguration(previous, current)) {
            configurer.submit(current.id().orElseThrow(), previous);
        }
        dropLeftConfig(previous, current);
    }

    private void dropLeftConfig(Device previous, Device current) {
        if (!previous.config().equals(current.config())) {
            previous.config().ifPresent(this::dropIfTransientAndUnused);
        }
    }

    /** Whether the change touches anything a plugin renders the device's files from. */
    static boolean needsReconfiguration(Device previous, Device current) {
        return !withoutVolatileKeys(previous).equals(withoutVolatileKeys(current));
    }

    private static Map<String, Object> withoutVolatileKeys(Device device) {
        Map<String, Object> doc = new LinkedHashMap<>(device.asMap());
        doc.keySet().removeAll(VOLATILE_KEYS);
        return doc;
    }

    private void dropIfTransientAndUnused(String configId) {
        boolean drop;
        synchronized (lock) {
            drop = configs.get(configId).filter(Config::isTransient).isPresent()
                    && devices.idsUsingConfig(configId).isEmpty() && configs.children(configId).isEmpty();
            if (drop) {
                configs.remove(configId);
            }
        }
        if (drop) {
            saveConfig(configId);
            LOG.debug("transient config {} removed with its last device", configId);
        }
    }

    /**
     * Writes the current state of a device, or its absence, to the store. Under the document's stripe, so that the
     * store receives a document's states in the order the index took them: a slow writer never overwrites a newer
     * state with its older one.
     */
    private CompletionStage<Void> saveDevice(String id) {
        // before the state is taken: a change recorded after it is then sure to be written later
        delayedSaveIds.remove(id);
        synchronized (stripe(DocumentStore.DEVICES, id)) {
            Optional<Device> current = devices.get(id);
            return current.isPresent() ? store.put(DocumentStore.DEVICES, id, current.get().asMap())
                    : store.delete(DocumentStore.DEVICES, id);
        }
    }

    /** As {@link #saveDevice}, for a config. */
    private CompletionStage<Void> saveConfig(String id) {
        synchronized (stripe(DocumentStore.CONFIGS, id)) {
            Optional<Config> current = configs.get(id);
            return current.isPresent() ? store.put(DocumentStore.CONFIGS, id, current.get().asMap())
                    : store.delete(DocumentStore.CONFIGS, id);
        }
    }

    private Object stripe(String collection, String id) {
        return saveStripes[Math.floorMod(31 * collection.hashCode() + id.hashCode(), saveStripes.length)];
    }

    private static void awaitDurable(CompletionStage<Void> write) {
        try {
            write.toCompletableFuture().join();
        } catch (CompletionException e) {
            throw new IllegalStateException("the change was made but could not be written to disk: "
                    + e.getCause().getMessage(), e.getCause());
        }
    }

    private static Object[] newStripes(int count) {
        Object[] stripes = new Object[count];
        Arrays.setAll(stripes, i -> new Object());
        return stripes;
    }

    // ---------------------------------------------------------------- configs

    @Override
    public Config addConfig(Config config) {
        Config candidate = ConfigDocuments.normalize(config.id().isPresent() ? config
                : config.with(Config.ID, ids.next()));
        String id = candidate.id().orElseThrow();
        synchronized (lock) {
            if (configs.get(id).isPresent()) {
                throw new ConflictException("a config with id '" + id + "' exists");
            }
            configs.checkParents(candidate);
            configs.put(candidate);
        }
        awaitDurable(saveConfig(id));
        return candidate;
    }

    @Override
    public Config updateConfig(Config config) {
        String id = config.id().orElseThrow(() -> new InvalidDocumentException(Config.ID, "missing"));
        Config candidate = ConfigDocuments.normalize(config);
        synchronized (lock) {
            Config previous = configs.get(id).orElseThrow(() -> new NotFoundException("no config '" + id + "'"));
            if (!previous.deletable()) {
                candidate = candidate.with(Config.DELETABLE, false); // shipped defaults stay undeletable
            }
            configs.checkParents(candidate);
            Map<String, RawConfig> before = resolvedInUse(configs.withDescendants(id));
            configs.put(candidate);
            reconfigureChanged(before);
        }
        awaitDurable(saveConfig(id));
        return candidate;
    }

    @Override
    public void removeConfig(String id) {
        synchronized (lock) {
            Config config = configs.get(id).orElseThrow(() -> new NotFoundException("no config '" + id + "'"));
            if (!config.deletable()) {
                throw new ConflictException("config '" + id + "' may not be deleted");
            }
            Set<String> children = configs.children(id);
            if (!children.isEmpty()) {
                throw new ConflictException("config '" + id + "' is a parent of " + sorted(children));
            }
            Set<String> users = devices.idsUsingConfig(id);
            if (!users.isEmpty()) {
                throw new ConflictException("config '" + id + "' is used by " + users.size() + " device(s): "
                        + sorted(users).stream().limit(5).toList());
            }
            configs.remove(id);
        }
        awaitDurable(saveConfig(id));
    }

    private static List<String> sorted(Set<String> ids) {
        return ids.stream().sorted().toList();
    }

    @Override
    public Optional<Config> config(String id) {
        return configs.get(id);
    }

    @Override
    public List<Config> findConfigs(Query query) {
        List<Config> found = query.apply(new ArrayList<>(configs.all()), Config::asMap);
        if (query.fields().isEmpty()) {
            return found;
        }
        return found.stream().map(c -> Config.of(query.project(c.asMap()))).toList();
    }

    @Override
    public int countConfigs(Query query) {
        return (int) configs.all().stream().filter(c -> query.matches(c.asMap())).count();
    }

    @Override
    public RawConfig rawConfig(String id) {
        return configs.resolve(id);
    }

    @Override
    public Config autocreate() {
        Config created = newAutocreateCopy();
        synchronized (lock) {
            configs.put(created);
        }
        awaitDurable(saveConfig(created.id().orElseThrow()));
        return created;
    }

    /** A transient copy of the autocreate config, with a new id, not yet added. */
    private Config newAutocreateCopy() {
        Config template = configs.withRole(Config.ROLE_AUTOCREATE)
                .orElseThrow(() -> new NotFoundException("no config has the role " + Config.ROLE_AUTOCREATE));
        Map<String, Object> doc = new LinkedHashMap<>(template.asMap());
        doc.put(Config.ID, ids.next());
        doc.remove(Config.ROLE);
        doc.put(Config.DELETABLE, true);
        doc.put(Config.TRANSIENT, true);
        return Config.of(doc);
    }

    /** The resolved raw config of every config devices use (or of {@code among} only). */
    private Map<String, RawConfig> resolvedInUse(Collection<String> among) {
        Map<String, RawConfig> resolved = new LinkedHashMap<>();
        for (String id : among) {
            if (!devices.idsUsingConfig(id).isEmpty()) {
                resolved.put(id, configs.resolve(id));
            }
        }
        return resolved;
    }

    private Map<String, RawConfig> resolvedInUse() {
        return resolvedInUse(configs.ids());
    }

    /** Reconfigures the devices of each config whose resolution differs from {@code before}. */
    private void reconfigureChanged(Map<String, RawConfig> before) {
        int count = 0;
        for (Map.Entry<String, RawConfig> entry : before.entrySet()) {
            if (!configs.resolve(entry.getKey()).equals(entry.getValue())) {
                for (String deviceId : devices.idsUsingConfig(entry.getKey())) {
                    configurer.submit(deviceId, null);
                    count++;
                }
            }
        }
        if (count > 0) {
            LOG.info("reconfiguring {} device(s) whose raw config changed", count);
        }
    }

    // ---------------------------------------------------------------- the pipeline's view

    @Override
    public Optional<Device> byMac(String mac) {
        return devices.byMac(mac);
    }

    @Override
    public Optional<Device> bySerial(String serial) {
        return devices.bySerial(serial);
    }

    @Override
    public Optional<Device> byUuid(String uuid) {
        return devices.byUuid(uuid);
    }

    @Override
    public Set<String> idsByIp(String ip) {
        return devices.idsByIp(ip);
    }

    @Override
    public Collection<Device> devices() {
        return devices.all();
    }

    @Override
    public Optional<Device> addDiscovered(Device device, boolean claimIp) {
        Device candidate = DeviceDocuments.normalize(device.with(Device.ID, ids.next()).with(Device.ADDED, "auto")
                .with(Device.CONFIGURED, false));
        Config config = candidate.config().isEmpty() ? newAutocreateCopy() : null;
        if (config != null) {
            candidate = candidate.with(Device.CONFIG, config.id().orElseThrow());
        }
        List<Device> released;
        synchronized (lock) {
            if (identityTaken(candidate)) {
                return Optional.empty();
            }
            if (config != null) {
                configs.put(config);
            }
            released = claimIp ? releaseIp(candidate) : List.of();
            devices.put(candidate);
        }
        if (config != null) {
            saveConfig(config.id().orElseThrow());
        }
        released.forEach(d -> saveDevice(d.id().orElseThrow()));
        // configured before it is first written, so that a new device costs one write, not two
        String id = candidate.id().orElseThrow();
        Optional<Device> configured = configurer.configureNow(id, null, false);
        saveDevice(id);
        return Optional.of(configured.orElse(candidate));
    }

    /** Takes {@code device}'s IP away from the other devices that have it; returns them, changed. Under the lock. */
    private List<Device> releaseIp(Device device) {
        List<Device> released = new ArrayList<>();
        device.ip().ifPresent(ip -> {
            for (String other : devices.idsByIp(ip)) {
                if (!device.id().equals(Optional.of(other))) {
                    devices.get(other).ifPresent(d -> {
                        Device without = d.without(Device.IP);
                        devices.put(without);
                        released.add(without);
                    });
                }
            }
        });
        return released;
    }

    /** Whether another device already has the candidate's MAC, serial or UUID, or, lacking those, its IP. */
    private boolean identityTaken(Device candidate) {
        if (candidate.mac().flatMap(devices::byMac).isPresent()
                || candidate.serialNumber().flatMap(devices::bySerial).isPresent()
                || candidate.uuid().flatMap(devices::byUuid).isPresent()) {
            return true;
        }
        boolean anonymous = candidate.mac().isEmpty() && candidate.serialNumber().isEmpty()
                && candidate.uuid().isEmpty();
        return anonymous && candidate.ip().map(ip -> !devices.idsByIp(ip).isEmpty()).orElse(false);
    }

    @Override
    public boolean replaceDiscovered(Device expected, Device updated, boolean claimIp) {
        String id = expected.id().orElseThrow();
        List<Device> released;
        synchronized (lock) {
            if (!devices.get(id).filter(expected::equals).isPresent()) {
                return false;
            }
            released = claimIp ? releaseIp(updated) : List.of();
            devices.put(updated);
        }
        released.forEach(d -> saveDevice(d.id().orElseThrow()));
        saveDevice(id);
        dropLeftConfig(expected, updated);
        return true;
    }

    @Override
    public Optional<Device> configureNow(String id, Device previous) {
        return configurer.configureNow(id, previous);
    }

    @Override
    public boolean renderedSinceStart(String id) {
        return configurer.renderedSinceStart(id);
    }

    @Override
    public Path fileArea(String pluginId) {
        return fileAreas.realRoot(pluginId);
    }

    /** What the configurer sees of the inventory. */
    private final class ConfigurerView implements DeviceConfigurer.Inventory {
        @Override
        public Optional<Device> device(String id) {
            return devices.get(id);
        }

        @Override
        public Optional<RawConfig> rawConfigFor(Device device) {
            return ProvisioningInventory.this.rawConfigFor(device);
        }

        @Override
        public void markConfigured(String deviceId, boolean configured, boolean save) {
            Optional<Replacement> change = replaceCurrent(deviceId, current -> current.configured() == configured
                    ? current : current.with(Device.CONFIGURED, configured));
            if (change.isPresent() && save) {
                saveDevice(deviceId);
            }
        }
    }

    /** How many configurations plugins refused or failed since start. */
    int configureFailures() {
        return configurer.failures();
    }

    /** Waits until every write so far is durable. */
    CompletableFuture<Void> flush() {
        return store.flush().toCompletableFuture();
    }
}
