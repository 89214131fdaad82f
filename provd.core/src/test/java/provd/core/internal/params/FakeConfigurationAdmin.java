package provd.core.internal.params;

import java.io.IOException;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** Configuration Admin in memory: only the non-factory configurations, read and updated. */
final class FakeConfigurationAdmin implements ConfigurationAdmin {
    final Map<String, FakeConfiguration> configurations = new TreeMap<>();
    /** When set, getConfiguration throws it, as a broken persistence manager would. */
    IOException failure;

    /** The properties last given to update, or null when never updated. */
    Dictionary<String, Object> properties(String pid) {
        FakeConfiguration configuration = configurations.get(pid);
        return configuration == null ? null : configuration.getProperties();
    }

    /** Sets properties as a previous update (or FileInstall) would have. */
    void preset(String pid, Map<String, Object> properties) throws IOException {
        getConfiguration(pid, "?").update(new Hashtable<>(properties));
    }

    @Override
    public Configuration getConfiguration(String pid, String location) throws IOException {
        if (failure != null) {
            throw failure;
        }
        return configurations.computeIfAbsent(pid, FakeConfiguration::new);
    }

    @Override
    public Configuration getConfiguration(String pid) throws IOException {
        return getConfiguration(pid, null);
    }

    @Override
    public Configuration createFactoryConfiguration(String factoryPid) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Configuration createFactoryConfiguration(String factoryPid, String location) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Configuration getFactoryConfiguration(String factoryPid, String name, String location) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Configuration getFactoryConfiguration(String factoryPid, String name) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Configuration[] listConfigurations(String filter) {
        throw new UnsupportedOperationException();
    }

    static final class FakeConfiguration implements Configuration {
        private final String pid;
        private Hashtable<String, Object> properties;
        int updates;

        FakeConfiguration(String pid) {
            this.pid = pid;
        }

        @Override
        public String getPid() {
            return pid;
        }

        /** A copy, as the real one gives; null before the first update. */
        @Override
        public Dictionary<String, Object> getProperties() {
            return properties == null ? null : new Hashtable<>(properties);
        }

        @Override
        public void update(Dictionary<String, ?> updated) {
            Hashtable<String, Object> copy = new Hashtable<>();
            for (String key : Collections.list(updated.keys())) {
                copy.put(key, updated.get(key));
            }
            properties = copy;
            updates++;
        }

        @Override
        public Dictionary<String, Object> getProcessedProperties(ServiceReference<?> reference) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String getFactoryPid() {
            return null;
        }

        @Override
        public void update() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean updateIfDifferent(Dictionary<String, ?> updated) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setBundleLocation(String location) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String getBundleLocation() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long getChangeCount() {
            return updates;
        }

        @Override
        public void addAttributes(ConfigurationAttribute... attrs) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Set<ConfigurationAttribute> getAttributes() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void removeAttributes(ConfigurationAttribute... attrs) {
            throw new UnsupportedOperationException();
        }
    }
}
