package provd.core.internal.device;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import provd.core.api.Device;

/**
 * The devices in memory, indexed by id, MAC, serial number, UUID, IP, config and plugin. Mutations are the caller's
 * to serialise; lookups are safe from any thread.
 */
public final class DeviceIndex {
    private final Map<String, Device> byId = new ConcurrentHashMap<>();
    private final Map<String, String> byMac = new ConcurrentHashMap<>();
    private final Map<String, String> bySerial = new ConcurrentHashMap<>();
    private final Map<String, String> byUuid = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> byIp = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> byConfig = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> byPlugin = new ConcurrentHashMap<>();

    public Optional<Device> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Collection<Device> all() {
        return byId.values();
    }

    public int size() {
        return byId.size();
    }

    public Optional<Device> byMac(String mac) {
        return lookup(byMac, mac);
    }

    public Optional<Device> bySerial(String serial) {
        return lookup(bySerial, serial);
    }

    public Optional<Device> byUuid(String uuid) {
        return lookup(byUuid, uuid);
    }

    public Set<String> idsByIp(String ip) {
        return Set.copyOf(byIp.getOrDefault(ip, Set.of()));
    }

    public Set<String> idsUsingConfig(String configId) {
        return Set.copyOf(byConfig.getOrDefault(configId, Set.of()));
    }

    public Set<String> idsUsingPlugin(String pluginId) {
        return Set.copyOf(byPlugin.getOrDefault(pluginId, Set.of()));
    }

    private Optional<Device> lookup(Map<String, String> index, String key) {
        String id = key == null ? null : index.get(key);
        return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
    }

    /**
     * Adds or replaces a device (by id) and re-indexes it. The new entries go in before the stale ones go out, so a
     * lookup running meanwhile never misses a device whose key did not change.
     */
    public void put(Device device) {
        String id = device.id().orElseThrow();
        Device previous = byId.get(id);
        if (previous != null && sameKeys(previous, device)) {
            byId.put(id, device); // only unindexed fields changed (the remote state, configured...): the usual case
            return;
        }
        index(device);
        byId.put(id, device);
        if (previous != null) {
            unindexChanged(previous, device);
        }
    }

    private static boolean sameKeys(Device a, Device b) {
        return a.mac().equals(b.mac()) && a.serialNumber().equals(b.serialNumber()) && a.uuid().equals(b.uuid())
                && a.ip().equals(b.ip()) && a.config().equals(b.config()) && a.plugin().equals(b.plugin());
    }

    public Optional<Device> remove(String id) {
        Device previous = byId.remove(id);
        if (previous != null) {
            unindex(previous);
        }
        return Optional.ofNullable(previous);
    }

    private void index(Device device) {
        String id = device.id().orElseThrow();
        device.mac().ifPresent(mac -> byMac.put(mac, id));
        device.serialNumber().ifPresent(sn -> bySerial.put(sn, id));
        device.uuid().ifPresent(uuid -> byUuid.put(uuid, id));
        device.ip().ifPresent(ip -> add(byIp, ip, id));
        device.config().ifPresent(config -> add(byConfig, config, id));
        device.plugin().ifPresent(plugin -> add(byPlugin, plugin, id));
    }

    /** Removes the entries of {@code previous} whose key {@code current} no longer has. */
    private void unindexChanged(Device previous, Device current) {
        String id = previous.id().orElseThrow();
        previous.mac().filter(mac -> !current.mac().equals(Optional.of(mac))).ifPresent(mac -> byMac.remove(mac, id));
        previous.serialNumber().filter(sn -> !current.serialNumber().equals(Optional.of(sn)))
                .ifPresent(sn -> bySerial.remove(sn, id));
        previous.uuid().filter(uuid -> !current.uuid().equals(Optional.of(uuid)))
                .ifPresent(uuid -> byUuid.remove(uuid, id));
        previous.ip().filter(ip -> !current.ip().equals(Optional.of(ip))).ifPresent(ip -> remove(byIp, ip, id));
        previous.config().filter(config -> !current.config().equals(Optional.of(config)))
                .ifPresent(config -> remove(byConfig, config, id));
        previous.plugin().filter(plugin -> !current.plugin().equals(Optional.of(plugin)))
                .ifPresent(plugin -> remove(byPlugin, plugin, id));
    }

    private void unindex(Device device) {
        String id = device.id().orElseThrow();
        device.mac().ifPresent(mac -> byMac.remove(mac, id));
        device.serialNumber().ifPresent(sn -> bySerial.remove(sn, id));
        device.uuid().ifPresent(uuid -> byUuid.remove(uuid, id));
        device.ip().ifPresent(ip -> remove(byIp, ip, id));
        device.config().ifPresent(config -> remove(byConfig, config, id));
        device.plugin().ifPresent(plugin -> remove(byPlugin, plugin, id));
    }

    private static void add(Map<String, Set<String>> index, String key, String id) {
        index.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(id);
    }

    private static void remove(Map<String, Set<String>> index, String key, String id) {
        index.computeIfPresent(key, (k, ids) -> {
            ids.remove(id);
            return ids.isEmpty() ? null : ids;
        });
    }
}
