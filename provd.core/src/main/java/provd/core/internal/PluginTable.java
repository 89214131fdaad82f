package provd.core.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import provd.core.api.PluginDescriptor;
import provd.core.api.PluginService;

/**
 * The plugin services registered now, grouped by plugin id. A plugin arrives with its first service and departs
 * with its last. Thread-safe.
 */
final class PluginTable {

    /** The bundle that registered a service. */
    record BundleIdentity(long id, String symbolicName, String version) {
    }

    /** One registered plugin service. */
    record Registration(long serviceId, String pluginId, PluginService kind, BundleIdentity bundle, Object service) {
    }

    /** What a registration or an unregistration did to the set of plugins. */
    enum Change {
        /** The plugin's first service: the plugin is now present. */
        ARRIVED,
        /** Another service of a plugin already present. */
        UPDATED,
        /** The plugin's last service went: the plugin is gone. */
        DEPARTED,
        /** Nothing known changed (an unknown service id). */
        NONE
    }

    private final Map<String, Map<Long, Registration>> byPlugin = new HashMap<>();
    private final Map<Long, String> pluginOfService = new HashMap<>();

    synchronized Change add(Registration registration) {
        remove(registration.serviceId()); // a service registered again replaces its earlier registration
        Map<Long, Registration> services = byPlugin.computeIfAbsent(registration.pluginId(), id -> new LinkedHashMap<>());
        boolean arrived = services.isEmpty();
        services.put(registration.serviceId(), registration);
        pluginOfService.put(registration.serviceId(), registration.pluginId());
        return arrived ? Change.ARRIVED : Change.UPDATED;
    }

    synchronized Change remove(long serviceId) {
        String pluginId = pluginOfService.remove(serviceId);
        if (pluginId == null) {
            return Change.NONE;
        }
        Map<Long, Registration> services = byPlugin.get(pluginId);
        services.remove(serviceId);
        if (services.isEmpty()) {
            byPlugin.remove(pluginId);
            return Change.DEPARTED;
        }
        return Change.UPDATED;
    }

    synchronized List<PluginDescriptor> descriptors() {
        List<PluginDescriptor> result = new ArrayList<>();
        byPlugin.keySet().forEach(id -> result.add(describe(id)));
        result.sort(Comparator.comparing(PluginDescriptor::id));
        return result;
    }

    synchronized Optional<PluginDescriptor> descriptor(String pluginId) {
        return byPlugin.containsKey(pluginId) ? Optional.of(describe(pluginId)) : Optional.empty();
    }

    /** The bundles, other than {@code registration}'s, that already register services under its plugin id. */
    synchronized List<BundleIdentity> otherBundles(Registration registration) {
        return byPlugin.getOrDefault(registration.pluginId(), Map.of()).values().stream()
                .map(Registration::bundle)
                .filter(bundle -> bundle.id() != registration.bundle().id())
                .distinct()
                .toList();
    }

    /** The services of one kind, each with its plugin id, in registration order. */
    synchronized <T> List<Map.Entry<String, T>> services(PluginService kind, Class<T> type) {
        List<Map.Entry<String, T>> result = new ArrayList<>();
        byPlugin.forEach((pluginId, services) -> services.values().stream()
                .filter(r -> r.kind() == kind)
                .forEach(r -> result.add(Map.entry(pluginId, type.cast(r.service())))));
        return result;
    }

    private PluginDescriptor describe(String pluginId) {
        Map<Long, Registration> services = byPlugin.get(pluginId);
        // A plugin is one bundle; when several claim the same id, the first one registered describes it.
        BundleIdentity bundle = services.values().iterator().next().bundle();
        Set<PluginService> kinds = EnumSet.noneOf(PluginService.class);
        services.values().forEach(r -> kinds.add(r.kind()));
        return new PluginDescriptor(pluginId, bundle.id(), bundle.symbolicName(), bundle.version(), kinds);
    }
}
