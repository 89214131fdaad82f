package provd.core.api;

import java.util.Map;
import java.util.Objects;

/**
 * A plugin installed in the server, whether from the plugin repository or with the distribution, as its
 * plugin-info describes it. Immutable.
 *
 * @param id             the plugin id
 * @param version        the version of the plugin's package (its plugin-info's, else its bundle's)
 * @param description    what it is, from its plugin-info (its bundle's symbolic name when it has none)
 * @param capabilities   what it supports, by {@code "vendor, model, version"}; empty when its plugin-info says nothing
 * @param fromRepository whether it was installed from the plugin repository (it can then be upgraded and
 *                       uninstalled through it)
 */
public record InstalledPlugin(String id, String version, String description,
        Map<String, Map<String, Object>> capabilities, boolean fromRepository) {

    public InstalledPlugin {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(description, "description");
        capabilities = RepositoryPlugin.copyOf(capabilities);
    }
}
