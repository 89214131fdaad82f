package provd.it.plugin.repo.v1;

import org.osgi.service.component.annotations.Component;

import provd.core.spi.DeviceConfigurator;
import provd.core.spi.DeviceInfoExtractor;
import provd.core.spi.PluginAssociator;
import provd.core.spi.PluginId;
import provd.it.plugin.repo.RepoPlugin;

/** Version 1 of plugin {@value RepoPlugin#ID}: its components. */
public final class Repo1Plugin {
    private Repo1Plugin() {
    }

    @Component(service = DeviceInfoExtractor.class)
    @PluginId(RepoPlugin.ID)
    public static final class Extractor extends RepoPlugin.Extractor {
    }

    @Component(service = PluginAssociator.class)
    @PluginId(RepoPlugin.ID)
    public static final class Associator extends RepoPlugin.Associator {
    }

    @Component(service = DeviceConfigurator.class)
    @PluginId(RepoPlugin.ID)
    public static final class Configurator extends RepoPlugin.Configurator {
        public Configurator() {
            super("1");
        }
    }
}
