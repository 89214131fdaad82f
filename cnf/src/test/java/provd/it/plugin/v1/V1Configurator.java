package provd.it.plugin.v1;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Component;

import provd.core.api.Device;
import provd.core.api.RawConfig;
import provd.core.spi.DeviceConfigurator;
import provd.core.spi.InvalidConfigurationException;
import provd.core.spi.PluginId;

@Component
@PluginId("test-1.0")
public class V1Configurator implements DeviceConfigurator {
    @Override
    public Map<String, byte[]> configure(Device device, RawConfig rawConfig) throws InvalidConfigurationException {
        String mac = device.mac().orElseThrow(() -> new InvalidConfigurationException("mac", "required"));
        return Map.of("Test/" + mac + ".cfg", "test".getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public Set<String> deconfigure(Device device) {
        return device.mac().map(mac -> Set.of("Test/" + mac + ".cfg")).orElse(Set.of());
    }

    @Override
    public CompletionStage<Void> synchronize(Device device, RawConfig rawConfig) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("test plugin"));
    }

    @Override
    public Optional<String> remoteStateTriggerFilename(Device device) {
        return Optional.empty();
    }

    @Override
    public boolean isSensitiveFilename(String path) {
        return false;
    }
}
