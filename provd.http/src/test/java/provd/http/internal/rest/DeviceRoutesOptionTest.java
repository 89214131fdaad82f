package provd.http.internal.rest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import provd.core.api.ProvisioningRequest;
import provd.core.api.RequestType;

/** The DHCP options of {@code POST /dev_mgr/dhcpinfo}, as wazo-provd's ISC dhcpd hook sends them. */
class DeviceRoutesOptionTest {
    private static ProvisioningRequest decode(String... options) throws Exception {
        ProvisioningRequest.Builder request = ProvisioningRequest.builder(RequestType.DHCP,
                InetAddress.getByName("192.0.2.10"));
        for (String option : options) {
            DeviceRoutes.decodeOption(option, request);
        }
        return request.build();
    }

    @Test
    void aVendorClassIdentifier() throws Exception {
        ProvisioningRequest request = decode("06044.69.67");
        assertArrayEquals(new byte[] {0x44, 0x69, 0x67}, request.dhcpOption(60).orElseThrow());
        assertEquals(Optional.of("Dig"), request.dhcpOptionText(60));
        assertEquals(Set.of(60), request.dhcpOptionCodes());
    }

    @Test
    void hexBytesOfOneOrTwoDigitsInEitherCase() throws Exception {
        ProvisioningRequest request = decode("0430a.B.ff.0", "0771", "012");
        assertArrayEquals(new byte[] {0x0a, 0x0b, (byte) 0xff, 0x00}, request.dhcpOption(43).orElseThrow());
        assertArrayEquals(new byte[] {0x01}, request.dhcpOption(77).orElseThrow());
        assertArrayEquals(new byte[0], request.dhcpOption(12).orElseThrow(), "a code without a value");
    }

    @Test
    void theBoundsOfTheCodes() throws Exception {
        ProvisioningRequest request = decode("00101", "25402");
        assertArrayEquals(new byte[] {1}, request.dhcpOption(1).orElseThrow());
        assertArrayEquals(new byte[] {2}, request.dhcpOption(254).orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"000", "00001", "255", "25501", "999ff", "6044"})
    void codesOutOfRangeAreRefused(String option) {
        RestException e = assertThrows(RestException.class, () -> decode(option));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("out of 1-254"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "60", "060.44", "06044.", "06044..69", "060 44", "0604g", "060444",
            "06044.699", "abc44", "+6044", "06044.69.67\n", "０60"})
    void malformedOptionsAreRefused(String option) {
        RestException e = assertThrows(RestException.class, () -> decode(option));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("is not a 3-digit code followed by dot-separated hexadecimal bytes"),
                e.getMessage());
    }
}
