package provd.core.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;

import provd.core.spi.DeviceConfigurator;
import provd.core.spi.DeviceInfoExtractor;
import provd.core.spi.PluginAssociator;

/** The plugins present, in memory: adding or removing one tells the listeners, as the OSGi registry would. */
public final class TestPlugins implements PluginServices {
    private record Services(DeviceInfoExtractor extractor, PluginAssociator associator,
            DeviceConfigurator configurator) {
    }

    private final Map<String, Services> plugins = new ConcurrentSkipListMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Set<String> replacing = ConcurrentHashMap.newKeySet();

    public TestPlugins add(TestPlugin plugin) {
        return add(plugin.id, plugin.extractor, plugin.associator, plugin.configurator);
    }

    /** Adds a plugin; any of its services may be null (not registered). */
    public TestPlugins add(String id, DeviceInfoExtractor extractor, PluginAssociator associator,
            DeviceConfigurator configurator) {
        plugins.put(id, new Services(extractor, associator, configurator));
        listeners.forEach(listener -> listener.pluginChanged(id));
        return this;
    }

    public void remove(String id) {
        if (plugins.remove(id) != null && !replacing.contains(id)) {
            listeners.forEach(listener -> listener.pluginDeparted(id));
        }
    }

    @Override
    public Replacement replace(String pluginId) {
        if (!replacing.add(pluginId)) {
            throw new IllegalStateException(pluginId + " is being replaced already");
        }
        return () -> {
            if (replacing.remove(pluginId)) {
                boolean back = plugins.containsKey(pluginId);
                listeners.forEach(listener -> {
                    if (back) {
                        listener.pluginReplaced(pluginId);
                    } else {
                        listener.pluginDeparted(pluginId);
                    }
                });
            }
        };
    }

    @Override
    public boolean isReplacing(String pluginId) {
        return replacing.contains(pluginId);
    }

    public int listenerCount() {
        return listeners.size();
    }

    @Override
    public List<DeviceInfoExtractor> extractors() {
        return plugins.values().stream().map(Services::extractor).filter(Objects::nonNull).toList();
    }

    @Override
    public Map<String, PluginAssociator> associators() {
        Map<String, PluginAssociator> associators = new LinkedHashMap<>();
        plugins.forEach((id, services) -> {
            if (services.associator() != null) {
                associators.put(id, services.associator());
            }
        });
        return associators;
    }

    @Override
    public Optional<DeviceConfigurator> configurator(String pluginId) {
        return Optional.ofNullable(plugins.get(pluginId)).map(Services::configurator);
    }

    @Override
    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }
}
