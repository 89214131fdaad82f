package provd.core.internal.repository;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import provd.core.api.RepositoryPlugin;
import provd.core.internal.repository.PluginIndex.InvalidIndexException;

class PluginIndexTest {
    private static final String SHA1 = "7907575f588f9cdd24070a63db6315c4bbcd2057";

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = PluginIndexTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    private static String entry(String id, String body) {
        return "{\"" + id + "\": {" + body + "}}";
    }

    private static String good(String overrides) {
        return "\"version\": \"1.0\", \"dsize\": 10, \"filename\": \"a-1.0.jar\", \"sha1sum\": \"" + SHA1 + "\""
                + overrides;
    }

    @Test
    void wazoProvdsExampleIndexReads() throws Exception {
        List<RepositoryPlugin> index = PluginIndex.parse(resource("plugins.db.example.json"));

        assertEquals(List.of("test-plugin", "test-plugin-legacy-import"), index.stream().map(RepositoryPlugin::id)
                .toList());
        RepositoryPlugin plugin = index.get(0);
        assertEquals("1.0", plugin.version());
        assertEquals(1162, plugin.dsize());
        assertEquals(SHA1, plugin.sha1sum());
        assertEquals("test-plugin-1.0.tar.bz2", plugin.filename());
        assertEquals("Plugin that has no other purpose than to test provd features.", plugin.description());
        assertEquals(Map.of("*, *, *", Map.of("sip.lines", 0)), plugin.capabilities());
    }

    @Test
    void theDigiumIndexReadsWithItsLocalizedDescriptions() throws Exception {
        List<RepositoryPlugin> index = PluginIndex.parse(resource("plugins.db.digium.json"));

        assertEquals(3, index.size());
        RepositoryPlugin plugin = index.get(2);
        assertEquals("wazo-digium-2.8.1", plugin.id());
        assertEquals("1.0.4", plugin.version());
        assertEquals("Plugin for Digium D4X, D50, D6X and D70 in version 2.8.1.", plugin.description());
        assertEquals("Greffon pour Digium D4X, D50, D6X et D70 en version 2.8.1.", plugin.description(Locale.FRANCE));
        assertEquals(plugin.description(), plugin.description(Locale.GERMANY));
        Map<String, Object> d40 = plugin.capabilities().get("Digium, D40, 2.8.1");
        assertEquals(2, d40.get("lines"));
        assertEquals(true, d40.get("high_availability"));
        assertEquals("sip", d40.get("protocol"));
    }

