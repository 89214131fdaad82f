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
}
