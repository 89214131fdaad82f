package provd.fetchfw.internal.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static provd.fetchfw.internal.recipe.Workspace.catalog;
import static provd.fetchfw.internal.recipe.Workspace.files;
import static provd.fetchfw.internal.recipe.Workspace.recipe;
import static provd.fetchfw.internal.recipe.Workspace.tree;

import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import provd.fetchfw.internal.catalog.Catalog;
import provd.fetchfw.internal.catalog.Catalog.FirmwarePackage;
import provd.fetchfw.internal.catalog.CatalogParser;
import provd.fetchfw.internal.recipe.RecipeException.Kind;
import provd.fetchfw.internal.recipe.TestArchives.Compression;

class RecipeRunnerTest {
    @TempDir
    Path root;
    Workspace ws;

    @BeforeEach
    void workspace() throws Exception {
        ws = new Workspace(root);
    }

    // the real recipes of the sample catalogs

    @Test
    void digiumUntarsItsPackageAndCopiesTheEffFilesOneDirectoryDown() throws Exception {
        Path tarball = TestArchives.entries().directory("firmware_2_8_1_package")
                .file("firmware_2_8_1_package/D40_2_8_1.eff", "d40").file("firmware_2_8_1_package/D70_2_8_1.eff", "d70")
                .file("firmware_2_8_1_package/README", "read me").file("top.eff", "not one directory down")
                .tar(ws.cache.resolve("firmware_2_8_1_package.tar.gz"), Compression.GZIP);

        Path result = ws.run(catalog("digium.pkgs.db").recipes().get("digium-fw"), tarball);

        assertEquals(Map.of("Digium/", "", "Digium/firmware/", "", "Digium/firmware/D40_2_8_1.eff", "d40",
                "Digium/firmware/D70_2_8_1.eff", "d70"), tree(result));
    }

    @Test
    void polycomCopiesItsLdFilesAndTheLocalizationTreeToTheTop() throws Exception {
        Path zip = TestArchives.entries().file("3111-48300-001.sip.ld", "vvx300").file("sip.ver", "6.4.6")
                .file("3111-46135-002.sip.ld", "vvx400").directory("VVXLocalization")
                .file("VVXLocalization/English_United_States/SoundPointIPLocalization.xml", "<en/>")
                .zip(ws.cache.resolve("UC_Software_6_4_6_release_sig_split.zip"));

        Path result = ws.run(catalog("polycom-6.4.6.pkgs.db").recipes().get("polycom-software"), zip);

        assertEquals(Map.of("3111-46135-002.sip.ld", "vvx400", "3111-48300-001.sip.ld", "vvx300",
                "VVXLocalization/English_United_States/SoundPointIPLocalization.xml", "<en/>"), files(result));
    }

    @Test
    void snomCopiesItsTwoFilesIntoFirmware() throws Exception {
        Path firmware = ws.cached("snomD785-10.1.215.13-SIP-r.bin", "fw");
        Path ramdisk = ws.cached("snomD785-10.1.215.13-ramdisk.bin", "ramdisk");

        Path result = ws.run(catalog("snom-10.1.215.13.pkgs.db").recipes().get("snom-fw-ramdisk"), firmware, ramdisk);

        assertEquals(Map.of("firmware/snomD785-10.1.215.13-SIP-r.bin", "fw",
                "firmware/snomD785-10.1.215.13-ramdisk.bin", "ramdisk"), files(result));
    }

    @Test
    void yealinkGlobsNodeAForItsRomFile() throws Exception {
        Path rom = ws.cached("T54W(T57W,T53W,T53,T53C,T54,T57)-96.87.0.15.rom", "rom");

        Path result = ws.run(catalog("yealink-v87.pkgs.db").recipes().get("yealink-fw"), rom);

        assertEquals(Map.of("firmware/T54W(T57W,T53W,T53,T53C,T54,T57)-96.87.0.15.rom", "rom"), files(result));
    }

    @Test
    void zenitelKeepsTheTopLevelBinFiles() throws Exception {
        Path zip = TestArchives.entries().file("A100G80200.01_11_3_2.bin", "image").file("release-notes.pdf", "pdf")
                .file("tools/flash.bin", "not at the top").zip(ws.cache.resolve("A100G80200.01_11_3_2.zip"));

        Path result = ws.run(catalog("zenitel-01.11.3.2.pkgs.db").recipes().get("zenitel-ipstation-fw"), zip);

        assertEquals(Map.of("A100G80200.01_11_3_2.bin", "image"), tree(result));
    }

