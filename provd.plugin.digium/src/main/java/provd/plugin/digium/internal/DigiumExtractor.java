package provd.plugin.digium.internal;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Component;

import provd.core.api.DeviceInfo;
import provd.core.api.MacAddress;
import provd.core.api.ProvisioningRequest;
import provd.core.spi.DeviceInfoExtractor;
import provd.core.spi.PluginId;

/**
 * Recognises Digium phones:
 * <ul>
 * <li>DHCP: option 60 {@code digium_D40_1_1_0_0_48178} → vendor, model and version ({@code 1.1.0.0.48178});</li>
 * <li>HTTP and TFTP: {@code /Digium/<12 hex>.cfg} or {@code -contacts.xml} → vendor and MAC (not the all-zero
 * one); any other path under {@code /Digium/} → vendor only; the leading slash is optional and case does not
 * matter;</li>
 * <li>HTTP: a User-Agent naming a Digium model ({@code Digium D40 2.8.1}, {@code Digium_D65/2_8_1}) → vendor, model
 * and version when given, whatever the path.</li>
 * </ul>
 * Anything else: nothing. Stateless, hence thread-safe.
 */
@Component(service = DeviceInfoExtractor.class)
@PluginId(DigiumPlugin.ID)
public final class DigiumExtractor implements DeviceInfoExtractor {
    static final int VENDOR_CLASS_IDENTIFIER = 60;

    /** {@code digium_<model>[_<version with underscores>]}. */
    private static final Pattern VENDOR_CLASS = Pattern.compile(
            "digium_(d\\d{2,3})(?:_(\\d+(?:_\\d+)*))?", Pattern.CASE_INSENSITIVE);

    /** A device file: {@code Digium/<mac>.cfg} or {@code Digium/<mac>-contacts.xml}. */
    private static final Pattern DEVICE_FILE = Pattern.compile(
            "/?digium/([0-9a-f]{12})(?:\\.cfg|-contacts\\.xml)", Pattern.CASE_INSENSITIVE);

    /** Anything in the Digium folder (firmware, a device file without MAC...). */
    private static final Pattern DIGIUM_PATH = Pattern.compile("/?digium(?:/.*)?",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    /**
     * {@code Digium <model> [<version>]} anywhere in a User-Agent, separated by spaces, underscores, slashes or
     * dashes, the version with dots or underscores and an optional {@code v}.
     */
    private static final Pattern USER_AGENT = Pattern.compile(
            "(?<![a-z0-9])digium[\\s_/-]*(d\\d{2,3})(?![a-z0-9])(?:[\\s_/-]*v?(\\d+(?:[._]\\d+)+))?",
            Pattern.CASE_INSENSITIVE);

    @Override
    public Optional<DeviceInfo> extract(ProvisioningRequest request) {
        switch (request.type()) {
        case DHCP:
            return request.dhcpOptionText(VENDOR_CLASS_IDENTIFIER).flatMap(DigiumExtractor::fromVendorClass);
        case HTTP: {
            DeviceInfo.Builder info = DeviceInfo.builder();
            boolean known = fromPath(request.path(), info);
            Optional<String> userAgent = request.header("User-Agent");
            if (userAgent.isPresent()) {
                known |= fromUserAgent(userAgent.get(), info);
            }
            return known ? Optional.of(info.build()) : Optional.empty();
        }
        case TFTP: {
            DeviceInfo.Builder info = DeviceInfo.builder();
            return fromPath(request.path(), info) ? Optional.of(info.build()) : Optional.empty();
        }
        default:
            return Optional.empty();
        }
    }

    /** Reads DHCP option 60; a trailing NUL or blank, as some DHCP stacks add, is tolerated. */
    static Optional<DeviceInfo> fromVendorClass(String vendorClass) {
        String vci = vendorClass.replaceAll("[\\s\\x00]+$", "").trim();
        Matcher m = VENDOR_CLASS.matcher(vci);
        if (!m.matches()) {
            return Optional.empty();
        }
        DeviceInfo.Builder info = DeviceInfo.builder()
                .vendor(DigiumPlugin.VENDOR)
                .model(m.group(1).toUpperCase(Locale.ROOT));
        if (m.group(2) != null) {
            info.version(DigiumPlugin.dotted(m.group(2)));
        }
        return Optional.of(info.build());
    }

    /** Adds what the path tells to {@code info}; returns whether it is a Digium path. */
    static boolean fromPath(String path, DeviceInfo.Builder info) {
        if (path == null || path.isEmpty()) {
            return false;
        }
        Matcher file = DEVICE_FILE.matcher(path);
        if (file.matches()) {
            info.vendor(DigiumPlugin.VENDOR);
            MacAddress.parse(file.group(1)).filter(mac -> !mac.isZero()).ifPresent(info::mac);
            return true;
        }
        if (DIGIUM_PATH.matcher(path).matches()) {
            info.vendor(DigiumPlugin.VENDOR);
            return true;
        }
        return false;
    }

    /** Adds what the User-Agent tells to {@code info}; returns whether it names a Digium phone. */
    static boolean fromUserAgent(String userAgent, DeviceInfo.Builder info) {
        Matcher m = USER_AGENT.matcher(userAgent);
        if (!m.find()) {
            return false;
        }
        info.vendor(DigiumPlugin.VENDOR).model(m.group(1).toUpperCase(Locale.ROOT));
        if (m.group(2) != null) {
            info.version(DigiumPlugin.dotted(m.group(2)));
        }
        return true;
    }
}
