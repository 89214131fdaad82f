package provd.core.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import provd.core.spi.DeviceConfigurator;
import provd.core.spi.DeviceInfoExtractor;
import provd.core.spi.PluginAssociator;

/** The core's own view of the plugins present: their services themselves, and their comings and goings. */
public interface PluginServices {

    /** Told when a plugin gains a service (its first, or another) or departs (its last service gone). */
    interface Listener {
        /** A service of the plugin was registered: its first, or one more (a plugin's services arrive one by one). */
        void pluginChanged(String pluginId);

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
