package provd.core.internal.pipeline;

import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import provd.core.api.DeviceInfo;
import provd.core.spi.DeviceSupport;
import provd.core.spi.PluginAssociator;

/**
 * Picks the plugin that supports a device best. Ties go to the highest plugin id in reverse alphabetical order
 * (the newer version, for ids like {@code digium-2.8.1}). A plugin that only finds the device improbable is never
 * picked.
 */
final class PluginChooser {
    private static final Logger LOG = LoggerFactory.getLogger(PluginChooser.class);

    /** A plugin and how well it supports the device. */
    record Choice(String pluginId, DeviceSupport support) {
    }

    private PluginChooser() {
    }

    static Optional<Choice> best(Map<String, PluginAssociator> associators, DeviceInfo info) {
        Choice best = null;
        for (Map.Entry<String, PluginAssociator> entry : associators.entrySet()) {
            DeviceSupport support = support(entry.getKey(), entry.getValue(), info);
            if (support == DeviceSupport.IMPROBABLE) {
                continue;
            }
            if (best == null || support.isBetterThan(best.support())
                    || (support == best.support() && entry.getKey().compareTo(best.pluginId()) > 0)) {
                best = new Choice(entry.getKey(), support);
            }
        }
        return Optional.ofNullable(best);
    }

    /** How well {@code pluginId} supports the device; IMPROBABLE when it has no associator or it fails. */
    static DeviceSupport support(Map<String, PluginAssociator> associators, String pluginId, DeviceInfo info) {
        PluginAssociator associator = associators.get(pluginId);
        return associator == null ? DeviceSupport.IMPROBABLE : support(pluginId, associator, info);
    }

    private static DeviceSupport support(String pluginId, PluginAssociator associator, DeviceInfo info) {
        try {
            DeviceSupport support = associator.support(info);
            return support == null ? DeviceSupport.IMPROBABLE : support;
        } catch (RuntimeException e) {
            LOG.error("associator of plugin {} failed on {}", pluginId, info, e);
            return DeviceSupport.IMPROBABLE;
        }
    }
}
