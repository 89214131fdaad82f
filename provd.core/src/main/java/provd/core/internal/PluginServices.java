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

        /**
         * The plugin's bundle was replaced by another version of it ({@link #replace}) and the plugin is back: its
         * devices are to be configured again, by the new version.
         */
        void pluginReplaced(String pluginId);
    }

    /** A replacement under way; closing it ends it. */
    interface Replacement extends AutoCloseable {
        /**
         * Ends the replacement: the listeners are told the plugin was {@linkplain Listener#pluginReplaced replaced}
         * if it is present, else that it {@linkplain Listener#pluginDeparted departed}.
         */
        @Override
        void close();
    }

    /** Every plugin's extractors. */
    List<DeviceInfoExtractor> extractors();

    /** Each plugin's associator, by plugin id. */
    Map<String, PluginAssociator> associators();

    Optional<DeviceConfigurator> configurator(String pluginId);

    /**
     * Starts the replacement of a plugin's bundle by another version of it (a bundle update): until the replacement
     * is {@linkplain Replacement#close closed}, the plugin's services leaving is not its departure: its devices keep
     * it and are served the files they have.
     *
     * @throws provd.core.api.ConflictException when the plugin is being replaced already
     */
    Replacement replace(String pluginId);

    /** Whether the plugin is being {@linkplain #replace replaced}: its services may be missing for a while. */
    boolean isReplacing(String pluginId);

    void addListener(Listener listener);

    void removeListener(Listener listener);
}
