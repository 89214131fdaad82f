package provd.core.internal.device;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;

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
    /** Every index, with the key of a device in it: the one list that indexing and un-indexing go through. */
    private final List<Index> indexes = List.of(
            Index.unique(Device::mac, byMac), Index.unique(Device::serialNumber, bySerial),
            Index.unique(Device::uuid, byUuid), Index.shared(Device::ip, byIp),
            Index.shared(Device::config, byConfig), Index.shared(Device::plugin, byPlugin));

    /** An index of the devices by one of their keys: to one device (a MAC...) or to several (an IP...). */
    private record Index(Function<Device, Optional<String>> keyOf, BiConsumer<String, String> add,
            BiConsumer<String, String> remove) {
        static Index unique(Function<Device, Optional<String>> keyOf, Map<String, String> ids) {
            return new Index(keyOf, ids::put, ids::remove);
        }

        static Index shared(Function<Device, Optional<String>> keyOf, Map<String, Set<String>> ids) {
            return new Index(keyOf, (key, id) -> ids.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(id),
                    (key, id) -> ids.computeIfPresent(key, (k, set) -> {
                        set.remove(id);
                        return set.isEmpty() ? null : set;
                    }));
        }
    }

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
     * Adds or replaces a device (by id), re-indexing it when a key of it changed. The new entries go in before the
     * stale ones go out, so a lookup running meanwhile never misses a device whose key did not change.
     */
    public void put(Device device) {
        String id = device.id().orElseThrow();
        Device previous = byId.get(id);
        if (previous != null && sameKeys(previous, device)) {
            byId.put(id, device); // only unindexed fields changed (the remote state, configured...): the usual case
            return;
        }
        for (Index index : indexes) {
            index.keyOf().apply(device).ifPresent(key -> index.add().accept(key, id));
        }
        byId.put(id, device);
        if (previous != null) {
            // the entries of the previous document whose key the new one no longer has
            for (Index index : indexes) {
                Optional<String> kept = index.keyOf().apply(device);
                index.keyOf().apply(previous).filter(key -> !kept.equals(Optional.of(key)))
                        .ifPresent(key -> index.remove().accept(key, id));
            }
        }
    }

    private boolean sameKeys(Device a, Device b) {
        for (Index index : indexes) {
            if (!index.keyOf().apply(a).equals(index.keyOf().apply(b))) {
                return false;
            }
        }
        return true;
    }

    public Optional<Device> remove(String id) {
        Device previous = byId.remove(id);
        if (previous != null) {
            for (Index index : indexes) {
                index.keyOf().apply(previous).ifPresent(key -> index.remove().accept(key, id));
            }
        }
        return Optional.ofNullable(previous);
    }
}
