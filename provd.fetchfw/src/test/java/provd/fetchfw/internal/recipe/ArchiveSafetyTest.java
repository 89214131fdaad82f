package provd.fetchfw.internal.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static provd.fetchfw.internal.recipe.Workspace.recipe;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import provd.fetchfw.internal.recipe.RecipeException.Kind;
import provd.fetchfw.internal.recipe.TestArchives.Compression;

/** Archives that could write outside their node, or expand without bound: refused whole, nothing left anywhere. */
class ArchiveSafetyTest {
    private static final ArchiveLimits TEN_MB = new ArchiveLimits(10L << 20, 1000);

    @TempDir
    Path root;
    Workspace ws;

    @BeforeEach
    void workspace() throws Exception {
        ws = new Workspace(root);
    }

    /** How to write a test archive into the cache, and the recipe step that unpacks it. */
    private enum Format {
        TGZ("fw.tgz", "untar"), ZIP("fw.zip", "unzip"), SEVEN_Z("fw.7z", "7z");

        final String file;
        final String command;

        Format(String file, String command) {
            this.file = file;
            this.command = command;
        }

        Path write(TestArchives archive, Path cache) throws IOException {
            return switch (this) {
                case TGZ -> archive.tar(cache.resolve(file), Compression.GZIP);
                case ZIP -> archive.zip(cache.resolve(file));
                case SEVEN_Z -> archive.sevenZ(cache.resolve(file));
            };
        }
    }

    static Stream<Arguments> unsafeEntries() {
        return Stream.of(
                unsafe(Format.TGZ, "../evil", a -> a.file("../evil", "x"), "leaves the node (..)"),
                unsafe(Format.TGZ, "fw/../../evil", a -> a.file("fw/../../evil", "x"), "leaves the node (..)"),
                unsafe(Format.TGZ, "/etc/evil", a -> a.file("/etc/evil", "x"), "is an absolute path"),
                unsafe(Format.TGZ, "link", a -> a.symlink("link", "../../..").file("link/evil", "x"),
                        "is a symbolic link (to ../../..); links are never extracted"),
                // links are refused wherever they point: firmware needs none
                unsafe(Format.TGZ, "fw/current", a -> a.directory("fw/1.0").symlink("fw/current", "1.0"),
                        "is a symbolic link (to 1.0); links are never extracted"),
                unsafe(Format.TGZ, "evil", a -> a.hardLink("evil", "../../../cache/fw.tgz"),
                        "is a hard link (to ../../../cache/fw.tgz); links are never extracted"),
                unsafe(Format.TGZ, "dev/evil", a -> a.charDevice("dev/evil"), "is a device or a fifo"),
                unsafe(Format.TGZ, "evil", a -> a.fifo("evil"), "is a device or a fifo"),
                unsafe(Format.ZIP, "..\\evil", a -> a.file("..\\evil", "x"), "leaves the node (..)"),
                unsafe(Format.ZIP, "C:\\evil", a -> a.file("C:\\evil", "x"), "is an absolute path"),
                unsafe(Format.ZIP, "/evil", a -> a.file("/evil", "x"), "is an absolute path"),
                unsafe(Format.ZIP, "evil", a -> a.symlink("evil", "/etc/passwd"),
                        "is a symbolic link; links are never extracted"),
                unsafe(Format.ZIP, "evil", a -> a.charDevice("evil"),
                        "is neither a file nor a directory (Unix mode 20644)"),
                unsafe(Format.SEVEN_Z, "../evil", a -> a.file("../evil", "x"), "leaves the node (..)"),
                unsafe(Format.SEVEN_Z, "evil", a -> a.symlink("evil", "../../.."),
                        "is a link or neither a file nor a directory"));
    }

