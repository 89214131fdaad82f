package provd.fetchfw.internal.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class VariablesTest {
    private static final Map<String, String> VALUES = Map.of("FILE1", "fw.zip", "ARG1", "T*.rom", "N", "20");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "$FILE1               | fw.zip",
        "*/Binary/$ARG1       | */Binary/T*.rom",
        "${FILE1}.sig         | fw.zip.sig",
        "$FILE1/$ARG1         | fw.zip/T*.rom",
        "$N\\$                | 20$",
        "no variable          | no variable",
    })
    void substitutesAsXivoFetchfwDoes(String text, String expected) {
        assertEquals(expected, Variables.substitute(text, VALUES));
    }

    @Test
    void aNameIsTheLongestRunOfWordCharacters() {
        assertEquals(List.of("FILE1x"), List.copyOf(Variables.names("$FILE1x")));
        assertThrows(IllegalArgumentException.class, () -> Variables.substitute("$FILE1x", VALUES));
    }

    @Test
    void anEscapedDollarIsNoVariable() {
        assertEquals(List.of(), List.copyOf(Variables.names("\\$FILE1")));
    }

    @Test
    void aDollarWithoutANameIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Variables.names("a$."));
        assertEquals("a $ with no variable name in a$. (write \\$ for a $)", e.getMessage());
    }
}
