package provd.core.internal;

import static org.osgi.service.component.annotations.ReferenceCardinality.MULTIPLE;
import static org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC;
import static org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import provd.core.api.ConflictException;
import provd.core.api.NotFoundException;
import provd.core.api.PluginDescriptor;
import provd.core.api.PluginRegistry;
import provd.core.api.PluginService;
import provd.core.internal.PluginTable.BundleIdentity;
import provd.core.internal.PluginTable.Registration;
import provd.core.spi.DeviceConfigurator;
import provd.core.spi.DeviceInfoExtractor;
import provd.core.spi.PluginAssociator;
import provd.core.spi.PluginId;

/**
 * Tracks every plugin service as it is registered and unregistered, and groups them by plugin id. Services without
 * a {@value PluginId#PROPERTY} property are not plugin services and are not bound.
 */
@Component(immediate = true, service = {PluginRegistry.class, PluginServices.class})
public final class PluginRegistryImpl implements PluginRegistry, PluginServices {
    private static final Logger LOG = LoggerFactory.getLogger(PluginRegistryImpl.class);
    private static final String HAS_PLUGIN_ID = "(" + PluginId.PROPERTY + "=*)";

    private final PluginTable table = new PluginTable();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    /** The plugins whose bundle is being replaced by another version of it. */
    private final Set<String> replacing = ConcurrentHashMap.newKeySet();
    /** Snapshots for the request path, rebuilt on every change rather than on every request. */
    private volatile List<DeviceInfoExtractor> extractors = List.of();
    private volatile Map<String, PluginAssociator> associators = Map.of();
    private volatile Map<String, DeviceConfigurator> configurators = Map.of();
    private final BundleContext context;
    private final ObjectReader infoReader = new ObjectMapper().readerFor(Map.class);

    @Activate
    public PluginRegistryImpl(BundleContext context) {
        this.context = context;
    }

    @Override
    public List<PluginDescriptor> plugins() {
        return table.descriptors();
    }

    @Override
    public Optional<PluginDescriptor> plugin(String id) {
        return table.descriptor(id);
    }

