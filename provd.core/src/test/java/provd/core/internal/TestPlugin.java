package provd.core.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import provd.core.api.Device;
import provd.core.api.DeviceInfo;
import provd.core.api.MacAddress;
import provd.core.api.ProvisioningRequest;
import provd.core.api.RawConfig;
import provd.core.api.RequestType;
import provd.core.spi.DeviceConfigurator;
import provd.core.spi.DeviceInfoExtractor;
import provd.core.spi.DeviceSupport;
import provd.core.spi.InvalidConfigurationException;
import provd.core.spi.PluginAssociator;

/**
 * A small vendor plugin for tests. Its extractor recognises {@code /<Vendor>/<12 hex>.cfg} (vendor and MAC),
 * {@code /<Vendor>/common.cfg} (vendor only) and DHCP option 60 {@code <vendor>_<MODEL>_<version>}; its associator
 * answers EXACT, COMPLETE, PROBABLE or IMPROBABLE by vendor, model and version; its configurator renders
 * {@code <Vendor>/<mac12>.cfg} from the line 1 username and {@code http_base_url}.
 */
public final class TestPlugin {
    public final String id;
    public final String vendor;
    public final String model;
    public final String version;
    public final DeviceInfoExtractor extractor;
    public final PluginAssociator associator;
    public final Configurator configurator;

    public TestPlugin(String id, String vendor, String model, String version) {
        this.id = id;
        this.vendor = vendor;
        this.model = model;
        this.version = version;
        this.extractor = new Extractor();
        this.associator = new Associator();
        this.configurator = new Configurator();
    }

    /** A plugin for the vendor Test, model T1. */
    public static TestPlugin test(String id, String version) {
        return new TestPlugin(id, "Test", "T1", version);
    }

    /** The path, inside the file area, of the file rendered for {@code mac}. */
    public String path(String mac) {
        return vendor + "/" + MacAddress.of(mac).compact() + ".cfg";
    }

    /** The phone's HTTP path for its file. */
    public String httpPath(String mac) {
        return "/" + path(mac);
    }

    private final class Extractor implements DeviceInfoExtractor {
        private final Pattern file = Pattern.compile("/?" + Pattern.quote(vendor) + "/([0-9a-fA-F]{12})\\.cfg");
        private final Pattern common = Pattern.compile("/?" + Pattern.quote(vendor) + "/common\\.cfg");
        private final Pattern vendorClass = Pattern.compile(
                Pattern.quote(vendor.toLowerCase(Locale.ROOT)) + "_([A-Za-z0-9]+)_([0-9.]+)");

        @Override
        public Optional<DeviceInfo> extract(ProvisioningRequest request) {
            if (request.type() == RequestType.DHCP) {
                return request.dhcpOptionText(60).map(vendorClass::matcher).filter(Matcher::matches)
                        .map(m -> DeviceInfo.builder().vendor(vendor).model(m.group(1)).version(m.group(2)).build());
            }
            Matcher m = file.matcher(request.path());
            if (m.matches()) {
                MacAddress mac = MacAddress.of(m.group(1));
                return Optional.of(DeviceInfo.builder().vendor(vendor).mac(mac.isZero() ? null : mac).build());
            }
            if (common.matcher(request.path()).matches()) {
                return Optional.of(DeviceInfo.builder().vendor(vendor).build());
            }
            return Optional.empty();
        }

        @Override
        public String toString() {
            return "extractor of " + id;
        }
    }

    private final class Associator implements PluginAssociator {
        @Override
        public DeviceSupport support(DeviceInfo info) {
            if (!info.vendor().filter(vendor::equalsIgnoreCase).isPresent()) {
                return DeviceSupport.IMPROBABLE;
            }
            if (!info.model().filter(model::equals).isPresent()) {
                return DeviceSupport.PROBABLE;
            }
            return info.version().filter(version::equals).isPresent() ? DeviceSupport.EXACT : DeviceSupport.COMPLETE;
        }
    }

    /** Counts its calls by device id; can be told to refuse, to wait, and which files are sensitive. */
    public final class Configurator implements DeviceConfigurator {
        private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        public volatile boolean refuse;
        public volatile Predicate<String> sensitive = path -> false;
        /** Run at the start of each configuration, e.g. to hold it. */
        public volatile Runnable beforeConfigure = () -> { };

        /** How many times {@link #configure} was called, for all devices. */
        public int totalCalls() {
            return calls.values().stream().mapToInt(AtomicInteger::get).sum();
        }

        /** How many times {@link #configure} was called for the device. */
        public int calls(String deviceId) {
            AtomicInteger count = calls.get(deviceId);
            return count == null ? 0 : count.get();
        }

        @Override
        public Map<String, byte[]> configure(Device device, RawConfig rawConfig) throws InvalidConfigurationException {
            calls.computeIfAbsent(device.id().orElse("?"), k -> new AtomicInteger()).incrementAndGet();
            beforeConfigure.run();
            if (refuse) {
                throw new InvalidConfigurationException("sip_lines.1.username", "refused by the test");
            }
            String mac = device.mac().orElseThrow(() -> new InvalidConfigurationException("mac", "missing"));
            Object username = rawConfig.object("sip_lines").map(lines -> lines.get("1"))
                    .filter(Map.class::isInstance).<Object>map(line -> ((Map<?, ?>) line).get("username"))
                    .orElse("");
            String content = "plugin=" + id + "\nusername=" + username + "\nhttp_base_url="
                    + rawConfig.string("http_base_url").orElse("") + "\n";
            return Map.of(path(mac), content.getBytes(UTF_8));
        }

        @Override
        public Set<String> deconfigure(Device device) {
            return device.mac().map(mac -> Set.of(path(mac))).orElse(Set.of());
        }

        @Override
        public CompletionStage<Void> synchronize(Device device, RawConfig rawConfig) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public Optional<String> remoteStateTriggerFilename(Device device) {
            return device.mac().map(TestPlugin.this::path);
        }

        @Override
        public boolean isSensitiveFilename(String path) {
            return sensitive.test(path);
        }
    }
}
