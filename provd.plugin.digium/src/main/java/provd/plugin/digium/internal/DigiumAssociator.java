package provd.plugin.digium.internal;

import java.util.Optional;

import org.osgi.service.component.annotations.Component;

import provd.core.api.DeviceInfo;
import provd.core.spi.DeviceSupport;
import provd.core.spi.PluginAssociator;
import provd.core.spi.PluginId;

/**
 * How well firmware 2.8.1 fits a device: a Digium of a supported model on 2.8.1 (also {@code 2.8.1.x} or
 * {@code 2_8_1}) → {@link DeviceSupport#EXACT}; a supported model on another or unknown version →
 * {@link DeviceSupport#COMPLETE}; a Digium of an unknown or missing model → {@link DeviceSupport#PROBABLE}; anything
 * else → {@link DeviceSupport#IMPROBABLE}. Vendor and model match in any case. Stateless, hence thread-safe.
 */
@Component(service = PluginAssociator.class)
@PluginId(DigiumPlugin.ID)
public final class DigiumAssociator implements PluginAssociator {

    @Override
    public DeviceSupport support(DeviceInfo info) {
        if (!DigiumPlugin.isVendor(info.vendor().orElse(null))) {
            return DeviceSupport.IMPROBABLE;
        }
        Optional<DigiumModel> model = info.model().flatMap(DigiumModel::of);
        if (model.isEmpty()) {
            return DeviceSupport.PROBABLE;
        }
        return info.version().filter(DigiumPlugin::isPluginVersion).isPresent()
                ? DeviceSupport.EXACT
                : DeviceSupport.COMPLETE;
    }
}
