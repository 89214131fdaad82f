package provd.core.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RawConfigMergeTest {

    @Test
    void nestedObjectsMergeKeyByKey() {
        Map<String, Object> base = Map.of("sip_lines", Map.of("1", Map.of("username", "alice", "password", "old")),
                "locale", "fr_FR");
        Map<String, Object> top = Map.of("sip_lines", Map.of("1", Map.of("password", "new"), "2",
                Map.of("username", "bob")));

        assertEquals(Map.of("sip_lines", Map.of("1", Map.of("username", "alice", "password", "new"),
                "2", Map.of("username", "bob")), "locale", "fr_FR"), RawConfigMerge.merge(base, top));
    }

    @Test
    void inputsAreNotChanged() {
        Map<String, Object> base = Map.of("sip_lines", Map.of("1", Map.of("username", "alice")));
        Map<String, Object> top = Map.of("sip_lines", Map.of("1", Map.of("password", "pw")));

        RawConfigMerge.merge(base, top);

        assertEquals(Map.of("sip_lines", Map.of("1", Map.of("username", "alice"))), base);
        assertEquals(Map.of("sip_lines", Map.of("1", Map.of("password", "pw"))), top);
    }

    @Test
    void listsAreReplacedNotMerged() {
        Map<String, Object> merged = RawConfigMerge.merge(Map.of("X_servers", List.of("a", "b", "c")),
                Map.of("X_servers", List.of("d")));

        assertEquals(List.of("d"), merged.get("X_servers"));
    }

    @Test
    void aNonObjectReplacesAnObjectAndTheOtherWayRound() {
        assertEquals(Map.of("X_k", "text"), RawConfigMerge.merge(Map.of("X_k", Map.of("a", 1)), Map.of("X_k", "text")));
        assertEquals(Map.of("X_k", Map.of("a", 1)), RawConfigMerge.merge(Map.of("X_k", "text"),
                Map.of("X_k", Map.of("a", 1))));
    }

    @Test
    void scalarsOfTheTopWinAndOthersStay() {
        assertEquals(Map.of("ntp_enabled", false, "locale", "fr_FR", "timezone", "Europe/Paris"),
                RawConfigMerge.merge(Map.of("ntp_enabled", true, "locale", "fr_FR"),
                        Map.of("ntp_enabled", false, "timezone", "Europe/Paris")));
    }
}
