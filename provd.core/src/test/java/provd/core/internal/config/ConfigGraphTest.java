package provd.core.internal.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import provd.core.api.Config;
import provd.core.api.InvalidDocumentException;
import provd.core.api.NotFoundException;
import provd.core.api.RawConfig;

class ConfigGraphTest {
    private final ConfigGraph graph = new ConfigGraph();

    private static Config config(String id, List<String> parents, Map<String, Object> raw) {
        return Config.of(Map.of(Config.ID, id, Config.PARENT_IDS, parents, Config.RAW_CONFIG, raw));
    }

    private void put(String id, List<String> parents, Map<String, Object> raw) {
        Config config = config(id, parents, raw);
        graph.checkParents(config);
        graph.put(config);
    }

    private Object resolved(String id, String key) {
        return graph.resolve(id).get(key).orElse(null);
    }

    @Test
    void baseThenParentsInOrderThenOwn() {
        graph.setBase(Map.of("ip", "10.0.0.1", "ntp_ip", "base", "dns_ip", "base"));
        put("p1", List.of(), Map.of("locale", "p1", "timezone", "p1", "X_p1", "p1"));
        put("p2", List.of(), Map.of("timezone", "p2", "dns_ip", "p2"));
        put("c", List.of("p1", "p2"), Map.of("ntp_ip", "c", "X_p1", "c"));

        assertEquals("10.0.0.1", resolved("c", "ip"));
        assertEquals("p1", resolved("c", "locale"));
        assertEquals("p2", resolved("c", "timezone"), "the later parent wins");
        assertEquals("p2", resolved("c", "dns_ip"), "a parent wins over the base");
        assertEquals("c", resolved("c", "ntp_ip"), "the config's own value wins over the base");
        assertEquals("c", resolved("c", "X_p1"), "the config's own value wins over its parents");
    }

    @Test
    void ancestorsResolveRecursively() {
        put("g", List.of(), Map.of("locale", "fr_FR", "timezone", "Europe/Paris"));
        put("p", List.of("g"), Map.of("timezone", "Europe/Berlin"));
        put("c", List.of("p"), Map.of());

        assertEquals(Map.of("locale", "fr_FR", "timezone", "Europe/Berlin"), graph.resolve("c").asMap());
    }

    @Test
    void aLinePasswordOverriddenAloneKeepsTheUsername() {
        put("p", List.of(), Map.of("sip_lines", Map.of("1", Map.of("username", "alice", "password", "old"))));
        put("c", List.of("p"), Map.of("sip_lines", Map.of("1", Map.of("password", "new"))));

        assertEquals(Map.of("username", "alice", "password", "new"),
                graph.resolve("c").object("sip_lines").orElseThrow().get("1"));
    }

    @Test
    void listsAreReplaced() {
        put("p", List.of(), Map.of("X_list", List.of(1, 2)));
        put("c", List.of("p"), Map.of("X_list", List.of(3)));

        assertEquals(List.of(3), resolved("c", "X_list"));
    }

    @Test
    void baseChangesPropagate() {
        graph.setBase(Map.of("http_base_url", "http://old:8667"));
        put("p", List.of(), Map.of());
        put("c", List.of("p"), Map.of());
        assertEquals("http://old:8667", resolved("c", "http_base_url"));

        graph.setBase(Map.of("http_base_url", "http://new:8667"));

        assertEquals("http://new:8667", resolved("c", "http_base_url"));
    }

    @Test
    void resolutionIsCachedUntilAnAncestorChanges() {
        put("g", List.of(), Map.of("locale", "fr_FR"));
        put("p", List.of("g"), Map.of());
        put("c", List.of("p"), Map.of());
        put("other", List.of(), Map.of("locale", "de"));
        RawConfig first = graph.resolve("c");
        assertSame(first, graph.resolve("c"));

        put("other", List.of(), Map.of("locale", "it"));
        assertSame(first, graph.resolve("c"), "an unrelated change keeps the cache");

        put("g", List.of(), Map.of("locale", "en_US"));
        assertEquals("en_US", resolved("c", "locale"));
        assertEquals("en_US", resolved("p", "locale"));
    }