    @Test
    void ciscoLocalesCopyTheirXmlFilesIntoLocales() throws Exception {
        Path zip = TestArchives.entries().file("fr_FR.xml", "<fr/>").file("de_DE.xml", "<de/>").file("readme.txt", "r")
                .zip(ws.cache.resolve("cmterm-68xx-78xx-88xx.12-0-7-locales.zip"));

        Path result = ws.run(catalog("cisco-sip-12.0.7.pkgs.db").recipes().get("cisco-mpp-locales"), zip);

        assertEquals(Map.of("locales/de_DE.xml", "<de/>", "locales/fr_FR.xml", "<fr/>"), files(result));
    }

    @Test
    void aTechnicolorInstallLineGivesItsRecipeTheGlobOfArg1() throws Exception {
        // wazo-technicolor TB30-1.74.0: install: technicolor-fw TB30S*.zz, then cp */Binary/$ARG1 binary/
        Catalog catalog = CatalogParser.parse(new StringReader("[pkg_TB30-fw]\nversion: 1.74.0\nfiles: TB30-fw\n"
                + "install: technicolor-fw TB30S*.zz\n\n[install_technicolor-fw]\na-b: unzip $FILE1\n"
                + "b-c: cp */Binary/$ARG1 binary/\n\n[file_TB30-fw]\nfilename: TB30-fw_v1.74.0.zip\n"
                + "url: http://x/getfile.php?id=7372\nsize: 1\nsha1sum: 6bb5b5b8ff872254a7e327e4a0775d561d0f9489\n"));
        FirmwarePackage p = catalog.packages().get("TB30-fw");
        Path zip = TestArchives.entries().file("TB30-1.74.0/Binary/TB30S_1.74.0.zz", "tb30s")
                .file("TB30-1.74.0/Binary/other.zz", "other").zip(ws.cache.resolve("TB30-fw_v1.74.0.zip"));

        Path result = ws.run(Workspace.LIMITS, catalog.recipes().get(p.install()), p.installArguments(), zip);

        assertEquals(Map.of("binary/TB30S_1.74.0.zz", "tb30s"), files(result));
    }

    @Test
    void aCiscoSignedLocaleIsUnsignedThenUntarredTwice() throws Exception {
        // wazo-cisco-sccp's cisco-userlocale recipe over a .cop.sgn: signature header, gzip'd tar holding a tar
        Path inner = TestArchives.entries().file("usr/local/cm/tftp/French_France/tones.xml", "<tones/>")
                .file("usr/local/cm/tftp/French_France/glyphs.xml", "<glyphs/>")
                .tar(root.resolve("po-locale-fr_FR.tar"), Compression.NONE);
        Path outer = TestArchives.entries().file("po-locale-fr_FR.tar", Files.readAllBytes(inner))
                .file("install.sh", "#!/bin/sh").tar(root.resolve("outer.tgz"), Compression.GZIP);
        Path signed = ws.cached("po-locale-fr_FR-k3-11.5.1.1000-1.cop.sgn", signed(Files.readAllBytes(outer)));
        Files.delete(inner);
        Files.delete(outer);

        Path result = ws.run(recipe("a-b: unsign $FILE1 f.tgz", "b-c: untar f.tgz", "c-d: untar *.tar",
                "d-e: cp usr/local/cm/tftp/* i18n/"), signed);

        assertEquals(Map.of("i18n/French_France/glyphs.xml", "<glyphs/>", "i18n/French_France/tones.xml",
                "<tones/>"), files(result));
    }

