/**
 * What a vendor plugin implements. A plugin is a bundle that registers a {@link provd.core.spi.DeviceInfoExtractor},
 * a {@link provd.core.spi.PluginAssociator} and a {@link provd.core.spi.DeviceConfigurator} as OSGi services, each
 * carrying the same {@link provd.core.spi.PluginId plugin id}.
 */
@Export
@Version("1.0.0")
package provd.core.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
