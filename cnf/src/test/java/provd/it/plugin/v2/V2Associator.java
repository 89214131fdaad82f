package provd.it.plugin.v2;

import org.osgi.service.component.annotations.Component;

import provd.core.api.DeviceInfo;
import provd.core.spi.DeviceSupport;
import provd.core.spi.PluginAssociator;
import provd.core.spi.PluginId;

/** The next version of the test plugin: a new plugin id, and only an associator. */
@Component
@PluginId("test-2.0")
public class V2Associator implements PluginAssociator {
    @Override
    public DeviceSupport support(DeviceInfo info) {
        return DeviceSupport.IMPROBABLE;
    }
}
