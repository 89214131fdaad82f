package provd.core.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import provd.core.api.Config;
import provd.core.api.InvalidDocumentException;

class ConfigDocumentsTest {

    private static Config config(Object... keysAndValues) {
        Map<String, Object> doc = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            doc.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return Config.of(doc);
    }

    private static InvalidDocumentException refused(Config config) {
        return assertThrows(InvalidDocumentException.class, () -> ConfigDocuments.normalize(config));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "../x", "-a", ".hidden", "a b", "a/b", "é"})
    void invalidIdsAreRefused(String id) {
        assertEquals(Config.ID, refused(config("id", id)).key());
    }

    @Test
    void missingTooLongOrNonTextIdsAreRefused() {
        assertEquals(Config.ID, refused(config()).key());
        assertEquals(Config.ID, refused(config("id", "a".repeat(129))).key());
        assertEquals(Config.ID, refused(config("id", 5)).key());
    }

    @Test
    void parentIdsAndRawConfigAreAddedWhenAbsent() {
        Config normalized = ConfigDocuments.normalize(config("id", "a".repeat(128)));

        assertEquals(List.of(), normalized.asMap().get(Config.PARENT_IDS));
        assertEquals(Map.of(), normalized.asMap().get(Config.RAW_CONFIG));
    }

    @Test
    void parentIdsMustBeAListOfIds() {
        assertEquals(Config.PARENT_IDS, refused(config("id", "c", "parent_ids", "base")).key());
        assertEquals(Config.PARENT_IDS, refused(config("id", "c", "parent_ids", List.of("base", 1))).key());
    }

    @Test
    void rawConfigMustBeAnObject() {
        assertEquals(Config.RAW_CONFIG, refused(config("id", "c", "raw_config", List.of())).key());
    }

    @Test
    void rawConfigProblemsNameTheKeyUnderRawConfig() {
        InvalidDocumentException e = refused(config("id", "c", "raw_config",
                Map.of("sip_lines", Map.of("1", Map.of("proxy_port", 70000)))));

        assertEquals("raw_config.sip_lines.1.proxy_port", e.key());
        assertTrue(e.getMessage().startsWith("raw_config.sip_lines.1.proxy_port: must be an integer from 1 to 65535"),
                e.getMessage());
    }

    @Test
    void unknownRawConfigKeyIsNamed() {
        InvalidDocumentException e = refused(config("id", "c", "raw_config", Map.of("foo", 1)));

        assertEquals("raw_config.foo", e.key());
        assertTrue(e.getMessage().contains("unknown key 'foo'"), e.getMessage());
    }

    @Test
    void flagsAndLabelsAreTyped() {
        assertEquals(Config.DELETABLE, refused(config("id", "c", "deletable", "yes")).key());
        assertEquals(Config.TRANSIENT, refused(config("id", "c", "transient", 1)).key());
        assertEquals(Config.ROLE, refused(config("id", "c", "role", 3)).key());
        assertEquals(Config.LABEL, refused(config("id", "c", "label", List.of())).key());
    }

    @Test
    void validDocumentKeepsEveryKey() {
        Config config = config("id", "c", "parent_ids", List.of("base"), "raw_config",
                Map.of("sip_lines", Map.of("1", Map.of("username", "alice")), "X_vendor", List.of(1)),
                "deletable", true, "transient", false, "role", "default", "label", "Office",
                "X_type", "device", "registrar_main", "10.0.0.1");

        assertEquals(config, ConfigDocuments.normalize(config));
    }
}
