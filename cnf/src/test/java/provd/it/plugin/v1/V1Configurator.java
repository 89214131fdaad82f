package provd.it.plugin.v1;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Component;

import provd.core.api.Device;
import provd.core.api.MacAddress;
import provd.core.api.RawConfig;
import provd.core.spi.DeviceConfigurator;
import provd.core.spi.InvalidConfigurationException;
import provd.core.spi.PluginId;

/** Renders {@code Test/<mac>.cfg} with the device's server URL, NTP server and phonebook server. */
@Component
@PluginId("test-1.0")
public class V1Configurator implements DeviceConfigurator {
    @Override
    public Map<String, byte[]> configure(Device device, RawConfig rawConfig) throws InvalidConfigurationException {
        String content = "url=" + rawConfig.string("http_base_url").orElse("") + "\n"
                + "ntp=" + rawConfig.string("ntp_ip").orElse("") + "\n"
                + "phonebook=" + rawConfig.string("X_xivo_phonebook_ip").orElse("") + "\n";
        return Map.of(file(device), content.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Set<String> deconfigure(Device device) {
        try {
            return Set.of(file(device));
        } catch (InvalidConfigurationException e) {
            return Set.of();
        }
    }

    private static String file(Device device) throws InvalidConfigurationException {
        String mac = device.mac().orElseThrow(() -> new InvalidConfigurationException("mac", "required"));
        return "Test/" + MacAddress.of(mac).compact() + ".cfg";
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
        return path.matches("Test/[0-9a-f]{12}\\.cfg");
    }
}