    @Test
    void reparentingChangesTheResolution() {
        put("a", List.of(), Map.of("locale", "fr_FR"));
        put("b", List.of(), Map.of("locale", "de"));
        put("c", List.of("a"), Map.of());
        assertEquals("fr_FR", resolved("c", "locale"));

        put("c", List.of("b"), Map.of());

        assertEquals("de", resolved("c", "locale"));
        assertEquals(Set.of(), graph.children("a"));
        assertEquals(Set.of("c"), graph.children("b"));
    }

    @Test
    void unknownConfigIsNotFound() {
        assertThrows(NotFoundException.class, () -> graph.resolve("nope"));
    }

    @Test
    void removedConfigIsGone() {
        put("p", List.of(), Map.of());
        put("c", List.of("p"), Map.of());
        graph.resolve("c");

        graph.remove("c");

        assertThrows(NotFoundException.class, () -> graph.resolve("c"));
        assertEquals(Set.of(), graph.children("p"));
        assertEquals(Set.of("p"), graph.withDescendants("p"));
    }

    private void assertParentsRefused(Config config) {
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class, () -> graph.checkParents(config));
        assertEquals(Config.PARENT_IDS, e.key());
    }

    @Test
    void checkParentsRejectsSelfMissingAndDuplicateParents() {
        put("a", List.of(), Map.of());

        assertParentsRefused(config("b", List.of("b"), Map.of()));
        assertParentsRefused(config("b", List.of("missing"), Map.of()));
        assertParentsRefused(config("b", List.of("a", "a"), Map.of()));
        assertDoesNotThrow(() -> graph.checkParents(config("b", List.of("a"), Map.of())));
    }

    @Test
    void checkParentsRejectsATwoConfigCycle() {
        put("a", List.of(), Map.of());
        put("b", List.of("a"), Map.of());

        assertParentsRefused(config("a", List.of("b"), Map.of()));
    }

    @Test
    void checkParentsRejectsALongerCycle() {
        put("a", List.of(), Map.of());
        put("b", List.of("a"), Map.of());
        put("c", List.of("b"), Map.of());
        put("d", List.of("c"), Map.of());

        assertParentsRefused(config("a", List.of("d"), Map.of()));
        assertParentsRefused(config("b", List.of("x", "d"), Map.of()));
    }

    @Test
    void checkParentsAcceptsADiamond() {
        put("g", List.of(), Map.of());
        put("p1", List.of("g"), Map.of());
        put("p2", List.of("g"), Map.of());

        assertDoesNotThrow(() -> graph.checkParents(config("c", List.of("p1", "p2"), Map.of())));
    }

    @Test
    void withDescendants() {
        put("g", List.of(), Map.of());
        put("p1", List.of("g"), Map.of());
        put("p2", List.of("g"), Map.of());
        put("c", List.of("p1", "p2"), Map.of());
        put("u", List.of(), Map.of());

        assertEquals(Set.of("g", "p1", "p2", "c"), graph.withDescendants("g"));
        assertEquals(Set.of("p1", "c"), graph.withDescendants("p1"));
        assertEquals(Set.of("c"), graph.withDescendants("c"));
        assertEquals(Set.of("u"), graph.withDescendants("u"));

        put("p2", List.of(), Map.of());

        assertEquals(Set.of("g", "p1", "c"), graph.withDescendants("g"));
        assertEquals(Set.of("p1"), graph.children("g"));
    }

    @Test
    void theServerBaseIsUnderEveryParentNotBetweenThem() {
        graph.setBase(Map.of("ip", "10.0.0.1", "http_port", 8667));
        put("base", List.of(), Map.of("ip", "192.168.1.10"));
        put("defaultconfigdevice", List.of(), Map.of("admin_username", "admin"));
        put("autoprov", List.of("base", "defaultconfigdevice"), Map.of());

        assertEquals("192.168.1.10", resolved("autoprov", "ip"));
        assertEquals("admin", resolved("autoprov", "admin_username"));
        assertEquals(8667, resolved("autoprov", "http_port"));
    }

    @Test
    void aSharedAncestorIsVisitedOnce() {
        put("g", List.of(), Map.of("locale", "fr_FR", "timezone", "Europe/Paris"));
        put("p1", List.of("g"), Map.of("locale", "de"));
        put("p2", List.of("g"), Map.of("ntp_ip", "10.0.0.9"));
        put("c", List.of("p1", "p2"), Map.of());

        assertEquals(Map.of("locale", "de", "timezone", "Europe/Paris", "ntp_ip", "10.0.0.9"),
                graph.resolve("c").asMap());
    }
}
