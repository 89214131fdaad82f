package provd.it.plugin.v1;

import org.osgi.service.component.annotations.Component;

import provd.core.api.DeviceInfo;
import provd.core.spi.DeviceSupport;
import provd.core.spi.PluginAssociator;
import provd.core.spi.PluginId;

@Component
@PluginId("test-1.0")
public class V1Associator implements PluginAssociator {
    @Override
    public DeviceSupport support(DeviceInfo info) {
        return info.vendor().filter("Test"::equals).isPresent() ? DeviceSupport.PROBABLE : DeviceSupport.IMPROBABLE;
    }
}
