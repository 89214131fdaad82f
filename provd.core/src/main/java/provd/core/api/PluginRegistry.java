package provd.core.api;

import java.util.List;
import java.util.Map;
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

    /**
     * The plugin's information document (wazo-provd's plugin-info: version, description, capabilities by
     * {@code "vendor, model, version"}), read from the resource its bundle names in the {@value #PLUGIN_INFO_HEADER}
     * header; empty when the plugin is absent or has none.
     */
    Optional<Map<String, Object>> info(String id);

    /**
     * Reloads a plugin: its bundle is updated from where it was installed from and restarted (a bundle embedded in
     * provd.jar, which has no URL to be read again from, is only restarted), so its services leave and come back and
     * its devices are configured again.
     *
     * @throws NotFoundException when no plugin has that id
     */
    void reload(String id);

    /** The manifest header naming a plugin bundle's information document. */
    String PLUGIN_INFO_HEADER = "Provd-PluginInfo";
}