    private static Arguments unsafe(Format format, String entry, Function<TestArchives, TestArchives> content,
            String why) {
        return Arguments.of(format, entry, content, why);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("unsafeEntries")
    void anUnsafeEntryRefusesTheWholeArchive(Format format, String entry,
            Function<TestArchives, TestArchives> content, String why) throws Exception {
        // a good entry first: the refusal must also take back what was extracted before it
        Path archive = format.write(content.apply(TestArchives.entries().file("ok.bin", "ok")), ws.cache);
        boolean etcEvil = Files.exists(Path.of("/etc/evil"));

        RecipeException e = ws.fails(recipe("a-b: " + format.command + " $FILE1", "b-c: cp * fw/"), archive);

        assertEquals(Kind.UNSAFE_ARCHIVE, e.kind());
        assertEquals("step \"a-b: " + format.command + " $FILE1\": " + format.file + ": entry " + entry + " " + why,
                e.getMessage());
        assertNoEvilAnywhere();
        assertEquals(etcEvil, Files.exists(Path.of("/etc/evil")));
    }

    @Test
    void aZipBombIsStoppedAtTheLimitWhateverItsHeadersClaim() throws Exception {
        Path bomb = TestArchives.entries().zeros("zeros.bin", 100L << 20).zip(ws.cache.resolve("bomb.zip"));
        claimUncompressedSize(bomb, 1000);
        assertTrue(Files.size(bomb) < 1 << 20, "100 MB of zeros deflate to some hundred kB");

        long start = System.nanoTime();
        RecipeException e = ws.fails(TEN_MB, recipe("a-b: unzip $FILE1"), bomb);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(Kind.UNSAFE_ARCHIVE, e.kind());
        assertEquals("step \"a-b: unzip $FILE1\": bomb.zip expands beyond 10485760 bytes, the configured limit for "
                + "one install", e.getMessage());
        assertTrue(millis < 5_000, "stopped after " + millis + " ms");
    }

    @Test
    void aTarBombIsCountedAsItStreams() throws Exception {
        // cut in the middle of its 100 MB: a runner that read to the end before counting would find it truncated
        Path bomb = TestArchives.entries().zeros("zeros.bin", 100L << 20)
                .tar(ws.cache.resolve("bomb.tgz"), Compression.GZIP);
        try (FileChannel channel = FileChannel.open(bomb, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() / 2);
        }

        RecipeException e = ws.fails(TEN_MB, recipe("a-b: untar $FILE1"), bomb);

        assertEquals(Kind.UNSAFE_ARCHIVE, e.kind());
        assertEquals("step \"a-b: untar $FILE1\": bomb.tgz expands beyond 10485760 bytes, the configured limit for "
                + "one install", e.getMessage());
    }

    @Test
    void tooManyEntriesAreRefused() throws Exception {
        TestArchives entries = TestArchives.entries();
        for (int i = 0; i < 20; i++) {
            entries.file("f" + i, "");
        }
        Path zip = entries.zip(ws.cache.resolve("many.zip"));

        RecipeException e = ws.fails(new ArchiveLimits(10L << 20, 10), recipe("a-b: unzip $FILE1"), zip);

        assertEquals(Kind.UNSAFE_ARCHIVE, e.kind());
        assertEquals("step \"a-b: unzip $FILE1\": many.zip takes this install beyond 10 archive entries, the "
                + "configured limit", e.getMessage());
    }

    @Test
    void theLimitsHoldForTheWholeRunNotEachArchive() throws Exception {
        Path inner = TestArchives.entries().file("a", "").file("b", "").file("c", "")
                .tar(root.resolve("inner.tar"), Compression.NONE);
        Path outer = TestArchives.entries().file("inner.tar", Files.readAllBytes(inner)).file("d", "")
                .zip(ws.cache.resolve("outer.zip"));
        Files.delete(inner);

        RecipeException e = ws.fails(new ArchiveLimits(10L << 20, 4), recipe("a-b: unzip $FILE1",
                "b-c: untar *.tar"), outer);

        assertEquals("step \"b-c: untar *.tar\": inner.tar takes this install beyond 4 archive entries, the "
                + "configured limit", e.getMessage());
    }

    @Test
    void aTruncatedTarballFailsClearly() throws Exception {
        byte[] random = new byte[200_000];
        new Random(7).nextBytes(random);
        Path tgz = TestArchives.entries().file("fw.bin", random).tar(ws.cache.resolve("fw.tgz"), Compression.GZIP);
        try (FileChannel channel = FileChannel.open(tgz, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() / 2);
        }

        RecipeException e = ws.fails(recipe("a-b: untar $FILE1"), tgz);

        assertEquals(Kind.FAILED, e.kind());
        assertEquals("step \"a-b: untar $FILE1\": fw.tgz is not a readable tar archive (corrupt or truncated?): "
                + "unexpected end of data", e.getMessage());
    }

    @Test
    void aZipGivenToUntarIsNamedForWhatItIs() throws Exception {
        Path zip = TestArchives.entries().file("a", "a").zip(ws.cache.resolve("fw.tgz"));

        RecipeException e = ws.fails(recipe("a-b: untar $FILE1"), zip);

        assertEquals("step \"a-b: untar $FILE1\": fw.tgz is not a tar archive but a zip one; untar reads tar, tar.gz, "
                + "tar.bz2 and tar.xz", e.getMessage());
    }

    @Test
    void garbageIsNoArchive() throws Exception {
        byte[] garbage = new byte[4096];
        new Random(11).nextBytes(garbage);
        Path file = ws.cached("fw.bin", garbage);

        for (String command : new String[] {"untar", "unzip", "7z"}) {
            RecipeException e = ws.fails(recipe("a-b: " + command + " $FILE1"), file);
            assertEquals(Kind.FAILED, e.kind(), command);
            assertTrue(e.getMessage().startsWith("step \"a-b: " + command + " $FILE1\": fw.bin is not a"),
                    e.getMessage());
        }
    }

    /** Rewrites the uncompressed size of a one-entry zip's local and central headers. */
    private static void claimUncompressedSize(Path zip, int size) throws IOException {
        byte[] bytes = Files.readAllBytes(zip);
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x04034b50, buffer.getInt(0));
        buffer.putInt(22, size);
        int central = lastIndexOf(bytes, new byte[] {'P', 'K', 1, 2});
        buffer.putInt(central + 24, size);
        Files.write(zip, bytes);
    }

    private static int lastIndexOf(byte[] bytes, byte[] signature) {
        for (int i = bytes.length - signature.length; i >= 0; i--) {
            boolean match = true;
            for (int j = 0; j < signature.length && match; j++) {
                match = bytes[i + j] == signature[j];
            }
            if (match) {
                return i;
            }
        }
        throw new AssertionError("no central directory");
    }

    private void assertNoEvilAnywhere() throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            assertFalse(paths.anyMatch(p -> p.getFileName().toString().contains("evil")), "an evil file was written");
        }
    }
}