    @Override
    public Optional<Map<String, Object>> info(String id) {
        Optional<Bundle> bundle = table.descriptor(id).map(d -> context.getBundle(d.bundleId()));
        if (bundle.isEmpty() || bundle.get() == null) {
            return Optional.empty();
        }
        String resource = bundle.get().getHeaders("").get(PLUGIN_INFO_HEADER);
        URL entry = resource == null ? null : bundle.get().getEntry(resource.trim());
        if (entry == null) {
            return Optional.empty();
        }
        try (InputStream in = entry.openStream()) {
            return Optional.of(infoReader.readValue(in));
        } catch (IOException e) {
            LOG.warn("plugin {}: unreadable {} {}: {}", id, PLUGIN_INFO_HEADER, resource, e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public void reload(String id) {
        PluginDescriptor descriptor = table.descriptor(id)
                .orElseThrow(() -> new NotFoundException("no plugin '" + id + "'"));
        Bundle bundle = context.getBundle(descriptor.bundleId());
        if (bundle == null) {
            throw new NotFoundException("no plugin '" + id + "'");
        }
        // its services leave and return: a replacement, so that its devices keep it meanwhile
        try (Replacement replacement = replace(id)) {
            if (updatable(bundle)) {
                // update stops the bundle, reads it again from its location and starts it: its services leave and
                // return
                bundle.update();
                LOG.info("plugin {} reloaded from {}", id, bundle.getLocation());
            } else {
                // a bundle embedded in provd.jar (location jar/...) has no URL to be read again from: restarted, its
                // services leave and return all the same
                bundle.stop(Bundle.STOP_TRANSIENT);
                bundle.start(Bundle.START_TRANSIENT);
                LOG.info("plugin {} restarted (its location {} is not a URL to read it again from)", id,
                        bundle.getLocation());
            }
        } catch (BundleException e) {
            throw new IllegalStateException("plugin '" + id + "' could not be reloaded: " + e.getMessage(), e);
        }
    }

    /** Whether {@link Bundle#update()} can read the bundle again: its update location or location is a URL. */
    private static boolean updatable(Bundle bundle) {
        String updateLocation = bundle.getHeaders("").get(Constants.BUNDLE_UPDATELOCATION);
        String location = updateLocation != null ? updateLocation.trim() : bundle.getLocation();
        try {
            new URL(location);
            return true;
        } catch (MalformedURLException notAUrl) {
            return false;
        }
    }

    @Override
    public List<DeviceInfoExtractor> extractors() {
        return extractors;
    }

    @Override
    public Map<String, PluginAssociator> associators() {
        return associators;
    }

    @Override
    public Optional<DeviceConfigurator> configurator(String pluginId) {
        return Optional.ofNullable(configurators.get(pluginId));
    }

    @Override
    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    private synchronized void refreshSnapshots() {
        extractors = table.services(PluginService.EXTRACTOR, DeviceInfoExtractor.class).stream()
                .map(Map.Entry::getValue).toList();
        associators = firstPerPlugin(table.services(PluginService.ASSOCIATOR, PluginAssociator.class));
        configurators = firstPerPlugin(table.services(PluginService.CONFIGURATOR, DeviceConfigurator.class));
    }

    /** A plugin has one associator and one configurator; should it register more, the first one counts. */
    private static <T> Map<String, T> firstPerPlugin(List<Map.Entry<String, T>> services) {
        Map<String, T> byPlugin = new HashMap<>();
        services.forEach(e -> byPlugin.putIfAbsent(e.getKey(), e.getValue()));
        return Map.copyOf(byPlugin);
    }

    private void notifyListeners(String pluginId, Consumer<Listener> event) {
        for (Listener listener : listeners) {
            try {
                event.accept(listener);
            } catch (RuntimeException e) {
                LOG.error("plugin listener {} failed on plugin {}", listener, pluginId, e);
            }
        }
    }

    @Override
    public Replacement replace(String pluginId) {
        if (!replacing.add(pluginId)) {
            throw new ConflictException("plugin '" + pluginId + "' is being replaced already");
        }
        LOG.info("plugin {} is being replaced: its devices keep it meanwhile", pluginId);
        return () -> {
            if (!replacing.remove(pluginId)) {
                return; // closed already
            }
            if (table.descriptor(pluginId).isPresent()) {
                LOG.info("plugin {} replaced", pluginId);
                notifyListeners(pluginId, listener -> listener.pluginReplaced(pluginId));
            } else {
                LOG.info("plugin {} did not come back from its replacement", pluginId);
                notifyListeners(pluginId, listener -> listener.pluginDeparted(pluginId));
            }
        };
    }

    @Override
    public boolean isReplacing(String pluginId) {
        return replacing.contains(pluginId);
    }

    @Reference(cardinality = MULTIPLE, policy = DYNAMIC, policyOption = GREEDY, target = HAS_PLUGIN_ID)
    void addExtractor(DeviceInfoExtractor extractor, ServiceReference<DeviceInfoExtractor> reference) {
        register(PluginService.EXTRACTOR, extractor, reference);
    }

    void removeExtractor(DeviceInfoExtractor extractor, ServiceReference<DeviceInfoExtractor> reference) {
        unregister(PluginService.EXTRACTOR, reference);
    }

    @Reference(cardinality = MULTIPLE, policy = DYNAMIC, policyOption = GREEDY, target = HAS_PLUGIN_ID)
    void addAssociator(PluginAssociator associator, ServiceReference<PluginAssociator> reference) {
        register(PluginService.ASSOCIATOR, associator, reference);
    }

    void removeAssociator(PluginAssociator associator, ServiceReference<PluginAssociator> reference) {
        unregister(PluginService.ASSOCIATOR, reference);
    }

    @Reference(cardinality = MULTIPLE, policy = DYNAMIC, policyOption = GREEDY, target = HAS_PLUGIN_ID)
    void addConfigurator(DeviceConfigurator configurator, ServiceReference<DeviceConfigurator> reference) {
        register(PluginService.CONFIGURATOR, configurator, reference);
    }

    void removeConfigurator(DeviceConfigurator configurator, ServiceReference<DeviceConfigurator> reference) {
        unregister(PluginService.CONFIGURATOR, reference);
    }

    private void register(PluginService kind, Object service, ServiceReference<?> reference) {
        Object idProperty = reference.getProperty(PluginId.PROPERTY);
        if (!(idProperty instanceof String) || ((String) idProperty).isBlank()) {
            LOG.warn("ignoring {} service {} of bundle {}: {} must be a non-empty string, not {}", kind,
                    serviceId(reference), bundleName(reference.getBundle()), PluginId.PROPERTY, idProperty);
            return;
        }
        Bundle bundle = reference.getBundle();
        if (bundle == null) {
            return; // unregistered while being bound; the unbind follows
        }
        Registration registration = new Registration(serviceId(reference), (String) idProperty, kind,
                new BundleIdentity(bundle.getBundleId(), bundle.getSymbolicName(), bundle.getVersion().toString()),
                service);
        List<BundleIdentity> others = table.otherBundles(registration);
        if (!others.isEmpty()) {
            LOG.warn("plugin id {} is claimed by bundle {} and already by {}: a plugin id must be unique",
                    registration.pluginId(), bundleName(bundle), others);
        }
        PluginTable.Change change = table.add(registration);
        refreshSnapshots();
        if (change == PluginTable.Change.ARRIVED) {
            LOG.info("plugin {} arrived from bundle {} (first service: {})", registration.pluginId(),
                    bundleName(bundle), kind);
        } else {
            LOG.debug("plugin {} gained its {} service", registration.pluginId(), kind);
        }
        notifyListeners(registration.pluginId(), listener -> listener.pluginChanged(registration.pluginId()));
    }

    private void unregister(PluginService kind, ServiceReference<?> reference) {
        Object pluginId = reference.getProperty(PluginId.PROPERTY);
        PluginTable.Change change = table.remove(serviceId(reference));
        refreshSnapshots();
        if (change == PluginTable.Change.DEPARTED) {
            if (replacing.contains(pluginId)) {
                LOG.info("plugin {} left for its replacement (last service gone: {})", pluginId, kind);
            } else {
                LOG.info("plugin {} departed (last service gone: {})", pluginId, kind);
                notifyListeners((String) pluginId, listener -> listener.pluginDeparted((String) pluginId));
            }
        } else if (change == PluginTable.Change.UPDATED) {
            LOG.debug("plugin {} lost its {} service", pluginId, kind);
        }
    }

    private static long serviceId(ServiceReference<?> reference) {
        return (Long) reference.getProperty(Constants.SERVICE_ID);
    }

    private static String bundleName(Bundle bundle) {
        return bundle == null ? "(gone)" : bundle.getSymbolicName() + " " + bundle.getVersion() + " [" + bundle.getBundleId() + "]";
    }
}
