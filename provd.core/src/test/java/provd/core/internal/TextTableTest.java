package provd.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;

import org.junit.jupiter.api.Test;

class TextTableTest {

    @Test
    void alignsColumnsTwoSpacesApart() {
        String text = TextTable.format(List.of(
                new String[] {"ID", "BUNDLE", "SERVICES"},
                new String[] {"digium-2.8.1", "7", "EXTRACTOR"},
                new String[] {"x", "12345678", ""}));
        assertEquals(""
                + "ID            BUNDLE    SERVICES\n"
                + "digium-2.8.1  7         EXTRACTOR\n"
                + "x             12345678\n", text);
    }

    @Test
    void noTrailingSpacesAndOneLinePerRow() {
        String text = TextTable.format(List.of(
                new String[] {"A", "B"},
                new String[] {"long value", ""},
                new String[] {"", ""}));
        String[] lines = text.split("\n", -1);
        assertEquals(4, lines.length);
        assertEquals("", lines[3]);
        for (String line : lines) {
            assertFalse(line.endsWith(" "), "'" + line + "'");
        }
        assertEquals("A           B", lines[0]);
        assertEquals("long value", lines[1]);
        assertEquals("", lines[2]);
    }

    @Test
    void headerOnly() {
        assertEquals("ID  NAME\n", TextTable.format(List.<String[]>of(new String[] {"ID", "NAME"})));
    }
}
