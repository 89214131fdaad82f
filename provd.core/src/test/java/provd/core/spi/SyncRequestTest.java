package provd.core.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SyncRequestTest {

    @Test
    void checkSyncToAnAddress() {
        SyncRequest request = SyncRequest.checkSync("10.0.0.5");
        assertEquals(new SyncRequest("10.0.0.5", Optional.empty(), "check-sync", Map.of()), request);
        assertEquals("2001:db8::5", SyncRequest.checkSync("2001:db8::5").ip());
    }

    @Test
    void withersKeepTheRestAndTheHeadersTheirOrder() {
        SyncRequest request = SyncRequest.checkSync("10.0.0.5").withSipUsername(" ab12cd ")
                .withEvent("check-sync;reboot=true").withHeader("X-B", "2").withHeader("X-A", " 1 ");
        assertEquals(Optional.of("ab12cd"), request.sipUsername());
        assertEquals("check-sync;reboot=true", request.event());
        assertEquals(List.of("X-B", "X-A"), List.copyOf(request.headers().keySet()));
        assertEquals("1", request.headers().get("X-A"));
        assertEquals(Optional.empty(), request.withSipUsername(null).sipUsername());
        assertEquals(Optional.empty(), request.withSipUsername("  ").sipUsername());
        assertThrows(UnsupportedOperationException.class, () -> request.headers().put("X-C", "3"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "phone.example.com", "abc", "10", "10.0.0.5\r\nVia: x", "[2001:db8::5]", "10.0.0.5 "})
    void onlyAnIpAddress(String ip) {
        assertThrows(IllegalArgumentException.class, () -> SyncRequest.checkSync(ip));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "check sync", "check-sync\r\nX: y", "check-sync;", "a,b", "check-sync;reboot="})
    void onlyAnEvent(String event) {
        assertThrows(IllegalArgumentException.class, () -> SyncRequest.checkSync("10.0.0.5").withEvent(event));
    }

    @Test
    void eventsWithParameters() {
        for (String event : List.of("resync", "check-sync;reboot=true", "check-sync;reboot=false;x")) {
            assertEquals(event, SyncRequest.checkSync("10.0.0.5").withEvent(event).event());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Via", "via", "v", "CSeq", "Call-ID", "i", "From", "To", "Contact", "Max-Forwards",
            "Event", "o", "Subscription-State", "Content-Length", "l"})
    void theSynchronizersOwnHeadersCannotBeGiven(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SyncRequest.checkSync("10.0.0.5").withHeader(name, "x"));
        assertEquals("header " + name + " is the synchronizer's to write", e.getMessage());
    }

    @Test
    void headersCannotBreakTheMessage() {
        SyncRequest request = SyncRequest.checkSync("10.0.0.5");
        assertThrows(IllegalArgumentException.class, () -> request.withHeader("X-A", "1\r\nVia: evil"));
        assertThrows(IllegalArgumentException.class, () -> request.withHeader("X-A", "1\n"));
        assertThrows(IllegalArgumentException.class, () -> request.withHeader("X A", "1"));
        assertThrows(IllegalArgumentException.class, () -> request.withHeader("X:A", "1"));
        assertThrows(IllegalArgumentException.class, () -> request.withHeader("", "1"));
        assertThrows(IllegalArgumentException.class, () -> request.withSipUsername("ab cd"));
        assertThrows(IllegalArgumentException.class, () -> request.withSipUsername("ab\r\nAction: x"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> request.withHeader("X-Secret", "s3cr3t\n"));
        assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
    }
}
