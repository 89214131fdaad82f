package provd.core.api;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A plugin present in the running server: its id, the bundle that provides it, and which of its services are
 * registered. Immutable: a snapshot taken when it was asked for.
 */
public final class PluginDescriptor {
    private final String id;
    private final long bundleId;
    private final String bundleSymbolicName;
    private final String bundleVersion;
    private final Set<PluginService> services;

    public PluginDescriptor(String id, long bundleId, String bundleSymbolicName, String bundleVersion,
            Set<PluginService> services) {
        this.id = Objects.requireNonNull(id, "id");
        this.bundleId = bundleId;
        this.bundleSymbolicName = Objects.requireNonNull(bundleSymbolicName, "bundleSymbolicName");
        this.bundleVersion = Objects.requireNonNull(bundleVersion, "bundleVersion");
        this.services = services.isEmpty()
                ? Collections.emptySet()
                : Collections.unmodifiableSet(EnumSet.copyOf(services));
    }

    /** The plugin id, e.g. {@code digium-2.8.1}. */
    public String id() {
        return id;
    }

    /** The id of the bundle that registered the plugin's services. */
    public long bundleId() {
        return bundleId;
    }

    public String bundleSymbolicName() {
        return bundleSymbolicName;
    }

    public String bundleVersion() {
        return bundleVersion;
    }

    /** Which of the three plugin services are registered now. */
    public Set<PluginService> services() {
        return services;
    }

    /** Whether the plugin has all three services and can serve devices end to end. */
    public boolean isComplete() {
        return services.size() == PluginService.values().length;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PluginDescriptor)) {
            return false;
        }
        PluginDescriptor other = (PluginDescriptor) o;
        return id.equals(other.id) && bundleId == other.bundleId
                && bundleSymbolicName.equals(other.bundleSymbolicName) && bundleVersion.equals(other.bundleVersion)
                && services.equals(other.services);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, bundleId, bundleSymbolicName, bundleVersion, services);
    }

    @Override
    public String toString() {
        return id + " (" + bundleSymbolicName + " " + bundleVersion + " [" + bundleId + "]) " + services;
    }
}
