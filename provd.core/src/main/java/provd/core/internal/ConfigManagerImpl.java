package provd.core.internal;

import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import provd.core.api.Config;
import provd.core.api.ConfigManager;
import provd.core.api.Query;
import provd.core.api.RawConfig;

/** The configs of the {@link Inventory}, as the API offers them. */
@Component
public final class ConfigManagerImpl implements ConfigManager {
    private final Inventory inventory;

    @Activate
    public ConfigManagerImpl(@Reference Inventory inventory) {
        this.inventory = inventory;
    }

    @Override
    public Config add(Config config) {
        return inventory.addConfig(config);
    }

    @Override
    public Config update(Config config) {
        return inventory.updateConfig(config);
    }

    @Override
    public void remove(String id) {
        inventory.removeConfig(id);
    }

    @Override
    public Optional<Config> get(String id) {
        return inventory.config(id);
    }

    @Override
    public List<Config> find(Query query) {
        return inventory.findConfigs(query);
    }

    @Override
    public int count(Query query) {
        return inventory.countConfigs(query);
    }

    @Override
    public RawConfig rawConfig(String id) {
        return inventory.rawConfig(id);
    }

    @Override
    public Config autocreate() {
        return inventory.autocreate();
    }
}
