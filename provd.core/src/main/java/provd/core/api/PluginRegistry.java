package provd.core.api;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The plugins present in the running server, as their bundles come and go. A plugin is present while at least one
 * of its services is registered.
 */
@ProviderType
public interface PluginRegistry {

    /** The plugins present now, sorted by id. */
    List<PluginDescriptor> plugins();

    /** The plugin with this id, if present. */
    Optional<PluginDescriptor> plugin(String id);
}
