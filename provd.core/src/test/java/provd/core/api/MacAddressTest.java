package provd.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class MacAddressTest {

    @ParameterizedTest
    @ValueSource(strings = {"00:0F:D3:05:48:48", "00-0f-d3-05-48-48", "000fd3054848", "000f.d305.4848",
            "000F.D305.4848", "  00:0f:d3:05:48:48\t\n", "0:f:d3:5:48:48", "0-F-D3-5-48-48", "00:f:d3:05:48:48"})
    void acceptsUsualSpellings(String text) {
        MacAddress mac = MacAddress.of(text);
        assertEquals("00:0f:d3:05:48:48", mac.toString());
        assertEquals("000fd3054848", mac.compact());
        assertEquals(Optional.of(mac), MacAddress.parse(text));
    }

    @Test
    void isZero() {
        assertTrue(MacAddress.of("00:00:00:00:00:00").isZero());
        assertTrue(MacAddress.of("000000000000").isZero());
        assertFalse(MacAddress.of("00:00:00:00:00:01").isZero());
    }

    @ParameterizedTest
    @ValueSource(strings = {"00:0f-d3:05:48:48", "00-0f:d3-05:48-48", "000fd305484", "000fd30548481",
            "00:0f:d3:05:48", "00:0f:d3:05:48:48:00", "000fd305484g", "zz:0f:d3:05:48:48", "000f.d305-4848",
            "000f:d305:4848", "0:f:d3:5:48", "0:f:d3:5:48:48:0", "0:f:d3::48:48", "000:f:d3:5:48:48",
            "0:f-d3:5:48:48", "", "   "})
    void rejectsMalformed(String text) {
        assertEquals(Optional.empty(), MacAddress.parse(text));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MacAddress.of(text));
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
    }

    @ParameterizedTest
    @NullSource
    void rejectsNull(String text) {
        assertEquals(Optional.empty(), MacAddress.parse(text));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MacAddress.of(text));
        assertTrue(e.getMessage().contains("null"), e.getMessage());
    }

    @Test
    void equalityIgnoresSpelling() {
        MacAddress colon = MacAddress.of("00:0F:D3:05:48:48");
        MacAddress cisco = MacAddress.of("000f.d305.4848");
        MacAddress bare = MacAddress.of("000fd3054848");
        assertEquals(colon, cisco);
        assertEquals(colon, bare);
        assertEquals(colon.hashCode(), cisco.hashCode());
        assertEquals(colon.hashCode(), bare.hashCode());
        assertNotEquals(colon, MacAddress.of("000fd3054849"));
        assertNotEquals(colon, "00:0f:d3:05:48:48");
    }
}
