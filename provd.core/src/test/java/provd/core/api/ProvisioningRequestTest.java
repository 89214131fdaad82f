package provd.core.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProvisioningRequestTest {

    private static final InetAddress CLIENT = InetAddress.getLoopbackAddress();

    private static ProvisioningRequest.Builder http() {
        return ProvisioningRequest.builder(RequestType.HTTP, CLIENT);
    }

    @Test
    void headersAreCaseInsensitive() {
        ProvisioningRequest request = http().header("User-Agent", "Digium D65 2_8_1").build();
        assertEquals(Optional.of("Digium D65 2_8_1"), request.header("user-agent"));
        assertEquals(Optional.of("Digium D65 2_8_1"), request.header("USER-AGENT"));
        assertEquals("Digium D65 2_8_1", request.headers().get("user-agent"));
        assertEquals(Optional.empty(), request.header("Host"));
        assertThrows(UnsupportedOperationException.class, () -> request.headers().put("Host", "x"));
    }

    @Test
    void dhcpOptionReturnsCopy() {
        byte[] passed = {1, 2, 3};
        ProvisioningRequest request = ProvisioningRequest.builder(RequestType.DHCP, CLIENT)
                .dhcpOption(43, passed).build();
        passed[0] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, request.dhcpOption(43).orElseThrow());
        request.dhcpOption(43).orElseThrow()[1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, request.dhcpOption(43).orElseThrow());
        assertEquals(Optional.empty(), request.dhcpOption(60));
    }

    @Test
    void builderReuseDoesNotChangeBuiltRequest() {
        ProvisioningRequest.Builder builder = ProvisioningRequest.builder(RequestType.DHCP, CLIENT)
                .dhcpOption(60, new byte[] {'a'});
        ProvisioningRequest first = builder.build();
        builder.dhcpOption(60, new byte[] {'b'}).header("X", "y");
        assertEquals(Optional.of("a"), first.dhcpOptionText(60));
        assertEquals(Optional.empty(), first.header("X"));
    }

    @Test
    void dhcpOptionTextDecodesIso88591() {
        ProvisioningRequest request = ProvisioningRequest.builder(RequestType.DHCP, CLIENT)
                .dhcpOption(60, new byte[] {'d', (byte) 0xE9, (byte) 0xFF}).build();
        assertEquals(Optional.of("d\u00e9\u00ff"), request.dhcpOptionText(60));
        assertEquals(Optional.empty(), request.dhcpOptionText(43));
    }

    @Test
    void dhcpOptionCodesAscending() {
        ProvisioningRequest request = ProvisioningRequest.builder(RequestType.DHCP, CLIENT)
                .dhcpOption(254, new byte[0]).dhcpOption(1, new byte[0]).dhcpOption(60, new byte[0]).build();
        assertEquals(List.of(1, 60, 254), List.copyOf(request.dhcpOptionCodes()));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 255, -1, 256})
    void dhcpOptionCodeOutOfRangeRejected(int code) {
        assertThrows(IllegalArgumentException.class, () -> http().dhcpOption(code, new byte[] {1}));
    }

    @Test
    void pathDefaultsToEmpty() {
        assertEquals("", http().build().path());
        assertEquals("/Digium/000fd3054848.cfg", http().path("/Digium/000fd3054848.cfg").build().path());
    }

    @Test
    void nullsRejected() {
        assertThrows(NullPointerException.class, () -> ProvisioningRequest.builder(null, CLIENT));
        assertThrows(NullPointerException.class, () -> ProvisioningRequest.builder(RequestType.TFTP, null));
        assertThrows(NullPointerException.class, () -> http().path(null));
        assertThrows(NullPointerException.class, () -> http().header("Host", null));
        assertThrows(NullPointerException.class, () -> http().dhcpOption(60, null));
    }

    @Test
    void macIsOptional() {
        assertEquals(Optional.empty(), http().build().mac());
        MacAddress mac = MacAddress.of("000fd3054848");
        assertEquals(Optional.of(mac), ProvisioningRequest.builder(RequestType.DHCP, CLIENT).mac(mac).build().mac());
    }

    @Test
    void keepsTypeAndAddress() {
        ProvisioningRequest request = ProvisioningRequest.builder(RequestType.TFTP, CLIENT).build();
        assertSame(RequestType.TFTP, request.type());
        assertEquals(CLIENT, request.clientAddress());
    }
}
