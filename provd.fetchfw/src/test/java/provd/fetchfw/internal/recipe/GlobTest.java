package provd.fetchfw.internal.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobTest {
    @TempDir
    Path node;

    @BeforeEach
    void files() throws Exception {
        for (String file : List.of("a.ld", "b.ld", "c.bin", ".hidden.ld", "T54W(T57W,T53W)-96.87.rom", "x+y.rom",
                "[literal].txt", "fw/d40.eff", "fw/deep/d70.eff", "lang/fr/a.xml")) {
            Files.createDirectories(node.resolve(file).getParent());
            Files.writeString(node.resolve(file), file);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "*.ld                   | a.ld b.ld",
        "?.ld                   | a.ld b.ld",
        "[ab].ld                | a.ld b.ld",
        "[!a].ld                | b.ld",
        "[a-b].*                | a.ld b.ld",
        ".*                     | .hidden.ld",
        "*/*.eff                | fw/d40.eff",
        "**/*.eff               | fw/d40.eff",
        "fw/*/*.eff             | fw/deep/d70.eff",
        "./fw//d40.eff          | fw/d40.eff",
        "lang/*                 | lang/fr",
        "T54W(T57W,T53W)-*.rom  | T54W(T57W,T53W)-96.87.rom",
        "x+y.rom                | x+y.rom",
        "[[]literal].txt        | [literal].txt",
        "[literal.txt           | ''",
        "*.eff                  | ''",
        "fw                     | fw",
    })
    void matchesAsPythonsGlobDoes(String glob, String expected) throws Exception {
        List<String> matches = Glob.match(node, glob).stream().map(p -> NodePath.relative(node, p)).toList();

        assertEquals(expected.isEmpty() ? List.of() : List.of(expected.split(" ")), matches);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "../x     | ../x leaves its node (..)",
        "fw/../.. | fw/../.. leaves its node (..)",
        "/etc/*   | /etc/* is an absolute path; a recipe names paths inside its nodes",
        "./       | ./ names the node itself, not files in it",
        "[z-a].ld | [z-a].ld is not a valid pattern: Illegal character range",
    })
    void refusesGlobsOutsideTheNode(String glob, String message) {
        StepFailure e = assertThrows(StepFailure.class, () -> Glob.match(node, glob));

        assertEquals(message, e.getMessage());
    }

    @Test
    void severalGlobsFailOnlyWhenNoneMatches() throws Exception {
        assertEquals(List.of(node.resolve("a.ld"), node.resolve("b.ld")),
                Glob.matchAny(node, List.of("*.ld", "VVXLocalization", "a.ld")));

        StepFailure e = assertThrows(StepFailure.class, () -> Glob.matchAny(node, List.of("*.sip", "*.ver")));
        assertEquals("nothing in node " + node.getFileName() + " matches *.sip *.ver", e.getMessage());
    }
}
