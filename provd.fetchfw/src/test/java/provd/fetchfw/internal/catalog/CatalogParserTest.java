package provd.fetchfw.internal.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import provd.fetchfw.internal.catalog.Catalog.Command;
import provd.fetchfw.internal.catalog.Catalog.FileSource;
import provd.fetchfw.internal.catalog.Catalog.FirmwarePackage;
import provd.fetchfw.internal.catalog.Catalog.Step;

class CatalogParserTest {
    private static final String SHA1 = "4ff1c6b7278c8408eacbf7c3ccf03349343c396b";

    private static Catalog resource(String name) throws Exception {
        try (Reader in = new InputStreamReader(CatalogParserTest.class.getResourceAsStream("/catalogs/" + name),
                StandardCharsets.UTF_8)) {
            return CatalogParser.parse(in);
        }
    }

    private static Catalog parse(String text) throws IOException, CatalogException {
        return CatalogParser.parse(new StringReader(text));
    }

    @Test
    void theDigiumCatalogReadsAsWazoProvdReadsIt() throws Exception {
        Catalog catalog = resource("digium.pkgs.db");

        FirmwarePackage firmware = catalog.packages().get("firmware");
        assertEquals("2.8.1", firmware.version());
        assertEquals("Firmware for all Digium phones (except D80)", firmware.description("en"));
        assertEquals("Micrologiciel pour tous les téléphones Digium (excepté D80)", firmware.description("fr"));
        assertEquals(List.of("firmware"), firmware.files());
        assertEquals("digium-fw", firmware.install());
        assertEquals(List.of(new Step("a", "b", Command.UNTAR, List.of("$FILE1")),
                new Step("b", "c", Command.CP, List.of("*/*.eff", "Digium/firmware/"))),
                catalog.recipes().get("digium-fw").steps());
        FileSource file = catalog.files().get("firmware");
        assertEquals("firmware_2_8_1_package.tar.gz", file.filename());
        assertEquals(237648354L, file.size());
        assertEquals(SHA1, file.sha1());
        assertFalse(file.isManual());
    }

    @ParameterizedTest
    @ValueSource(strings = {"cisco-sip-11.3.1.pkgs.db", "cisco-sip-12.0.7.pkgs.db", "fanvil-serie-x.pkgs.db",
            "polycom-6.4.6.pkgs.db", "snom-10.1.215.13.pkgs.db", "yealink-v87.pkgs.db", "zenitel-01.11.3.2.pkgs.db"})
    void everyVendorsCatalogLoads(String name) throws Exception {
        Catalog catalog = resource(name);
        assertFalse(catalog.packages().isEmpty(), name);
        for (FirmwarePackage p : catalog.packages().values()) {
            p.files().forEach(f -> assertTrue(catalog.files().containsKey(f), p.id() + " → " + f));
        }
    }

    @Test
    void aFileWithAnEmptyUrlIsDroppedIntoTheCacheByHand() throws Exception {
        FileSource file = resource("cisco-sip-11.3.1.pkgs.db").files().get("78xx-mpp-fw");
        assertTrue(file.isManual());
        assertEquals("cmterm-78xx.11-3-1MSR3-3_REL.zip", file.filename());
    }

    @Test
    void anAuthenticatedDownloaderIsKept() throws Exception {
        assertTrue(resource("zenitel-01.11.3.2.pkgs.db").files().values().stream()
                .anyMatch(f -> f.downloader().equals(Optional.of("auth"))));
    }

    @Test
    void unrarParsesButIsNotSupported() throws Exception {
        Catalog catalog = parse(minimal("a-b: unrar $FILE1\nb-c: cp * fw/\n"));
        Step step = catalog.recipes().get("r").steps().get(0);
        assertEquals(Command.UNRAR, step.command());
        assertFalse(step.command().isSupported());
    }

