package provd.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServedFileCacheTest {
    private static final String CFG = "/Digium/000fd3054848.cfg";

    @TempDir
    Path dir;
    private Path area;
    private Path file;
    private final ServedFileCache cache = new ServedFileCache(1 << 20, 1024);

    @BeforeEach
    void setUp() throws IOException {
        area = Files.createDirectories(dir.resolve("area")).toRealPath();
        file = Files.createDirectories(area.resolve("Digium")).resolve("000fd3054848.cfg");
        Files.writeString(file, "password=first");
    }

    private String served(String requested) {
        ServedFileCache.ServedFile found = cache.find(area, requested).orElseThrow();
        ByteBuffer content = found.content().orElseThrow();
        assertEquals(found.size(), content.remaining());
        return StandardCharsets.UTF_8.decode(content).toString();
    }

    @Test
    void aFileFoundAgainIsTakenFromMemory() {
        ServedFileCache.ServedFile first = cache.find(area, CFG).orElseThrow();
        ServedFileCache.ServedFile second = cache.find(area, CFG).orElseThrow();

        assertSame(first, second);
        assertEquals(file, second.path());
        assertEquals("password=first", served(CFG));
        assertEquals(1, cache.size());
        assertEquals("password=first".length(), cache.bytes());
    }

    @Test
    void aFileReplacedByARenameIsReadAgainEvenWithTheSameSizeAndTime() throws IOException {
        served(CFG);
        FileTime time = Files.getLastModifiedTime(file);
        Path next = Files.writeString(file.resolveSibling(".next.tmp"), "password=other");
        Files.setLastModifiedTime(next, time);
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        assertEquals("password=other", served(CFG));
        assertEquals(1, cache.size());
    }

    @Test
    void aFileChangedInPlaceIsReadAgain() throws IOException {
        served(CFG);
        Files.writeString(file, "password=longer one", StandardOpenOption.TRUNCATE_EXISTING);
        assertEquals("password=longer one", served(CFG));

        // same size, later time
        Files.writeString(file, "password=LONGER ONE", StandardOpenOption.TRUNCATE_EXISTING);
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 5_000));
        assertEquals("password=LONGER ONE", served(CFG));
        assertEquals("password=LONGER ONE".length(), cache.bytes());
    }

    @Test
    void aRemovedFileIsNotFoundAndForgotten() throws IOException {
        served(CFG);
        Files.delete(file);

        assertTrue(cache.find(area, CFG).isEmpty());
        assertEquals(0, cache.size());
        assertEquals(0, cache.bytes());
    }

    @Test
    void aKeptFileReplacedByALinkOutOfTheAreaIsNotServed() throws IOException {
        served(CFG);
        Path outside = Files.writeString(dir.resolve("outside.cfg"), "root:x:0:0");
        Files.delete(file);
        Files.createSymbolicLink(file, outside);

        assertTrue(cache.find(area, CFG).isEmpty());
        assertEquals(0, cache.size());
    }

    @Test
    void aKeptFileReplacedByADirectoryIsNotServed() throws IOException {
        served(CFG);
        Files.delete(file);
        Files.createDirectory(file);

        assertTrue(cache.find(area, CFG).isEmpty());
    }

    @Test
    void aFileReachedThroughALinkInsideIsServedFromDiskNotKept() throws IOException {
        Files.createSymbolicLink(area.resolve("Digium/in.cfg"), file);

        ServedFileCache.ServedFile found = cache.find(area, "/Digium/in.cfg").orElseThrow();
        assertEquals(file, found.path());
        assertTrue(found.content().isEmpty());
        assertEquals(0, cache.size());
    }

    @Test
    void aLargeFileIsServedFromDiskNotKept() throws IOException {
        Files.write(area.resolve("Digium/firmware.eff"), new byte[1025]);

        ServedFileCache.ServedFile found = cache.find(area, "/Digium/firmware.eff").orElseThrow();
        assertTrue(found.content().isEmpty());
        assertEquals(1025, found.size());
        assertEquals(0, cache.bytes());
    }

    @Test
    void theMemoryIsBounded() throws IOException {
        ServedFileCache small = new ServedFileCache(10_000, 1024);
        for (int i = 0; i < 100; i++) {
            Files.write(area.resolve("Digium/" + i + ".cfg"), new byte[1000]);
            assertTrue(small.find(area, "/Digium/" + i + ".cfg").orElseThrow().content().isPresent());
            assertTrue(small.bytes() <= 10_000, small.toString());
        }
        assertTrue(small.size() >= 9 && small.size() <= 10, small.toString());
    }

    @Test
    void atMostAnEighthOfTheHeapIsTaken() {
        long eighth = Runtime.getRuntime().maxMemory() / 8;
        assertEquals(eighth, new ServedFileCache(Long.MAX_VALUE).maxBytes());
        assertEquals(Math.min(eighth, 1 << 20), new ServedFileCache(1 << 20).maxBytes());
    }

    @Test
    void noMemoryKeepsNothing() {
        ServedFileCache none = new ServedFileCache(0, 1024);

        assertTrue(none.find(area, CFG).orElseThrow().content().isEmpty());
        assertEquals(0, none.size());
    }

    @Test
    void theContentCannotBeChangedByItsUser() {
        ByteBuffer content = cache.find(area, CFG).orElseThrow().content().orElseThrow();

        assertThrows(ReadOnlyBufferException.class, () -> content.put(0, (byte) 'X'));
        assertEquals("password=first", served(CFG));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/Digium/.000fd3054848.cfg.42.tmp", "/Digium/../Digium/000fd3054848.cfg", "/Digium",
            "/", "", "/Digium/missing.cfg", "/Digium\\000fd3054848.cfg"})
    void findsWhatServedFilesResolvesOnly(String requested) throws IOException {
        Files.writeString(area.resolve("Digium/.000fd3054848.cfg.42.tmp"), "password=first");
        assertEquals(ServedFiles.resolve(area, requested).isPresent(), cache.find(area, requested).isPresent());
        assertFalse(cache.find(area, requested).isPresent(), requested);
    }
}
