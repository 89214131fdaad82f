/**
 * What a vendor plugin implements, and what the core offers plugins. A plugin is a bundle that registers a
 * {@link provd.core.spi.DeviceInfoExtractor}, a {@link provd.core.spi.PluginAssociator} and a
 * {@link provd.core.spi.DeviceConfigurator} as OSGi services, each carrying the same
 * {@link provd.core.spi.PluginId plugin id}; it may use the core's {@link provd.core.spi.Synchronizer} to have its
 * phones fetch their files again.
 */
@Export
@Version("1.1.0")
package provd.core.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
