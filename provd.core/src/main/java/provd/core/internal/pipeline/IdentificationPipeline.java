package provd.core.internal.pipeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
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

import provd.core.api.AccessGuard;
import provd.core.api.Device;
import provd.core.api.DeviceInfo;
import provd.core.api.ProvisioningRequest;
import provd.core.api.ProvisioningRoute;
import provd.core.api.ProvisioningService;
import provd.core.api.RequestType;
import provd.core.internal.Inventory;
import provd.core.internal.PluginServices;
import provd.core.spi.DeviceConfigurator;
import provd.core.spi.DeviceInfoExtractor;
import provd.core.spi.DeviceSupport;

/**
 * The identification pipeline: for each request, what the plugins' extractors and the request itself tell
 * (extraction); the device it comes from, by MAC, then serial number, then UUID, then IP (retrieval), created when
 * unknown; the device brought up to date — facts added, IP and firmware version kept current, plugin (re)associated
 * when one supports it better, configured when that changed (update); and the plugin that serves it (routing).
 * When the transport reports that the phone got its plugin's remote-state trigger file, the fetch is recorded in
 * the device's remote state.
 *
 * <p>Nothing is locked across plugin calls; concurrent requests for one device are reconciled by the inventory's
 * compare-and-replace. A request that changes nothing writes nothing.
 */
@Component(service = ProvisioningService.class, immediate = true, configurationPid = IdentificationPipeline.PID)
@Designate(ocd = IdentificationPipeline.Settings.class)
public final class IdentificationPipeline implements ProvisioningService, PluginServices.Listener {
    static final String PID = "provd.identification";
    private static final Logger LOG = LoggerFactory.getLogger(IdentificationPipeline.class);
    /** One parseable line per security event, on a logger of its own so it can be routed apart. */
    private static final Logger SECURITY = LoggerFactory.getLogger("provd.security");
    private static final int MAX_RETRIES = 5;

    @ObjectClassDefinition(name = "provd identification", description = "How requests identify devices")
    @interface Settings {
        @AttributeDefinition(description = "Secure mode: requests from unknown devices create nothing, and "
                + "requests change no device (but for the remote state the server records when a phone fetches "
                + "its configuration)")
        boolean secure() default false;

        @AttributeDefinition(description = "NAT mode: many phones share one address, so devices are not found by "
                + "IP and an address is not taken from one device for another")
        boolean nat() default false;

        @AttributeDefinition(description = "Refuse (not only log) a request for a device's sensitive file from an "
                + "address that is not the device's")
        boolean deny_sensitive_mismatch() default false;

        @AttributeDefinition(description = "How many devices the requests of one address may create per minute "
                + "(0: no limit); more are refused and logged. Behind NAT every phone has the same address: raise it "
                + "to the number of phones that may boot at once", min = "0")
        int new_devices_per_address_per_minute() default 60;
    }