    @Test
    void theWordsAfterTheRecipeIdAreItsArguments() throws Exception {
        Catalog catalog = parse("[pkg_p]\nversion: 1\nfiles: f\ninstall: r TB30S*.zz\n[install_r]\n"
                + "a-b: unzip $FILE1\nb-c: cp */Binary/$ARG1 binary/\n[file_f]\nurl: http://x/f.zip\nsize: 1\n"
                + "sha1sum: " + SHA1 + "\n");
        FirmwarePackage p = catalog.packages().get("p");
        assertEquals("r", p.install());
        assertEquals(List.of("TB30S*.zz"), p.installArguments());
    }

    @Test
    void aCiscoLocaleRecipeWithAContinuedCpLineLoads() throws Exception {
        // wazo-cisco-sccp's cisco-networklocale recipe: unsign, two untars, then cp over continuation lines
        Catalog catalog = parse("[pkg_p]\nversion: 1\nfiles: f\ninstall: r\n[install_r]\n"
                + "a-b: unsign $FILE1 f.tgz\nb-c: untar f.tgz\nc-d: untar *.tar\n"
                + "d-e: cp usr/local/cm/tftp/canada\n        usr/local/cm/tftp/france\n        i18n/\n"
                + "[file_f]\nfilename: po-locale.cop.sgn\nurl:\nsize: 1\nsha1sum: " + SHA1 + "\n");
        assertEquals(new Step("d", "e", Command.CP, List.of("usr/local/cm/tftp/canada", "usr/local/cm/tftp/france",
                "i18n/")), catalog.recipes().get("r").steps().get(3));
    }

    @Test
    void continuationLinesAndBothSeparatorsAndCommentsAreRead() throws Exception {
        Catalog catalog = parse("# a comment\n; another\n[pkg_p]\ndescription = one\n  two\nversion: 1\n"
                + "files: f\ninstall: r\n\n[install_r]\na-b: untar $FILE1\n\n[file_f]\nurl: http://x/f.tgz\n"
                + "size: 1\nsha1sum: " + SHA1 + "\n");
        assertEquals("one\ntwo", catalog.packages().get("p").description(""));
    }

