package provd.it.plugin.v1;

import java.util.Optional;

import org.osgi.service.component.annotations.Component;

import provd.core.api.DeviceInfo;
import provd.core.api.ProvisioningRequest;
import provd.core.spi.DeviceInfoExtractor;

/** An extractor without a plugin id: not a plugin service, so the registry must not bind it. */
@Component
public class UnnamedExtractor implements DeviceInfoExtractor {
    @Override
    public Optional<DeviceInfo> extract(ProvisioningRequest request) {
        return Optional.empty();
    }
}
