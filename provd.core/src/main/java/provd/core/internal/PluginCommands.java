package provd.core.internal;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import provd.core.api.PluginDescriptor;
import provd.core.api.PluginRegistry;
import provd.core.api.PluginService;

/** Gogo commands about plugins: {@code provd:plugins}. */
@Component(service = PluginCommands.class, property = {
        "osgi.command.scope=provd",
        "osgi.command.function=plugins"
})
public final class PluginCommands {
    private final PluginRegistry registry;

    @Activate
    public PluginCommands(@Reference PluginRegistry registry) {
        this.registry = registry;
    }

    /** Lists the plugins present: id, bundle, version, and which of the three plugin services each provides. */
    public String plugins() {
        List<PluginDescriptor> plugins = registry.plugins();
        if (plugins.isEmpty()) {
            return "no plugins";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "BUNDLE", "VERSION", "EXTRACTOR", "ASSOCIATOR", "CONFIGURATOR"});
        for (PluginDescriptor p : plugins) {
            rows.add(new String[] {
                    p.id(),
                    p.bundleSymbolicName() + " [" + p.bundleId() + "]",
                    p.bundleVersion(),
                    yesNo(p, PluginService.EXTRACTOR),
                    yesNo(p, PluginService.ASSOCIATOR),
                    yesNo(p, PluginService.CONFIGURATOR)});
        }
        return TextTable.format(rows);
    }

    private static String yesNo(PluginDescriptor plugin, PluginService service) {
        return plugin.services().contains(service) ? "yes" : "no";
    }
}