    private static String minimal(String steps) {
        return "[pkg_p]\nversion: 1\nfiles: f\ninstall: r\n\n[install_r]\n" + steps + "\n[file_f]\n"
                + "url: http://x/f.tgz\nsize: 10\nsha1sum: " + SHA1 + "\n";
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown command       | [pkg_p]\\nversion: 1\\nfiles: f\\ninstall: r\\n[install_r]\\na-b: explode $FILE1\\n[file_f]\\nurl: http://x/f\\nsize: 1\\nsha1sum: " + SHA1 + " | 6 | unknown command explode",
        "missing file section  | [pkg_p]\\nversion: 1\\nfiles: g\\ninstall: r\\n[install_r]\\na-b: untar $FILE1\\n | 1 | no [file_g]",
        "missing recipe        | [pkg_p]\\nversion: 1\\nfiles: f\\ninstall: q\\n[file_f]\\nurl: http://x/f\\nsize: 1\\nsha1sum: " + SHA1 + " | 1 | no [install_q]",
        "$FILE beyond files    | [pkg_p]\\nversion: 1\\nfiles: f\\ninstall: r\\n[install_r]\\na-b: cp $FILE1 $FILE2 fw/\\n[file_f]\\nurl: http://x/f\\nsize: 1\\nsha1sum: " + SHA1 + " | 1 | uses $FILE2",
        "bad sha1              | [file_f]\\nurl: http://x/f\\nsize: 1\\nsha1sum: abc | 4 | not 40 hexadecimal",
        "bad size              | [file_f]\\nurl: http://x/f\\nsize: big\\nsha1sum: " + SHA1 + " | 3 | not a number",
        "no url, no filename   | [file_f]\\nsize: 1\\nsha1sum: " + SHA1 + " | 1 | neither a url nor a filename",
        "path in filename      | [file_f]\\nfilename: ../etc/passwd\\nsize: 1\\nsha1sum: " + SHA1 + " | 2 | not a plain file name",
        "key before section    | version: 1 | 1 | before any [section]",
        "unknown section       | [other]\\nk: v | 1 | unknown section",
        "duplicate key         | [pkg_p]\\nversion: 1\\nversion: 2 | 3 | key version again",
        "duplicate section     | [pkg_p]\\nversion: 1\\n[pkg_p]\\nversion: 2 | 3 | section [pkg_p] again",
        "garbage line          | [pkg_p]\\nversion: 1\\nthis is not an entry | 3 | neither a [section] nor a key",
        "two results           | [install_r]\\na-b: untar x\\na-c: unzip y | 1 | one result node",
        "cycle                 | [install_r]\\na-b: untar x\\nb-a: null | 1 | one result node",
        "step key              | [install_r]\\nab: untar x | 2 | is not <from>-<to>",
        "cp without target     | [install_r]\\na-b: cp x | 2 | a source and a destination",
        "unknown package key   | [pkg_p]\\nversion: 1\\ncolour: red | 3 | unknown key colour",
        "missing dependency    | [pkg_p]\\nversion: 1\\ndepends: q | 1 | depends on q",
        "files without install | [pkg_p]\\nversion: 1\\nfiles: f\\n[file_f]\\nurl: http://x/f\\nsize: 1\\nsha1sum: " + SHA1 + " | 1 | files but no install",
        "$ARG beyond arguments | [pkg_p]\\nversion: 1\\nfiles: f\\ninstall: r one\\n[install_r]\\na-b: cp $ARG2 fw/\\n[file_f]\\nurl: http://x/f\\nsize: 1\\nsha1sum: " + SHA1 + " | 1 | recipe uses $ARG2",
        "undefined variable    | [pkg_p]\\nversion: 1\\nfiles: f\\ninstall: r\\n[install_r]\\na-b: cp ${HOME}/x fw/\\n[file_f]\\nurl: http://x/f\\nsize: 1\\nsha1sum: " + SHA1 + " | 1 | uses $HOME, which is not defined",
        "$ without a name      | [pkg_p]\\nversion: 1\\nfiles: f\\ninstall: r\\n[install_r]\\na-b: cp $ fw/\\n[file_f]\\nurl: http://x/f\\nsize: 1\\nsha1sum: " + SHA1 + " | 1 | a $ with no variable name",
        "argument leaves node  | [pkg_p]\\nversion: 1\\nfiles: f\\ninstall: r\\n[install_r]\\na-b: cp $FILE1 ../up/\\n[file_f]\\nurl: http://x/f\\nsize: 1\\nsha1sum: " + SHA1 + " | 1 | leaves its node",
        "$ARG leaves node      | [pkg_p]\\nversion: 1\\nfiles: f\\ninstall: r /etc/passwd\\n[install_r]\\na-b: untar $ARG1\\n[file_f]\\nurl: http://x/f\\nsize: 1\\nsha1sum: " + SHA1 + " | 1 | is /etc/passwd, which leaves its node",
        "step before its input | [install_r]\\na-b: untar x\\nc-d: null\\nb-c: null | 3 | reads node c, which is neither a",
        "unknown input node    | [install_r]\\nx-b: untar y | 2 | reads node x, which is neither a",
        "step computes a       | [install_r]\\nx-a: null\\na-b: untar y | 2 | computes node a",
        "unsign one argument   | [install_r]\\na-b: unsign x | 2 | unsign takes the signed file and the name",
        "untar two archives    | [install_r]\\na-b: untar x y | 2 | untar takes exactly one archive",
        "null with argument    | [install_r]\\na-b: null x | 2 | null takes no argument",
    })
    void aMalformedCatalogIsRefusedWithItsLine(String what, String text, int line, String message) {
        CatalogException e = assertThrows(CatalogException.class, () -> parse(text.replace("\\n", "\n")), what);
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertTrue(e.getMessage().startsWith("line " + line + ": "), e.getMessage());
    }
}
