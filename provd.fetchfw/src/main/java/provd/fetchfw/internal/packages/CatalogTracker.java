package provd.fetchfw.internal.packages;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.util.tracker.BundleTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import provd.fetchfw.api.FirmwarePackages;
import provd.fetchfw.internal.catalog.Catalog;
import provd.fetchfw.internal.catalog.CatalogException;
import provd.fetchfw.internal.catalog.CatalogParser;

/**
 * The extender half of the package manager: follows the bundles whose manifest names a catalog in
 * {@value FirmwarePackages#PACKAGES_HEADER}, and holds each one's parsed catalog while the bundle is active. A
 * catalog that does not parse is reported once, with its line, and contributes nothing.
 */
final class CatalogTracker implements BundleTrackerCustomizer<PluginCatalog> {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogTracker.class);
    /** Plugin ids become directory names: nothing that could climb out of the plugins directory. */
    static final Pattern PLAIN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,127}");

    private final Map<String, PluginCatalog> catalogs = new ConcurrentHashMap<>();

    Optional<PluginCatalog> catalog(String pluginId) {
        return Optional.ofNullable(catalogs.get(pluginId));
    }

    Map<String, PluginCatalog> catalogs() {
        return Map.copyOf(catalogs);
    }

    @Override
    public PluginCatalog addingBundle(Bundle bundle, BundleEvent event) {
        String header = bundle.getHeaders("").get(FirmwarePackages.PACKAGES_HEADER);
        if (header == null) {
            return null;
        }
        try {
            PluginCatalog catalog = read(bundle, PackagesHeader.parse(header));
            PluginCatalog other = catalogs.putIfAbsent(catalog.pluginId(), catalog);
            if (other != null) {
                LOG.warn("Bundle {} declares packages for plugin {}, which bundle {} already declares: ignored",
                        bundle.getSymbolicName(), catalog.pluginId(), other.bundleId());
                return null;
            }
            LOG.info("Firmware packages of plugin {}: {}", catalog.pluginId(),
                    String.join(", ", catalog.catalog().packages().keySet()));
            return catalog;
        } catch (CatalogException | IOException | IllegalArgumentException e) {
            LOG.error("Bundle {} {}: its firmware catalog ({}: {}) is not usable: {}", bundle.getSymbolicName(),
                    bundle.getVersion(), FirmwarePackages.PACKAGES_HEADER, header, e.getMessage());
            return null;
        }
    }

    private static PluginCatalog read(Bundle bundle, PackagesHeader header) throws IOException, CatalogException {
        URL entry = bundle.getEntry(header.path());
        if (entry == null) {
            throw new IOException(FirmwarePackages.PACKAGES_HEADER + " names " + header.path()
                    + ", which the bundle does not contain");
        }
        try (Reader reader = new InputStreamReader(entry.openStream(), StandardCharsets.UTF_8)) {
            Catalog catalog = CatalogParser.parse(reader);
            return new PluginCatalog(header.pluginId(), bundle.getBundleId(), catalog);
        }
    }

    @Override
    public void modifiedBundle(Bundle bundle, BundleEvent event, PluginCatalog catalog) {
    }

    @Override
    public void removedBundle(Bundle bundle, BundleEvent event, PluginCatalog catalog) {
        if (catalogs.remove(catalog.pluginId(), catalog)) {
            LOG.info("Firmware packages of plugin {} withdrawn: its bundle stopped", catalog.pluginId());
        }
    }

    /** {@code pkgs/pkgs.db;plugin=digium-2.8.1}. */
    record PackagesHeader(String path, String pluginId) {
        static PackagesHeader parse(String header) {
            String[] parts = header.split(";");
            String path = parts[0].trim();
            String plugin = null;
            for (int i = 1; i < parts.length; i++) {
                String[] attribute = parts[i].split("=", 2);
                if (attribute.length == 2 && attribute[0].trim().equals(FirmwarePackages.PLUGIN_ATTRIBUTE)) {
                    plugin = attribute[1].trim().replace("\"", "");
                }
            }
            if (path.isEmpty()) {
                throw new IllegalArgumentException(FirmwarePackages.PACKAGES_HEADER + " names no catalog");
            }
            if (plugin == null || !PLAIN_ID.matcher(plugin).matches()) {
                throw new IllegalArgumentException(FirmwarePackages.PACKAGES_HEADER + " '" + header
                        + "' needs a plain plugin id in its " + FirmwarePackages.PLUGIN_ATTRIBUTE + " attribute");
            }
            return new PackagesHeader(path, plugin);
        }
    }
}
