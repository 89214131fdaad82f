package provd.it.plugin.repo;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import provd.core.api.Device;
import provd.core.api.DeviceInfo;
import provd.core.api.MacAddress;
import provd.core.api.ProvisioningRequest;
import provd.core.api.RawConfig;
import provd.core.spi.DeviceConfigurator;
import provd.core.spi.DeviceInfoExtractor;
import provd.core.spi.DeviceSupport;
import provd.core.spi.InvalidConfigurationException;
import provd.core.spi.PluginAssociator;

/**
 * Plugin {@value #ID}, installed from a plugin repository in the tests: its versions differ only by the generation
 * written into the file they render for a RepoTest phone, {@code RepoTest/<mac>.cfg}. Each version's package
 * declares the components, subclasses of these.
 */
public final class RepoPlugin {
    public static final String ID = "repo-test";
    private static final Pattern PATH = Pattern.compile("/?RepoTest/([0-9a-fA-F]{12})\\.cfg");

    private RepoPlugin() {
    }

    /** Recognises {@code /RepoTest/<12 hex>.cfg}: vendor RepoTest, model R1, and the MAC. */
    public abstract static class Extractor implements DeviceInfoExtractor {
        @Override
        public Optional<DeviceInfo> extract(ProvisioningRequest request) {
            Matcher m = PATH.matcher(request.path());
            return m.matches()
                    ? Optional.of(DeviceInfo.builder().vendor("RepoTest").model("R1").mac(m.group(1)).build())
                    : Optional.empty();
        }
    }

    /** Supports every RepoTest phone completely. */
    public abstract static class Associator implements PluginAssociator {
        @Override
        public DeviceSupport support(DeviceInfo info) {
            return info.vendor().filter("RepoTest"::equals).isPresent() ? DeviceSupport.COMPLETE
                    : DeviceSupport.IMPROBABLE;
        }
    }

    /** Renders {@code RepoTest/<mac>.cfg}: {@code generation=<n>} and the server's URL. */
    public abstract static class Configurator implements DeviceConfigurator {
        private final String generation;

        protected Configurator(String generation) {
            this.generation = generation;
        }

        @Override
        public Map<String, byte[]> configure(Device device, RawConfig rawConfig)
                throws InvalidConfigurationException {
            String content = "generation=" + generation + "\nurl=" + rawConfig.string("http_base_url").orElse("")
                    + "\n";
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
            return "RepoTest/" + MacAddress.of(mac).compact() + ".cfg";
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
}