    private final Inventory inventory;
    private final PluginServices plugins;
    private final BooleanSupplier serverStopping;
    private final AccessGuard guard;
    private final ExecutorService associations = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "provd-association");
        t.setDaemon(true);
        return t;
    });
    private volatile Settings settings;
    private volatile NewDeviceBudget newDevices;
    private final LogBudget refusedDeviceLines = new LogBudget(20, 60, TimeUnit.SECONDS);
    /** In a boot storm, a line per new device would be thousands of synchronous writes a second. */
    private final LogBudget newDeviceLines = new LogBudget(20, 10, TimeUnit.SECONDS);

    @Activate
    public IdentificationPipeline(@Reference Inventory inventory, @Reference PluginServices plugins,
            @Reference AccessGuard guard, BundleContext context, Settings settings) {
        this(inventory, plugins, guard, () -> (context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).getState()
                & Bundle.STOPPING) != 0, settings);
    }

    /** @param serverStopping whether the whole server is stopping (plugins leaving then are not really gone) */
    IdentificationPipeline(Inventory inventory, PluginServices plugins, AccessGuard guard,
            BooleanSupplier serverStopping, Settings settings) {
        this.inventory = inventory;
        this.plugins = plugins;
        this.guard = guard;
        this.serverStopping = serverStopping;
        modified(settings);
        plugins.addListener(this);
        // plugins that arrived before us are offered the unassociated devices too, and configure their own
        associations.execute(() -> {
            associateUnassociated();
            inventory.devices().stream().flatMap(d -> d.plugin().stream()).distinct().toList()
                    .forEach(this::configureOutdated);
        });
    }

    @Modified
    void modified(Settings settings) {
        this.settings = settings;
        int perMinute = Math.max(0, settings.new_devices_per_address_per_minute());
        NewDeviceBudget budget = newDevices;
        // kept when its limit is unchanged: another setting saved must not give every address its budget back
        if (budget == null || budget.perMinute() != perMinute) {
            newDevices = new NewDeviceBudget(perMinute, System::nanoTime);
        }
        LOG.info("identification: secure mode {}, NAT mode {}, sensitive-file mismatch {}, new devices per address "
                + "and minute {}", settings.secure() ? "on" : "off", settings.nat() ? "on" : "off",
                settings.deny_sensitive_mismatch() ? "denied" : "logged", perMinute == 0 ? "unlimited" : perMinute);
    }

    /** Waits until the association work queued so far (the pass at start included) is done; for tests. */
    void awaitAssociations() throws Exception {
        associations.submit(() -> { }).get();
    }

    @Deactivate
    void deactivate() {
        plugins.removeListener(this);
        associations.shutdownNow();
    }

    @Override
    public ProvisioningRoute route(ProvisioningRequest request) {
        Settings current = settings;
        DeviceInfo info = extract(request);
        for (int attempt = 0; attempt < MAX_RETRIES; attempt++) {
            Optional<Device> found = retrieve(info, current);
            if (found.isEmpty()) {
                if (current.secure() || !identifiesADevice(info, current)) {
                    return ProvisioningRoute.nowhere(isSensitiveForAnyPlugin(request));
                }
                if (!newDevices.take(request.clientAddress())) {
                    logRefusedDevice(info, request);
                    return ProvisioningRoute.nowhere(isSensitiveForAnyPlugin(request));
                }
                Optional<Device> added = inventory.addDiscovered(newDevice(info), !current.nat());
                if (added.isEmpty()) {
                    continue; // another request created it meanwhile: update that one
                }
                Device created = added.get();
                logNewDevice(created, info, request);
                return routeTo(created, request);
            }
            Device device = found.get();
            if (isSensitiveMismatch(device, request)) {
                // the device is not updated from a request that may not be its own
                // refused when so configured, or when this very miss got the address banned
                return current.deny_sensitive_mismatch() || guard.isBanned(request.clientAddress())
                        ? ProvisioningRoute.denied(device, device.plugin().orElseThrow())
                        : routeTo(device, request);
            }
            if (current.secure()) {
                return routeTo(device, request);
            }
            Device updated = update(device, info, current);
            if (updated.equals(device)) {
                return routeTo(device, request);
            }
            if (inventory.replaceDiscovered(device, updated, !current.nat())) {
                Device configured = needsConfiguration(device, updated)
                        ? inventory.configureNow(updated.id().orElseThrow(), device).orElse(updated)
                        : updated;
                return routeTo(configured, request);
            }
            // the device changed under us: start again from its new state
        }
        LOG.warn("device of {} changed by concurrent requests {} times in a row; serving it as it is", request,
                MAX_RETRIES);
        return retrieve(info, current).map(d -> routeTo(d, request))
                .orElse(ProvisioningRoute.nowhere(isSensitiveForAnyPlugin(request)));
    }

    private void logNewDevice(Device created, DeviceInfo info, ProvisioningRequest request) {
        long leftOut = newDeviceLines.take(System.nanoTime());
        String line = "new device {} ({}) from {} request of {}: plugin {}{}";
        Object[] args = {created.id().orElseThrow(), describe(info), request.type(),
                request.clientAddress().getHostAddress(), created.plugin().orElse("none"),
                leftOut > 0 ? " (and " + leftOut + " new device(s) before it, logged at debug level)" : ""};
        if (leftOut < 0) {
            LOG.debug(line, args);
        } else {
            LOG.info(line, args);
        }
    }

    /** One parseable line per refusal, up to 20 a minute: a fuzzer is refused thousands of times a minute. */
    private void logRefusedDevice(DeviceInfo info, ProvisioningRequest request) {
        long leftOut = refusedDeviceLines.take(System.nanoTime());
        if (leftOut >= 0) {
            SECURITY.warn("security-event type=new-device-refused time={} ip={} limit_per_minute={} mac={}{}",
                    Instant.now(), request.clientAddress().getHostAddress(), newDevices.perMinute(),
                    info.mac().orElse("-"), leftOut > 0 ? " left_out=" + leftOut : "");
        }
    }

    private static boolean needsConfiguration(Device before, Device after) {
        return !before.plugin().equals(after.plugin()) || !before.config().equals(after.config())
                || !before.mac().equals(after.mac()) || !before.model().equals(after.model())
                || !before.version().equals(after.version()) || !before.vendor().equals(after.vendor());
    }

    // ------------------------------------------------------------------ extraction

    /** Every extractor's answer merged, then the request's own facts, which no extractor overrides. */
    DeviceInfo extract(ProvisioningRequest request) {
        List<DeviceInfo> answers = new ArrayList<>();
        for (DeviceInfoExtractor extractor : plugins.extractors()) {
            try {
                extractor.extract(request).filter(answer -> !answer.isEmpty()).ifPresent(answers::add);
            } catch (RuntimeException e) {
                LOG.error("extractor {} failed on {}", extractor, request, e);
            }
        }
        DeviceInfo.Builder info = InfoMerger.merge(answers).toBuilder().ip(request.clientAddress().getHostAddress());
        request.mac().ifPresent(info::mac);
        return info.build();
    }

    /**
     * Whether the facts name a phone, rather than only an address (a scanner, a stray browser). A vendor alone names
     * one only where the address does too: not in NAT mode, where every phone would look like a new one.
     */
    private static boolean identifiesADevice(DeviceInfo info, Settings current) {
        return info.mac().isPresent() || info.serialNumber().isPresent() || info.uuid().isPresent()
                || (info.vendor().isPresent() && !current.nat());
    }

    // ------------------------------------------------------------------ retrieval

    /**
     * The device by MAC, serial, UUID, then IP; a device found by IP is only trusted when its MAC does not contradict
     * the request's, and IP is not looked at in NAT mode.
     */
    private Optional<Device> retrieve(DeviceInfo info, Settings current) {
        Optional<Device> device = info.mac().flatMap(inventory::byMac);
        if (device.isEmpty()) {
            device = info.serialNumber().flatMap(inventory::bySerial);
        }
        if (device.isEmpty()) {
            device = info.uuid().flatMap(inventory::byUuid);
        }
        if (device.isEmpty() && !current.nat() && info.ip().isPresent()) {
            for (String id : inventory.idsByIp(info.ip().get())) {
                Optional<Device> byIp = inventory.device(id)
                        .filter(d -> d.mac().isEmpty() || info.mac().isEmpty() || d.mac().equals(info.mac()));
                if (byIp.isPresent()) {
                    return byIp;
                }
            }
        }
        return device;
    }

    // ------------------------------------------------------------------ update

    private Device newDevice(DeviceInfo info) {
        Map<String, Object> doc = new LinkedHashMap<>(info.asMap());
        choosePlugin(info).ifPresent(choice -> doc.put(Device.PLUGIN, choice.pluginId()));
        return Device.of(doc);
    }

    /**
     * The device with the request's facts: missing ones added, IP and version kept current, and the plugin changed
     * when another one supports the device better than its own.
     */
    private Device update(Device device, DeviceInfo info, Settings current) {
        Device updated = device;
        for (String key : List.of(DeviceInfo.VENDOR, DeviceInfo.MODEL, DeviceInfo.MAC, DeviceInfo.SERIAL_NUMBER,
                DeviceInfo.UUID)) {
            Optional<String> value = info.get(key);
            if (value.isPresent() && updated.get(key).isEmpty()) {
                updated = updated.with(key, value.get());
            }
        }
        Optional<String> version = info.version();
        if (version.isPresent() && !updated.version().filter(known -> refines(known, version.get())).isPresent()) {
            updated = updated.with(Device.VERSION, version.get());
        }
        Optional<String> ip = info.ip();
        if (ip.isPresent() && !ip.equals(updated.ip())) {
            updated = updated.with(Device.IP, ip.get());
        }
        if (updated.plugin().filter(plugins::isReplacing).isPresent()) {
            return updated; // its plugin is missing only while its bundle is replaced: it keeps it
        }
        DeviceInfo known = factsOf(updated);
        Optional<PluginChooser.Choice> best = choosePlugin(known);
        if (best.isPresent() && !best.get().pluginId().equals(updated.plugin().orElse(null))) {
            DeviceSupport currentSupport = updated.plugin()
                    .map(id -> PluginChooser.support(plugins.associators(), id, known))
                    .orElse(DeviceSupport.IMPROBABLE);
            if (best.get().support().isBetterThan(currentSupport) || updated.plugin().isEmpty()) {
                updated = updated.with(Device.PLUGIN, best.get().pluginId());
            }
        }
        return updated;
    }

    /**
     * Whether {@code known} is {@code reported} or a more precise form of it ({@code 2.8.1.0.48178} of {@code 2.8.1}):
     * phones report their firmware version with more components in one request (DHCP) than in another (the HTTP
     * User-Agent), and taking each as a change would reconfigure the phone twice on every boot.
     */
    static boolean refines(String known, String reported) {
        return known.equals(reported) || known.length() > reported.length() && known.startsWith(reported)
                && !Character.isLetterOrDigit(known.charAt(reported.length()));
    }

    private Optional<PluginChooser.Choice> choosePlugin(DeviceInfo info) {
        return PluginChooser.best(plugins.associators(), info);
    }

    private static DeviceInfo factsOf(Device device) {
        DeviceInfo.Builder facts = DeviceInfo.builder();
        for (String key : List.of(DeviceInfo.VENDOR, DeviceInfo.MODEL, DeviceInfo.VERSION, DeviceInfo.MAC,
                DeviceInfo.SERIAL_NUMBER, DeviceInfo.UUID, DeviceInfo.IP)) {
            device.string(key).ifPresent(value -> InfoMerger.put(facts, key, value));
        }
        return facts.build();
    }

    // ------------------------------------------------------------------ routing and security

    private ProvisioningRoute routeTo(Device known, ProvisioningRequest request) {
        Device device = known;
        Optional<String> pluginId = device.plugin();
        Optional<DeviceConfigurator> configurator = pluginId.flatMap(plugins::configurator);
        // a phone asking for its own file, even one not rendered yet, makes no miss
        boolean ownFile = device.ip().filter(request.clientAddress().getHostAddress()::equals).isPresent();
        if (configurator.isEmpty()) {
            if (pluginId.filter(plugins::isReplacing).isPresent()) {
                // its bundle is being replaced: the files it has are served meanwhile, each one taken as holding
                // credentials (nobody can tell otherwise until the new version is there)
                return ProvisioningRoute.served(device, pluginId.get(), inventory.fileArea(pluginId.get()), !ownFile);
            }
            return ProvisioningRoute.unserved(device);
        }
        String id = device.id().orElseThrow();
        if (!inventory.renderedSinceStart(id)) {
            // its files may predate a change stored just before a crash: made again before it is served
            device = inventory.configureNow(id, null).orElse(device);
        }
        String path = relativePath(request);
        ProvisioningRoute route = ProvisioningRoute.served(device, pluginId.get(),
                inventory.fileArea(pluginId.get()), !ownFile && isSensitive(configurator.get(), path));
        // the fetch proves something only when it is the phone's: from the device's address, if it has one
        return (ownFile || device.ip().isEmpty()) && isRemoteStateTrigger(configurator.get(), device, request, path)
                ? route.asRemoteStateTrigger() : route;
    }

    private static boolean isRemoteStateTrigger(DeviceConfigurator configurator, Device device,
            ProvisioningRequest request, String path) {
        if (request.type() == RequestType.DHCP || path.isEmpty()) {
            return false;
        }
        try {
            return configurator.remoteStateTriggerFilename(device).filter(path::equals).isPresent();
        } catch (RuntimeException e) {
            LOG.warn("plugin {} failed to name the remote-state trigger of device {}", device.plugin().orElse("?"),
                    device.id().orElse("?"), e);
            return false;
        }
    }

    /**
     * Records the phone's remote state, in secure mode too: it is what the server itself served from the device's
     * config, not something the request claims.
     */
    @Override
    public void delivered(ProvisioningRoute route) {
        if (!route.isRemoteStateTrigger()) {
            return;
        }
        route.device().flatMap(Device::id).ifPresent(id -> {
            LOG.debug("device {} fetched its configuration", id);
            inventory.recordRemoteState(id, Instant.now());
        });
    }

    /** For a request no device's plugin serves: whether any plugin holds its path for a file with credentials. */
    private boolean isSensitiveForAnyPlugin(ProvisioningRequest request) {
        if (request.type() == RequestType.DHCP || request.path().isEmpty()) {
            return false;
        }
        String path = relativePath(request);
        return plugins.associators().keySet().stream()
                .map(plugins::configurator).flatMap(Optional::stream)
                .anyMatch(configurator -> isSensitive(configurator, path));
    }

    /** The path without its leading slashes; by hand, as a regex would be compiled on every request. */
    private static String relativePath(ProvisioningRequest request) {
        String path = request.path();
        int start = 0;
        while (start < path.length() && path.charAt(start) == '/') {
            start++;
        }
        return path.substring(start);
    }

    /**
     * Whether the request asks for a sensitive file of a device from an address that is not the device's: logged and
     * recorded as a miss against the address. It is refused only when so configured, because phones that move
     * address without DHCP telling us would be locked out; addresses that do it repeatedly get banned.
     */
    private boolean isSensitiveMismatch(Device device, ProvisioningRequest request) {
        if (request.type() == RequestType.DHCP || request.path().isEmpty() || device.ip().isEmpty()
                || device.plugin().isEmpty()) {
            return false;
        }
        String client = request.clientAddress().getHostAddress();
        if (client.equals(device.ip().get())) {
            return false;
        }
        Optional<DeviceConfigurator> configurator = plugins.configurator(device.plugin().get());
        String path = relativePath(request);
        if (configurator.isEmpty() || !isSensitive(configurator.get(), path)) {
            return false;
        }
        guard.recordMiss(request.clientAddress(), path);
        SECURITY.warn("security-event type=sensitive-file-mismatch time={} ip={} file={} device={} device_ip={}",
                Instant.now(), client, path, device.id().orElse("?"), device.ip().get());
        return true;
    }

    private static boolean isSensitive(DeviceConfigurator configurator, String path) {
        try {
            return configurator.isSensitiveFilename(path);
        } catch (RuntimeException e) {
            return true; // when in doubt, a file is treated as holding credentials
        }
    }

    // ------------------------------------------------------------------ plugins coming and going

    @Override
    public void pluginChanged(String pluginId) {
        associations.execute(() -> {
            associateUnassociated();
            configureOutdated(pluginId);
        });
    }

    @Override
    public void pluginDeparted(String pluginId) {
        if (serverStopping.getAsBoolean()) {
            return; // the whole server stops: its devices keep their plugin for the next start
        }
        associations.execute(() -> dissociate(pluginId));
    }

    @Override
    public void pluginReplaced(String pluginId) {
        associations.execute(() -> reconfigureAll(pluginId));
    }

    /** The plugin's bundle was replaced by another version: every device of the plugin is configured by it again. */
    private void reconfigureAll(String pluginId) {
        int reconfigured = 0;
        for (Device device : inventory.devices()) {
            if (device.plugin().filter(pluginId::equals).isPresent()) {
                inventory.reconfigureDevice(device.id().orElseThrow());
                reconfigured++;
            }
        }
        LOG.info("plugin {} replaced: {} device(s) to configure again", pluginId, reconfigured);
    }

    /** Offers every device without a plugin to the plugins present. */
    private void associateUnassociated() {
        int associated = 0;
        for (Device device : inventory.devices()) {
            if (device.plugin().isEmpty()) {
                Optional<PluginChooser.Choice> choice = choosePlugin(factsOf(device));
                if (choice.isPresent()) {
                    Device updated = device.with(Device.PLUGIN, choice.get().pluginId());
                    if (inventory.replaceDiscovered(device, updated, false)) {
                        inventory.reconfigureDevice(updated.id().orElseThrow());
                        associated++;
                    }
                }
            }
        }
        if (associated > 0) {
            LOG.info("{} device(s) without a plugin associated with a plugin present", associated);
        }
    }

    /**
     * The plugin's devices not configured yet (its configurator may have come after them), or not rendered since
     * start (their files may predate a change stored just before a crash), are configured. Files that are already
     * right are not rewritten, so that this costs a start little more than rendering.
     */
    private void configureOutdated(String pluginId) {
        if (plugins.configurator(pluginId).isEmpty()) {
            return;
        }
        int outdated = 0;
        for (Device device : inventory.devices()) {
            String id = device.id().orElseThrow();
            if (device.plugin().filter(pluginId::equals).isPresent()
                    && (!device.configured() || !inventory.renderedSinceStart(id))) {
                inventory.reconfigureDevice(id);
                outdated++;
            }
        }
        if (outdated > 0) {
            LOG.info("plugin {}: configuring {} device(s) not rendered since start", pluginId, outdated);
        }
    }

    /** The plugin is gone: its devices keep their records and lose the association. */
    private void dissociate(String pluginId) {
        int dissociated = 0;
        for (Device device : inventory.devices()) {
            if (device.plugin().filter(pluginId::equals).isPresent()) {
                Device updated = device.without(Device.PLUGIN).with(Device.CONFIGURED, false);
                if (inventory.replaceDiscovered(device, updated, false)) {
                    dissociated++;
                }
            }
        }
        if (dissociated > 0) {
            LOG.info("plugin {} is gone: {} device(s) no longer associated", pluginId, dissociated);
        }
    }

    private static String describe(DeviceInfo info) {
        return info.asMap().toString();
    }
}
