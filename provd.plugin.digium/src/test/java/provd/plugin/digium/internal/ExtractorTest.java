package provd.plugin.digium.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.StringJoiner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import provd.core.api.DeviceInfo;
import provd.core.api.ProvisioningRequest;
import provd.core.api.RequestType;

/**
 * What the extractor tells from requests. Expected answers are written {@code -} for nothing, else
 * {@code key=value} facts joined by {@code ;} in the order vendor, model, version, mac.
 */
class ExtractorTest {
    private static final InetAddress CLIENT = InetAddress.getLoopbackAddress();

    private final DigiumExtractor extractor = new DigiumExtractor();

    private static String show(Optional<DeviceInfo> info) {
        if (info.isEmpty()) {
            return "-";
        }
        StringJoiner j = new StringJoiner(";");
        for (String key : new String[] {DeviceInfo.VENDOR, DeviceInfo.MODEL, DeviceInfo.VERSION, DeviceInfo.MAC}) {
            info.get().get(key).ifPresent(v -> j.add(key + "=" + v));
        }
        assertEquals(info.get().asMap().size(), j.toString().isEmpty() ? 0 : j.toString().split(";").length,
                "no other facts: " + info.get());
        return j.toString();
    }

    private Optional<DeviceInfo> dhcp(byte[] option60) {
        ProvisioningRequest.Builder b = ProvisioningRequest.builder(RequestType.DHCP, CLIENT);
        if (option60 != null) {
            b.dhcpOption(60, option60);
        }
        return extractor.extract(b.build());
    }

    @ParameterizedTest(name = "DHCP option 60 ''{0}'' → {1}")
    @CsvSource(delimiter = '|', value = {
            "digium_D40_1_1_0_0_48178 | vendor=Digium;model=D40;version=1.1.0.0.48178",
            "digium_D40_1_0_5_46476   | vendor=Digium;model=D40;version=1.0.5.46476",
            "digium_D70_1_1_0_0_48178 | vendor=Digium;model=D70;version=1.1.0.0.48178",
            "digium_D65_2_8_1         | vendor=Digium;model=D65;version=2.8.1",
            "DIGIUM_d50_2_2_1_8       | vendor=Digium;model=D50;version=2.2.1.8",
            "' digium_D62_2_8_1 '     | vendor=Digium;model=D62;version=2.8.1",
            "digium_D40               | vendor=Digium;model=D40",
            "digium_D80_1_0           | vendor=Digium;model=D80;version=1.0",
            "digium_D40_              | -",
            "digium_D40_1_a           | -",
            "digium_X40_1_1           | -",
            "digium__1_1              | -",
            "digium                   | -",
            "Digium                   | -",
            "xdigium_D40_1_1          | -",
            "yealink_T46_1_1          | -",
            "MSFT 5.0                 | -",
            "''                       | -",
            "'\u00ff\u00fe garbage'   | -",
    })
    void dhcp(String option60, String expected) {
        assertEquals(expected, show(dhcp(option60.getBytes(StandardCharsets.ISO_8859_1))));
    }

    @Test
    void dhcpOddities() {
        assertEquals("vendor=Digium;model=D40;version=1.1.0.0.48178",
                show(dhcp("digium_D40_1_1_0_0_48178\0".getBytes(StandardCharsets.ISO_8859_1))), "trailing NUL");
        assertEquals("-", show(dhcp(null)), "no option 60");
        assertEquals("-", show(dhcp(new byte[] {0, 1, 2, (byte) 0xff})), "binary garbage");
        // option 60 means something only in DHCP information
        ProvisioningRequest http = ProvisioningRequest.builder(RequestType.HTTP, CLIENT).path("/index.html")
                .dhcpOption(60, "digium_D40_1_1_0_0_48178".getBytes(StandardCharsets.US_ASCII)).build();
        assertEquals("-", show(extractor.extract(http)));
    }