    @Test
    void anEmptyIndexHasNoEntriesAndOptionalKeysMayBeMissing() throws Exception {
        assertEquals(List.of(), PluginIndex.parse("{}".getBytes(UTF_8)));
        RepositoryPlugin plugin = PluginIndex.parse(entry("a", good("")).getBytes(UTF_8)).get(0);
        assertEquals("", plugin.description());
        assertEquals(Map.of(), plugin.capabilities());
        assertEquals(SHA1, PluginIndex.parse(entry("a", good("").replace(SHA1, SHA1.toUpperCase(Locale.ROOT)))
                .getBytes(UTF_8)).get(0).sha1sum(), "a SHA-1 in capitals is the same SHA-1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"dsize\": 10, \"filename\": \"a.jar\", \"sha1sum\": \"" + SHA1 + "\"| version is missing",
            "\"version\": 1, \"dsize\": 10, \"filename\": \"a.jar\", \"sha1sum\": \"" + SHA1 + "\"| version is not a string",
            "\"version\": \" \", \"dsize\": 10, \"filename\": \"a.jar\", \"sha1sum\": \"" + SHA1 + "\"| version is empty",
            "\"version\": \"1\", \"filename\": \"a.jar\", \"sha1sum\": \"" + SHA1 + "\"| dsize null is not a size",
            "\"version\": \"1\", \"dsize\": -1, \"filename\": \"a.jar\", \"sha1sum\": \"" + SHA1 + "\"| dsize -1 is not a size",
            "\"version\": \"1\", \"dsize\": 1.5, \"filename\": \"a.jar\", \"sha1sum\": \"" + SHA1 + "\"| dsize 1.5 is not a size",
            "\"version\": \"1\", \"dsize\": \"10\", \"filename\": \"a.jar\", \"sha1sum\": \"" + SHA1 + "\"| is not a size",
            "\"version\": \"1\", \"dsize\": 10, \"sha1sum\": \"" + SHA1 + "\"| filename is missing",
            "\"version\": \"1\", \"dsize\": 10, \"filename\": \"../a.jar\", \"sha1sum\": \"" + SHA1 + "\"| filename '../a.jar' is not a plain file name",
            "\"version\": \"1\", \"dsize\": 10, \"filename\": \"dir/a.jar\", \"sha1sum\": \"" + SHA1 + "\"| filename 'dir/a.jar' is not a plain file name",
            "\"version\": \"1\", \"dsize\": 10, \"filename\": \"..\", \"sha1sum\": \"" + SHA1 + "\"| filename '..' is not a plain file name",
            "\"version\": \"1\", \"dsize\": 10, \"filename\": \"a.jar\"| sha1sum is missing",
            "\"version\": \"1\", \"dsize\": 10, \"filename\": \"a.jar\", \"sha1sum\": \"abc\"| sha1sum 'abc' is not 40 hex digits",
            "\"version\": \"1\", \"dsize\": 10, \"filename\": \"a.jar\", \"sha1sum\": \"" + "7907575f588f9cdd24070a63db6315c4bbcd205g" + "\"| is not 40 hex digits",
            "\"version\": \"1\", \"dsize\": 10, \"filename\": \"a.jar\", \"sha1sum\": \"" + SHA1 + "\", \"description\": 3| description is not a string",
            "\"version\": \"1\", \"dsize\": 10, \"filename\": \"a.jar\", \"sha1sum\": \"" + SHA1 + "\", \"capabilities\": []| capabilities is not an object",
            "\"version\": \"1\", \"dsize\": 10, \"filename\": \"a.jar\", \"sha1sum\": \"" + SHA1 + "\", \"capabilities\": {\"x\": 1}| capabilities of 'x' is not an object",
    })
    void aBadEntryIsRefusedByName(String body, String problem) {
        String index = "{\"fine\": {" + good("") + "}, \"bad-1.0\": {" + body + "}}";
        InvalidIndexException refused = assertThrows(InvalidIndexException.class,
                () -> PluginIndex.parse(index.getBytes(UTF_8)));
        assertTrue(refused.getMessage().startsWith("the index's entry 'bad-1.0' is refused: "), refused.getMessage());
        assertTrue(refused.getMessage().contains(problem), refused.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[]| not a JSON object",
            "\"x\"| not a JSON object",
            "{\"a\": 1| not valid JSON",
            "{} {}| not valid JSON",
            "{\"a\": 1}| entry 'a' is refused: not an object",
            "{\"../evil\": {}}| entry '../evil' is refused: the id is not a plain name",
            "{\"a b\": {}}| the id is not a plain name",
    })
    void aBadIndexIsRefusedWhole(String index, String problem) {
        InvalidIndexException refused = assertThrows(InvalidIndexException.class,
                () -> PluginIndex.parse(index.getBytes(UTF_8)));
        assertTrue(refused.getMessage().contains(problem), refused.getMessage());
    }

    @Test
    void aDuplicateIdIsRefused() {
        String index = "{\"a\": {" + good("") + "}, \"a\": {" + good("") + "}}";
        InvalidIndexException refused = assertThrows(InvalidIndexException.class,
                () -> PluginIndex.parse(index.getBytes(UTF_8)));
        assertTrue(refused.getMessage().contains("Duplicate field 'a'"), refused.getMessage());
    }
}
