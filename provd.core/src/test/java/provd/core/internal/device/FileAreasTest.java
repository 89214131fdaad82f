package provd.core.internal.device;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileAreasTest {
    @TempDir
    Path data;

    private FileAreas areas() {
        return new FileAreas(data);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/etc/passwd", "../x", "a/../../x", "a/../b", "a//b", "a\\b", "a\u0000b", "./a",
            "a/.", "a/", ".."})
    void rejectsAnythingButAPlainRelativePath(String path) {
        assertEquals(Optional.empty(), areas().resolve("digium-2.8.1", path));
    }

    @Test
    void resolvesAPlainPathInsideThePluginsArea() {
        Path root = data.toAbsolutePath().resolve("plugins/digium-2.8.1/var/tftpboot");

        assertEquals(root, areas().root("digium-2.8.1"));
        assertEquals(Optional.of(root.resolve("Digium/000fd3054848.cfg")),
                areas().resolve("digium-2.8.1", "Digium/000fd3054848.cfg"));
    }

    @Test
    void temporaryFilesLeftByInterruptedWritesAreRemovedButNotWritesUnderWayNorOtherFiles() throws Exception {
        Path root = Files.createDirectories(areas().root("acme-1.0").resolve("Acme"));
        FileTime old = FileTime.fromMillis(1_000);
        Path leftover = touch(root.resolve(".a.cfg.42.tmp"), old);
        Path nested = touch(Files.createDirectories(root.resolve("deep/er")).resolve(".b.cfg.7.tmp"), old);
        Path underWay = Files.writeString(root.resolve(".c.cfg.43.tmp"), "now");
        Path phoneFile = touch(root.resolve("a.cfg"), old);
        Path hidden = touch(root.resolve(".profile"), old);
        Path namedLikeOne = touch(root.resolve("a.cfg.42.tmp"), old);
        Path outside = touch(Files.createDirectories(data.resolve("outside")).resolve(".x.cfg.1.tmp"), old);
        Files.createSymbolicLink(root.resolve("link"), outside.getParent());

        int removed = areas().removeLeftovers(Instant.ofEpochSecond(60));

        assertEquals(2, removed);
        assertFalse(Files.exists(leftover));
        assertFalse(Files.exists(nested));
        for (Path kept : List.of(underWay, phoneFile, hidden, namedLikeOne, outside)) {
            assertTrue(Files.exists(kept), kept + " is kept");
        }
    }

    @Test
    void noPluginsDirectoryHasNoLeftovers() throws Exception {
        assertEquals(0, areas().removeLeftovers(Instant.now()));
    }

    private static Path touch(Path file, FileTime modified) throws Exception {
        Files.writeString(file, "x");
        Files.setLastModifiedTime(file, modified);
        return file;
    }

    @Test
    void aPluginDirectoryIsRemovedWholeWithoutFollowingLinks() throws Exception {
        Path outside = Files.writeString(Files.createDirectories(data.resolve("outside")).resolve("keep.txt"), "kept");
        Path root = areas().root("acme-1.0");
        Files.createDirectories(root.resolve("Acme"));
        Files.writeString(root.resolve("Acme/a.cfg"), "a");
        Files.createSymbolicLink(root.resolve("link"), outside.getParent());
        Files.writeString(data.resolve("plugins/acme-1.0/other"), "b");
        Files.createDirectories(areas().root("other-1.0"));

        assertTrue(areas().removePluginDirectory("acme-1.0"));

        assertFalse(Files.exists(data.resolve("plugins/acme-1.0")));
        assertEquals("kept", Files.readString(outside), "a link is not followed");
        assertTrue(Files.isDirectory(areas().root("other-1.0")), "another plugin's directory stays");
        assertFalse(areas().removePluginDirectory("acme-1.0"), "nothing left to remove");
        assertThrows(IllegalArgumentException.class, () -> areas().removePluginDirectory(".."));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "", "a/b", ".x"})
    void rootRejectsAnInvalidPluginId(String pluginId) {
        assertThrows(IllegalArgumentException.class, () -> areas().root(pluginId));
        assertThrows(IllegalArgumentException.class, () -> areas().resolve(pluginId, "file.cfg"));
    }

    @Test
    void writeCreatesDirectoriesAndReplacesContentLeavingNoTemporaryFile() throws Exception {
        Path file = areas().resolve("p", "Test/a.cfg").orElseThrow();

        FileAreas.write(file, "one".getBytes(UTF_8));
        FileAreas.write(file, "two".getBytes(UTF_8));

        assertEquals("two", Files.readString(file));
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void unchangedContentIsNotRewritten() throws Exception {
        Path file = areas().resolve("p", "a.cfg").orElseThrow();
        FileAreas.write(file, "same".getBytes(UTF_8));
        FileTime old = FileTime.fromMillis(0);
        Files.setLastModifiedTime(file, old);

        FileAreas.write(file, "same".getBytes(UTF_8));

        assertEquals(old, Files.getLastModifiedTime(file));
    }

    @Test
    void anEmptyFileIsCreatedThenNotRewritten() throws Exception {
        Path file = areas().resolve("p", "empty.cfg").orElseThrow();
        FileAreas.write(file, new byte[0]);
        assertTrue(Files.isRegularFile(file));
        FileTime old = FileTime.fromMillis(0);
        Files.setLastModifiedTime(file, old);

        FileAreas.write(file, new byte[0]);

        assertEquals(old, Files.getLastModifiedTime(file));
        assertEquals(0, Files.size(file));
    }

    @Test
    void deleteOfAMissingFileSucceeds() throws Exception {
        Path file = areas().resolve("p", "a.cfg").orElseThrow();
        FileAreas.write(file, new byte[] {1});

        FileAreas.delete(file);
        FileAreas.delete(file);

        assertFalse(Files.exists(file));
    }

    @Test
    void generatedFilesAreReadableByTheirOwnerOnly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("Test/000fd3054848.cfg");
        FileAreas.write(file, "password=secret".getBytes(UTF_8));
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));
        assertEquals("password=secret", Files.readString(file));
    }
}
