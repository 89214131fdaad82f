package provd.core.internal.params;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CfgFileTest {
    @TempDir
    Path etc;

    private Path file() {
        return etc.resolve("provd.params.cfg");
    }

    private void write(String... lines) throws IOException {
        Files.write(file(), List.of(lines), StandardCharsets.UTF_8);
    }

    private List<String> lines() throws IOException {
        return Files.readAllLines(file(), StandardCharsets.UTF_8);
    }

    private Properties load() throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file(), StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        return properties;
    }

    private List<String> directory() throws IOException {
        try (Stream<Path> files = Files.list(etc)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void replacesTheKeyAndKeepsCommentsAndOtherKeys() throws IOException {
        write("# the plugin repository", "! another comment", "", "plugin_server = http://old/", "locale = fr_FR");
        CfgFile.set(file(), "plugin_server", "http://new/");
        assertEquals(List.of("# the plugin repository", "! another comment", "", "plugin_server = http://new/",
                "locale = fr_FR"), lines());
    }

    @Test
    void replacesEachSpellingOfTheSeparator() throws IOException {
        for (String line : List.of("locale=en_US", "locale: en_US", "locale:en_US", "  locale   =   en_US",
                "\tlocale = en_US")) {
            write("a = 1", line, "b = 2");
            CfgFile.set(file(), "locale", "fr_FR");
            assertEquals(List.of("a = 1", "locale = fr_FR", "b = 2"), lines(), line);
        }
    }

    @Test
    void leavesCommentedOutKeysAndKeysSharingAPrefix() throws IOException {
        write("# locale = de_DE", "!locale = it_IT", "locale_extra = x", "my.locale = y");
        CfgFile.set(file(), "locale", "fr_FR");
        assertEquals(List.of("# locale = de_DE", "!locale = it_IT", "locale_extra = x", "my.locale = y",
                "locale = fr_FR"), lines());
    }

    @Test
    void anEmptyValueRemovesTheKey() throws IOException {
        write("# comment", "http_proxy = http://proxy:3128", "locale = fr_FR");
        CfgFile.set(file(), "http_proxy", "");
        assertEquals(List.of("# comment", "locale = fr_FR"), lines());
        assertFalse(load().containsKey("http_proxy"));
    }

    @Test
    void anEmptyValueOfAnAbsentKeyChangesNoLine() throws IOException {
        write("# comment", "locale = fr_FR");
        CfgFile.set(file(), "http_proxy", "");
        assertEquals(List.of("# comment", "locale = fr_FR"), lines());
    }

    @Test
    void duplicatesOfTheKeyAreRemoved() throws IOException {
        write("locale = en_US", "a = 1", "locale = de_DE");
        CfgFile.set(file(), "locale", "fr_FR");
        assertEquals(List.of("locale = fr_FR", "a = 1"), lines());
        assertEquals("fr_FR", load().getProperty("locale"));
    }

    @Test
    void appendsAnAbsentKey() throws IOException {
        write("# comment", "a = 1");
        CfgFile.set(file(), "locale", "fr_FR");
        assertEquals(List.of("# comment", "a = 1", "locale = fr_FR"), lines());
    }

    @Test
    void appendsToAFileWithoutAFinalNewline() throws IOException {
        Files.writeString(file(), "a = 1");
        CfgFile.set(file(), "locale", "fr_FR");
        assertEquals("a = 1\nlocale = fr_FR\n", Files.readString(file()));
    }

    @Test
    void createsAMissingFileAndItsDirectory() throws IOException {
        Path nested = etc.resolve("sub").resolve("provd.identification.cfg");
        CfgFile.set(nested, "nat", "true");
        assertEquals("nat = true\n", Files.readString(nested));
    }

    @Test
    void leavesNoTemporaryFile() throws IOException {
        write("a = 1");
        CfgFile.set(file(), "locale", "fr_FR");
        CfgFile.set(file(), "locale", "");
        CfgFile.set(etc.resolve("other.cfg"), "x", "y");
        assertEquals(List.of("other.cfg", "provd.params.cfg"), directory());
    }

    @Test
    void escapesBackslashesSoPropertiesReadTheValueBack() throws IOException {
        CfgFile.set(file(), "plugin_server", "file:///C:\\plugins\\u0041");
        assertEquals(List.of("plugin_server = file:///C:\\\\plugins\\\\u0041"), lines());
        assertEquals("file:///C:\\plugins\\u0041", load().getProperty("plugin_server"));
    }

    @Test
    void escapesALeadingBlank() throws IOException {
        CfgFile.set(file(), "x", " padded");
        assertEquals(" padded", load().getProperty("x"));
    }

    @Test
    void keepsNonAsciiCharacters() throws IOException {
        write("# café", "a = 1");
        CfgFile.set(file(), "locale", "fr_FR");
        assertEquals("# café", lines().get(0));
    }

    @Test
    void theRewrittenFileIsReadableByItsOwner() throws IOException {
        CfgFile.set(file(), "a", "1");
        assertTrue(Files.isReadable(file()));
        assertEquals("1", load().getProperty("a"));
    }
}