    /**
     * A Cisco-style signed file: a header (here with a {@code 1f 8b} that is no gzip stream, which the reference's
     * first-magic rule would cut at) then the gzip stream.
     */
    private static byte[] signed(byte[] gzip) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x00, 0x06, 0x00, 0x01, 0x01, 0x02});
        out.writeBytes("SIGNED".getBytes());
        out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 0x41, 0x7f});
        out.writeBytes(new byte[300]);
        out.writeBytes(gzip);
        return out.toByteArray();
    }

    // each command alone

    @ParameterizedTest
    @EnumSource(Compression.class)
    void untarTellsCompressionsByTheirMagicNotTheirName(Compression compression) throws Exception {
        Path tarball = TestArchives.entries().file("./fw/image.bin", "image").directory("fw/empty")
                .tar(ws.cache.resolve("firmware.pkg"), compression);

        Path result = ws.run(recipe("a-b: untar $FILE1"), tarball);

        assertEquals(Map.of("fw/", "", "fw/image.bin", "image", "fw/empty/", ""), tree(result));
    }

    @Test
    void untarExtractsEveryArchiveItsGlobMatches() throws Exception {
        Path one = TestArchives.entries().file("one.bin", "1").tar(ws.cache.resolve("one.tar"), Compression.NONE);
        Path two = TestArchives.entries().file("two.bin", "2").tar(ws.cache.resolve("two.tar"), Compression.BZIP2);

        Path result = ws.run(recipe("a-b: untar *.tar"), one, two);

        assertEquals(Map.of("one.bin", "1", "two.bin", "2"), tree(result));
    }

    @Test
    void sevenZFlattensItsEntriesAs7zrEDid() throws Exception {
        Path archive = TestArchives.entries().directory("fw").file("fw/a.bin", "a").file("fw/deep/b.bin", "b")
                .file("c.txt", "c").sevenZ(ws.cache.resolve("fw.7z"));

        Path result = ws.run(recipe("a-b: 7z $FILE1"), archive);

        assertEquals(Map.of("a.bin", "a", "b.bin", "b", "c.txt", "c"), tree(result));
    }

    @Test
    void sevenZRefusesTwoFilesItWouldFlattenOntoOneName() throws Exception {
        Path archive = TestArchives.entries().file("x/a.bin", "1").file("y/a.bin", "2")
                .sevenZ(ws.cache.resolve("fw.7z"));

        RecipeException e = ws.fails(recipe("a-b: 7z $FILE1"), archive);

        assertEquals(Kind.FAILED, e.kind());
        assertEquals("step \"a-b: 7z $FILE1\": fw.7z: two files named a.bin (7z extracts every file to the top of "
                + "its node)", e.getMessage());
    }

    @Test
    void cpToAFileRenamesIt() throws Exception {
        Path file = ws.cached("fw-1.2.bin", "fw");

        Path result = ws.run(recipe("a-b: cp $FILE1 boot/firmware.bin"), file);

        assertEquals(Map.of("boot/", "", "boot/firmware.bin", "fw"), tree(result));
    }

    @Test
    void cpCopiesDirectoriesWholeIntoADirectoryDestination() throws Exception {
        Path zip = TestArchives.entries().file("lang/fr/a.xml", "fr").file("lang/de/b.xml", "de").file("x.txt", "x")
                .zip(ws.cache.resolve("lang.zip"));

        Path result = ws.run(recipe("a-b: unzip $FILE1", "b-c: cp lang/* i18n/"), zip);

        assertEquals(Map.of("i18n/", "", "i18n/de/", "", "i18n/de/b.xml", "de", "i18n/fr/", "", "i18n/fr/a.xml", "fr"),
                tree(result));
    }

    @Test
    void cpFailsOnlyWhenNoneOfItsGlobsMatches() throws Exception {
        Path zip = TestArchives.entries().file("a.ld", "a").zip(ws.cache.resolve("fw.zip"));

        Path result = ws.run(recipe("a-b: unzip $FILE1", "b-c: cp *.ld VVXLocalization ./"), zip);

        assertEquals(Map.of("a.ld", "a"), tree(result));
    }

    @Test
    void aGlobMatchingNothingFailsTheStepAndLeavesNothing() throws Exception {
        Path tarball = TestArchives.entries().file("fw/image.bin", "image")
                .tar(ws.cache.resolve("fw.tgz"), Compression.GZIP);

        RecipeException e = ws.fails(recipe("a-b: untar $FILE1", "b-c: cp */*.eff Digium/firmware/"), tarball);

        assertEquals(Kind.FAILED, e.kind());
        assertEquals("step \"b-c: cp */*.eff Digium/firmware/\": nothing in node b matches */*.eff", e.getMessage());
    }

    @Test
    void aWildcardSkipsHiddenNamesAsPythonsGlobDoes() throws Exception {
        Path zip = TestArchives.entries().file(".hidden.bin", "h").file("fw.bin", "f").zip(ws.cache.resolve("fw.zip"));

        assertEquals(Map.of("out/fw.bin", "f"), files(ws.run(recipe("a-b: unzip $FILE1", "b-c: cp * out/"), zip)));
    }

    @Test
    void cpRefusesSeveralSourcesForOneFile() throws Exception {
        Path zip = TestArchives.entries().file("a.bin", "a").file("b.bin", "b").zip(ws.cache.resolve("fw.zip"));

        RecipeException e = ws.fails(recipe("a-b: unzip $FILE1", "b-c: cp *.bin firmware.bin"), zip);

        assertEquals("step \"b-c: cp *.bin firmware.bin\": the file firmware.bin can take one source, not 2 (a.bin, "
                + "b.bin); end the destination with / to copy into a directory", e.getMessage());
    }

    @Test
    void cpRefusesADirectoryForAFile() throws Exception {
        Path zip = TestArchives.entries().file("fw/a.bin", "a").zip(ws.cache.resolve("fw.zip"));

        RecipeException e = ws.fails(recipe("a-b: unzip $FILE1", "b-c: cp fw firmware"), zip);

        assertEquals("step \"b-c: cp fw firmware\": fw is a directory; end the destination with / to copy it into a "
                + "directory", e.getMessage());
    }

    @Test
    void cpRefusesTwoSourcesOfTheSameName() throws Exception {
        Path zip = TestArchives.entries().file("d40/firmware.eff", "1").file("d70/firmware.eff", "2")
                .zip(ws.cache.resolve("fw.zip"));

        RecipeException e = ws.fails(recipe("a-b: unzip $FILE1", "b-c: cp */*.eff Digium/firmware/"), zip);

        assertEquals("step \"b-c: cp */*.eff Digium/firmware/\": d40/firmware.eff and d70/firmware.eff would both be "
                + "Digium/firmware/firmware.eff", e.getMessage());
    }

    @Test
    void includeKeepsMatchingTopLevelEntriesAndDirectoriesWhole() throws Exception {
        Path zip = TestArchives.entries().file("sip.ld", "ld").file("sip.ver", "v")
                .file("SoundPointIPLocalization/fr/a.xml", "fr").file("other/b.ld", "not at the top")
                .zip(ws.cache.resolve("fw.zip"));

        Path result = ws.run(recipe("a-b: unzip $FILE1", "b-c: include *.ld SoundPointIPLocalization"), zip);

        assertEquals(Map.of("SoundPointIPLocalization/", "", "SoundPointIPLocalization/fr/", "",
                "SoundPointIPLocalization/fr/a.xml", "fr", "sip.ld", "ld"), tree(result));
    }

    @Test
    void anIncludeKeepingNothingFails() throws Exception {
        Path zip = TestArchives.entries().file("fw/6730i.st", "st").zip(ws.cache.resolve("fw.zip"));

        RecipeException e = ws.fails(recipe("a-b: unzip $FILE1", "b-c: include 6730i.st"), zip);

        assertEquals("step \"b-c: include 6730i.st\": nothing at the top of node b matches 6730i.st", e.getMessage());
    }

    @Test
    void excludeDropsMatchesAtAnyDepthAsFnmatchDoes() throws Exception {
        Path zip = TestArchives.entries().file("bootrom.ld", "boot").file("sip.ld", "sip").file("doc/a.txt", "a")
                .file("b.txt", "b").file("doc/keep.pdf", "pdf").file("tools/x", "x")
                .zip(ws.cache.resolve("fw.zip"));

        Path result = ws.run(recipe("a-b: unzip $FILE1", "b-c: exclude bootrom.ld *.txt tools"), zip);

        assertEquals(Map.of("doc/", "", "doc/keep.pdf", "pdf", "sip.ld", "sip"), tree(result));
    }

    @Test
    void nullMakesAnEmptyNode() throws Exception {
        Path result = ws.run(recipe("a-b: null"), ws.cached("fw.bin", "fw"));

        assertEquals(Map.of(), tree(result));
    }

    @Test
    void unsignRefusesAFileWithoutAGzipStream() throws Exception {
        Path file = ws.cached("fw.sgn", new byte[600]);

        RecipeException e = ws.fails(recipe("a-b: unsign $FILE1 f.tgz", "b-c: untar f.tgz"), file);

        assertEquals("step \"a-b: unsign $FILE1 f.tgz\": no gzip stream starts in the first 512 bytes of fw.sgn: "
                + "not a Cisco signed file", e.getMessage());
    }

    @Test
    void unsignKeepsTheGzipStreamByteForByte() throws Exception {
        ByteArrayOutputStream gzip = new ByteArrayOutputStream();
        try (GzipCompressorOutputStream out = new GzipCompressorOutputStream(gzip)) {
            out.write("payload".getBytes());
        }
        Path file = ws.cached("fw.sgn", signed(gzip.toByteArray()));

        Path result = ws.run(recipe("a-b: unsign $FILE1 f.tgz"), file);

        assertEquals(List.of("f.tgz"), List.copyOf(tree(result).keySet()));
        assertTrue(java.util.Arrays.equals(gzip.toByteArray(), Files.readAllBytes(result.resolve("f.tgz"))));
    }

    @Test
    void unrarIsRefusedBeforeAnyStepRuns() throws Exception {
        Path rar = ws.cached("fw.rar", "Rar!");
        List<Integer> started = new ArrayList<>();

        RecipeException e = assertThrows(RecipeException.class, () -> new RecipeRunner(Workspace.LIMITS)
                .run(recipe("a-b: null", "b-c: unrar *.rar"), List.of(rar), ws.scratch, (s, n, c) -> started.add(n)));

        assertEquals(Kind.UNSUPPORTED, e.kind());
        assertEquals("step \"b-c: unrar *.rar\": unrar is not supported: no maintained Java library reads RAR "
                + "archives", e.getMessage());
        assertEquals(List.of(), started);
        ws.assertNothingLeft();
    }

    // the run itself

    @Test
    void theListenerHearsOfEachStepInOrder() throws Exception {
        Path zip = TestArchives.entries().file("a.xml", "a").zip(ws.cache.resolve("fw.zip"));
        Catalog.Recipe recipe = recipe("a-b: unzip $FILE1", "b-c: cp *.xml locales/");
        List<String> heard = new ArrayList<>();

        new RecipeRunner(Workspace.LIMITS).run(recipe, List.of(zip), ws.scratch,
                (step, number, count) -> heard.add(number + "/" + count + " " + RecipeRunner.describe(step)));

        assertEquals(List.of("1/2 a-b: unzip $FILE1", "2/2 b-c: cp *.xml locales/"), heard);
    }

    @Test
    void theResultIsACopyNeverALinkToTheCache() throws Exception {
        Path file = ws.cached("fw.bin", "fw");

        Path result = ws.run(recipe("a-b: cp $FILE1 firmware/"), file);
        Files.writeString(result.resolve("firmware/fw.bin"), "changed by the installer");

        assertEquals("fw", Files.readString(file));
    }

    @Test
    void anInterruptedRunStopsAndLeavesNothing() throws Exception {
        Path zip = TestArchives.entries().file("a.xml", "a").zip(ws.cache.resolve("fw.zip"));
        Thread.currentThread().interrupt();
        try {
            assertThrows(InterruptedException.class, () -> new RecipeRunner(Workspace.LIMITS)
                    .run(recipe("a-b: unzip $FILE1"), List.of(zip), ws.scratch, StepListener.NONE));
            assertFalse(Thread.currentThread().isInterrupted(), "InterruptedException clears the interrupt");
        } finally {
            Thread.interrupted();
        }
        ws.assertNothingLeft();
    }

    @Test
    void aScratchDirectoryInUseIsRefused() throws Exception {
        Files.createDirectories(ws.scratch.resolve("someone-elses"));

        assertThrows(IllegalArgumentException.class, () -> new RecipeRunner(Workspace.LIMITS)
                .run(recipe("a-b: null"), List.of(ws.cached("x", "x")), ws.scratch, StepListener.NONE));
        assertTrue(Files.exists(ws.scratch.resolve("someone-elses")));
    }

    @Test
    void anArgumentLeavingItsNodeThroughArgIsRefused() throws Exception {
        Path file = ws.cached("fw.bin", "fw");

        RecipeException e = assertThrows(RecipeException.class, () -> new RecipeRunner(Workspace.LIMITS)
                .run(recipe("a-b: cp $FILE1 $ARG1"), List.of("../../escaped/"), List.of(file), ws.scratch,
                        StepListener.NONE));

        assertEquals(Kind.FAILED, e.kind());
        assertEquals("step \"a-b: cp $FILE1 $ARG1\": ../../escaped/ leaves its node (..)", e.getMessage());
        ws.assertNothingLeft();
    }
}