    @ParameterizedTest(name = "HTTP ''{0}'' User-Agent ''{1}'' → {2}")
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
            // device files: vendor and MAC
            "/Digium/000fd3054848.cfg                  | NONE | vendor=Digium;mac=00:0f:d3:05:48:48",
            "/Digium/000fd3054848-contacts.xml         | NONE | vendor=Digium;mac=00:0f:d3:05:48:48",
            "/Digium/000FD3054848.cfg                  | NONE | vendor=Digium;mac=00:0f:d3:05:48:48",
            "/digium/000FD3054848-CONTACTS.XML         | NONE | vendor=Digium;mac=00:0f:d3:05:48:48",
            "Digium/000fd3054848.cfg                   | NONE | vendor=Digium;mac=00:0f:d3:05:48:48",
            // the all-zero MAC is no MAC; other Digium paths: vendor only
            "/Digium/000000000000.cfg                  | NONE | vendor=Digium",
            "/Digium/000000000000-contacts.xml         | NONE | vendor=Digium",
            "/Digium/firmware/2_8_1_D40_firmware.eff   | NONE | vendor=Digium",
            "/Digium/000fd305484.cfg                   | NONE | vendor=Digium",
            "/Digium/000fd3054848.cfg.bak              | NONE | vendor=Digium",
            "/Digium/                                  | NONE | vendor=Digium",
            "/Digium                                   | NONE | vendor=Digium",
            // other paths: nothing
            "/index.html                               | NONE | -",
            "/000fd3054848.cfg                         | NONE | -",
            "/Yealink/000fd3054848.cfg                 | NONE | -",
            "/DigiumX/000fd3054848.cfg                 | NONE | -",
            "/x/Digium/000fd3054848.cfg                | NONE | -",
            "''                                        | NONE | -",
            // User-Agent naming model and firmware: model and version too
            "/Digium/000fd3054848.cfg                  | Digium D40 2.8.1                   | vendor=Digium;model=D40;version=2.8.1;mac=00:0f:d3:05:48:48",
            "/Digium/000fd3054848.cfg                  | Digium D65 2_8_1                   | vendor=Digium;model=D65;version=2.8.1;mac=00:0f:d3:05:48:48",
            "/Digium/firmware/2_8_1_D70_firmware.eff   | Digium_D70/1_4_0_0_57389           | vendor=Digium;model=D70;version=1.4.0.0.57389",
            "/Digium/000fd3054848.cfg                  | digium d62 v2.8.1 (libcurl)        | vendor=Digium;model=D62;version=2.8.1;mac=00:0f:d3:05:48:48",
            "/Digium/000fd3054848.cfg                  | Mozilla/5.0 (Digium D45 2.8.1.123) | vendor=Digium;model=D45;version=2.8.1.123;mac=00:0f:d3:05:48:48",
            "/Digium/000fd3054848.cfg                  | DigiumD50-2.8.1                    | vendor=Digium;model=D50;version=2.8.1;mac=00:0f:d3:05:48:48",
            "/Digium/000fd3054848.cfg                  | Digium D40                         | vendor=Digium;model=D40;mac=00:0f:d3:05:48:48",
            "/Digium/000fd3054848.cfg                  | Digium D40 2                       | vendor=Digium;model=D40;mac=00:0f:d3:05:48:48",
            // a Digium User-Agent identifies the phone whatever it asks for
            "/index.html                               | Digium D40 2.8.1                   | vendor=Digium;model=D40;version=2.8.1",
            // User-Agents that name no Digium model tell nothing
            "/Digium/000fd3054848.cfg                  | Digium                             | vendor=Digium;mac=00:0f:d3:05:48:48",
            "/Digium/000fd3054848.cfg                  | Digium D4 2.8.1                    | vendor=Digium;mac=00:0f:d3:05:48:48",
            "/Digium/000fd3054848.cfg                  | Digium D40x 2.8.1                  | vendor=Digium;mac=00:0f:d3:05:48:48",
            "/index.html                               | xDigium D40 2.8.1                  | -",
            "/index.html                               | Yealink SIP-T46S 66.86.0.15        | -",
            "/index.html                               | curl/8.5.0                         | -",
    })
    void http(String path, String userAgent, String expected) {
        ProvisioningRequest.Builder b = ProvisioningRequest.builder(RequestType.HTTP, CLIENT).path(path);
        if (userAgent != null) {
            b.header("User-Agent", userAgent);
        }
        assertEquals(expected, show(extractor.extract(b.build())));
    }

    @Test
    void userAgentHeaderNameInAnyCase() {
        ProvisioningRequest r = ProvisioningRequest.builder(RequestType.HTTP, CLIENT).path("/Digium/")
                .header("user-agent", "Digium D60 2.8.1").build();
        assertEquals("vendor=Digium;model=D60;version=2.8.1", show(extractor.extract(r)));
    }

    @ParameterizedTest(name = "TFTP ''{0}'' → {1}")
    @CsvSource(delimiter = '|', value = {
            "Digium/000fd3054848.cfg              | vendor=Digium;mac=00:0f:d3:05:48:48",
            "/Digium/000fd3054848.cfg             | vendor=Digium;mac=00:0f:d3:05:48:48",
            "digium/000FD3054848-contacts.xml     | vendor=Digium;mac=00:0f:d3:05:48:48",
            "Digium/000000000000.cfg              | vendor=Digium",
            "Digium/firmware/2_8_1_D40_firmware.eff | vendor=Digium",
            "000fd3054848.cfg                     | -",
            "SEP000fd3054848.cnf.xml              | -",
            "''                                   | -",
    })
    void tftp(String filename, String expected) {
        ProvisioningRequest r = ProvisioningRequest.builder(RequestType.TFTP, CLIENT).path(filename).build();
        assertEquals(expected, show(extractor.extract(r)));
    }
}
