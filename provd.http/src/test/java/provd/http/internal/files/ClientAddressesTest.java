package provd.http.internal.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

class ClientAddressesTest {
    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    private static final InetAddress PEER;

    static {
        try {
            PEER = InetAddress.getByName("10.0.0.1");
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Test
    void withoutTrustedProxiesThePeer() throws Exception {
        assertEquals(PEER, ClientAddresses.client(PEER, List.of("203.0.113.9"), 0));
        assertEquals(PEER, ClientAddresses.client(PEER, List.of(), 1));
    }

    @Test
    void trustedHops() throws Exception {
        List<String> xff = List.of("198.51.100.1, 198.51.100.2", "198.51.100.3");
        assertEquals(ip("198.51.100.3"), ClientAddresses.client(PEER, xff, 1));
        assertEquals(ip("198.51.100.2"), ClientAddresses.client(PEER, xff, 2));
        assertEquals(ip("198.51.100.1"), ClientAddresses.client(PEER, xff, 3));
        assertEquals(ip("198.51.100.1"), ClientAddresses.client(PEER, xff, 9), "short chain: its first entry");
    }

    @Test
    void malformedGivesThePeer() throws Exception {
        for (String bad : List.of("unknown", "", " , ", "1.2.3", "1.2.3.256", "01234.1.1.1", "example.com",
                "1.2.3.4:99999", "fe80::1%eth0", "[::1", "::g", "1.2.3.4, ,")) {
            assertEquals(PEER, ClientAddresses.client(PEER, List.of(bad), 1), bad);
        }
        assertEquals(PEER, ClientAddresses.client(PEER, List.of("198.51.100.1, bogus"), 2),
                "a bad entry among those read");
        assertEquals(ip("198.51.100.1"), ClientAddresses.client(PEER, List.of("bogus, 198.51.100.1"), 1),
                "a bad entry left of the one read does not matter");
    }

    @Test
    void literalForms() throws Exception {
        assertEquals(ip("192.0.2.7"), ClientAddresses.parse("192.0.2.7").orElseThrow());
        assertEquals(ip("192.0.2.7"), ClientAddresses.parse(" 192.0.2.7:5060 ").orElseThrow());
        assertEquals(ip("2001:db8::1"), ClientAddresses.parse("2001:db8::1").orElseThrow());
        assertEquals(ip("2001:db8::1"), ClientAddresses.parse("[2001:db8::1]").orElseThrow());
        assertEquals(ip("2001:db8::1"), ClientAddresses.parse("[2001:db8::1]:443").orElseThrow());
        assertEquals(ip("192.0.2.7"), ClientAddresses.parse("::ffff:192.0.2.7").orElseThrow());
        assertTrue(ClientAddresses.parse("localhost").isEmpty(), "never a name lookup");
    }
}
