package provd.core.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import provd.core.spi.DeviceConfigurator;
import provd.core.spi.DeviceInfoExtractor;
import provd.core.spi.PluginAssociator;

/** The core's own view of the plugins present: their services themselves, and their comings and goings. */
public interface PluginServices {

    /** Told when a plugin arrives (its first service) or departs (its last). */
    interface Listener {
        void pluginArrived(String pluginId);

        void pluginDeparted(String pluginId);
    }

    /** Every plugin's extractors. */
    List<DeviceInfoExtractor> extractors();

    /** Each plugin's associator, by plugin id. */
    Map<String, PluginAssociator> associators();

    Optional<DeviceConfigurator> configurator(String pluginId);

    void addListener(Listener listener);

    void removeListener(Listener listener);
}
