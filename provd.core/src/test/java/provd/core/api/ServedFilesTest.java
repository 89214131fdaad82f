package provd.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServedFilesTest {
    @TempDir
    Path dir;
    private Path area;

    @BeforeEach
    void setUp() throws IOException {
        area = Files.createDirectories(dir.resolve("area")).toRealPath();
        Files.createDirectories(area.resolve("Digium/.cache"));
        Files.writeString(area.resolve("Digium/000fd3054848.cfg"), "password=secret");
        // what a write in progress, or one a crash cut short, leaves beside its target
        Files.writeString(area.resolve("Digium/.000fd3054848.cfg.42.tmp"), "password=secret");
        Files.writeString(area.resolve("Digium/.firmware.eff.fetchfw-tmp"), "half a firmware");
        Files.writeString(area.resolve("Digium/.cache/x.cfg"), "x");
    }

    @Test
    void servesAPhonesFile() throws IOException {
        assertEquals(Optional.of(area.resolve("Digium/000fd3054848.cfg").toRealPath()),
                ServedFiles.resolve(area, "/Digium/000fd3054848.cfg"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/Digium/.000fd3054848.cfg.42.tmp", "Digium/.firmware.eff.fetchfw-tmp",
            "/Digium/.cache/x.cfg", "/Digium/../Digium/000fd3054848.cfg", "/Digium/./000fd3054848.cfg",
            "/Digium//000fd3054848.cfg", "/Digium", "/", ""})
    void servesNoHiddenFileAndNoOtherThanAPlainPath(String requested) {
        assertTrue(ServedFiles.resolve(area, requested).isEmpty(), requested);
    }

    @Test
    void followsALinkOnlyToAFileInsideTheArea() throws IOException {
        Path outside = Files.writeString(dir.resolve("outside.cfg"), "root:x:0:0");
        Files.createSymbolicLink(area.resolve("Digium/out.cfg"), outside);
        Files.createSymbolicLink(area.resolve("Digium/in.cfg"), area.resolve("Digium/000fd3054848.cfg"));

        assertTrue(ServedFiles.resolve(area, "/Digium/out.cfg").isEmpty());
        assertEquals(Optional.of(area.resolve("Digium/000fd3054848.cfg")), ServedFiles.resolve(area, "/Digium/in.cfg"));
    }

    @Test
    void followsALinkedDirectoryOnlyInsideTheArea() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("elsewhere"));
        Files.writeString(outside.resolve("000fd3054848.cfg"), "secret of another area");
        Files.createSymbolicLink(area.resolve("Out"), outside);
        Files.createSymbolicLink(area.resolve("Alias"), area.resolve("Digium"));

        assertTrue(ServedFiles.resolve(area, "/Out/000fd3054848.cfg").isEmpty());
        assertEquals(Optional.of(area.resolve("Digium/000fd3054848.cfg")),
                ServedFiles.resolve(area, "/Alias/000fd3054848.cfg"));
    }

    @Test
    void servesNoDirectoryAndNoMissingFile() {
        assertTrue(ServedFiles.resolve(area, "/Digium/").isEmpty());
        assertTrue(ServedFiles.resolve(area, "/Digium/000fd3000000.cfg").isEmpty());
        assertTrue(ServedFiles.resolve(area, "/Nothing/000fd3054848.cfg").isEmpty());
    }
}
