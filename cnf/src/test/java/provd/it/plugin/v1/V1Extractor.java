package provd.it.plugin.v1;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Component;

import provd.core.api.DeviceInfo;
import provd.core.api.ProvisioningRequest;
import provd.core.spi.DeviceInfoExtractor;
import provd.core.spi.PluginId;

/** Recognises {@code /Test/<12 hex>.cfg}: vendor Test, and the MAC. */
@Component
@PluginId("test-1.0")
public class V1Extractor implements DeviceInfoExtractor {
    private static final Pattern PATH = Pattern.compile("/?Test/([0-9a-fA-F]{12})\\.cfg");

    @Override
    public Optional<DeviceInfo> extract(ProvisioningRequest request) {
        Matcher m = PATH.matcher(request.path());
        return m.matches()
                ? Optional.of(DeviceInfo.builder().vendor("Test").model("T1").mac(m.group(1)).build())
                : Optional.empty();
    }
}
