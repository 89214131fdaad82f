package provd.plugin.digium.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import provd.core.api.DeviceInfo;
import provd.core.api.ProvisioningRequest;
import provd.core.api.RequestType;
import provd.core.spi.DeviceSupport;

class AssociatorTest {
    private final DigiumAssociator associator = new DigiumAssociator();

    @ParameterizedTest(name = "{0} {1} {2} → {3}")
    @CsvSource({
            // supported model on 2.8.1: exact
            "Digium, D40, 2.8.1, EXACT",
            "Digium, D45, 2.8.1, EXACT",
            "Digium, D50, 2.8.1, EXACT",
            "Digium, D60, 2.8.1, EXACT",
            "Digium, D62, 2.8.1, EXACT",
            "Digium, D65, 2.8.1, EXACT",
            "Digium, D70, 2.8.1, EXACT",
            "Digium, D40, 2.8.1.0, EXACT",
            "Digium, D40, 2.8.1.48178, EXACT",
            "Digium, D40, 2_8_1, EXACT",
            "digium, d40, 2.8.1, EXACT",
            "DIGIUM, D70, 2_8_1_0, EXACT",
            // supported model, other or unknown version: complete
            "Digium, D40, 1.1.0.0.48178, COMPLETE",
            "Digium, D70, 2.2.1.8, COMPLETE",
            "Digium, D40, 2.8.10, COMPLETE",
            "Digium, D40, 2.8, COMPLETE",
            "Digium, D40, 12.8.1, COMPLETE",
            "Digium, D40, , COMPLETE",
            // Digium, model unknown or missing: probable
            "Digium, D80, 2.8.1, PROBABLE",
            "Digium, A20, , PROBABLE",
            "Digium, , 2.8.1, PROBABLE",
            "Digium, , , PROBABLE",
            // anyone else: improbable
            "Yealink, T46S, 2.8.1, IMPROBABLE",
            "Sangoma, D40, 2.8.1, IMPROBABLE",
            "Digium Inc, D40, 2.8.1, IMPROBABLE",
            ", D40, 2.8.1, IMPROBABLE",
            ", , , IMPROBABLE",
    })
    void support(String vendor, String model, String version, DeviceSupport expected) {
        DeviceInfo info = DeviceInfo.builder().vendor(vendor).model(model).version(version).build();
        assertEquals(expected, associator.support(info));
    }

    @Test
    void fromWhatTheExtractorTells() {
        DigiumExtractor extractor = new DigiumExtractor();
        InetAddress client = InetAddress.getLoopbackAddress();

        DeviceInfo dhcp = extractor.extract(ProvisioningRequest.builder(RequestType.DHCP, client)
                .dhcpOption(60, "digium_D40_1_1_0_0_48178".getBytes(StandardCharsets.US_ASCII)).build())
                .orElseThrow();
        assertEquals(DeviceSupport.COMPLETE, associator.support(dhcp));

        DeviceInfo path = extractor.extract(ProvisioningRequest.builder(RequestType.HTTP, client)
                .path("/Digium/000fd3054848.cfg").build()).orElseThrow();
        assertEquals(DeviceSupport.PROBABLE, associator.support(path));

        DeviceInfo userAgent = extractor.extract(ProvisioningRequest.builder(RequestType.HTTP, client)
                .path("/Digium/000fd3054848.cfg").header("User-Agent", "Digium D65 2_8_1").build()).orElseThrow();
        assertEquals(DeviceSupport.EXACT, associator.support(userAgent));

        assertEquals(DeviceSupport.IMPROBABLE, associator.support(DeviceInfo.empty()));
    }
}
