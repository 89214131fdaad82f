package provd.it.plugin.v1;

import java.util.Optional;

import org.osgi.service.component.annotations.Component;

import provd.core.api.DeviceInfo;
import provd.core.api.ProvisioningRequest;
import provd.core.spi.DeviceInfoExtractor;
import provd.core.spi.PluginId;

@Component
@PluginId("test-1.0")
public class V1Extractor implements DeviceInfoExtractor {
    @Override
    public Optional<DeviceInfo> extract(ProvisioningRequest request) {
        return request.path().startsWith("/Test/")
                ? Optional.of(DeviceInfo.builder().vendor("Test").build())
                : Optional.empty();
    }
}
