package provd.fetchfw.internal.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

class PackageAreaTest {
    @TempDir
    Path dir;
    private PackageArea area;

    @BeforeEach
    void setUp() {
        area = new PackageArea(dir.resolve("plugins/test-1.0"), new ObjectMapper());
    }

    @Test
    void putsTheResultsFilesIntoTheAreaAndRecordsThem() throws IOException {
        Path result = result("v1", Map.of("firmware/a.eff", "a1", "firmware/sub/b.eff", "b1", "c.txt", "c1"));
        InstalledPackage installed = area.put("firmware", "1.0", result, null, Map.of());

        assertEquals(List.of("c.txt", "firmware/a.eff", "firmware/sub/b.eff"), installed.files());
        assertEquals("a1", Files.readString(area.files().resolve("firmware/a.eff")));
        assertEquals(Map.of("firmware", installed), area.installed());
        assertFalse(Files.exists(dir.resolve("plugins/test-1.0/var/tftpboot/packages")),
                "records are kept beside the area, never served");
        assertEquals(List.of(), temporaries());
    }

    @Test
    void anUpgradeReplacesTheFilesAndRemovesTheOnesTheNewVersionLacks() throws IOException {
        InstalledPackage v1 = area.put("firmware", "1.0",
                result("v1", Map.of("firmware/a.eff", "a1", "firmware/old/b.eff", "b1")), null, Map.of());
        InstalledPackage v2 = area.put("firmware", "2.0",
                result("v2", Map.of("firmware/a.eff", "a2", "firmware/new.eff", "n2")), v1, Map.of());

        assertEquals("a2", Files.readString(area.files().resolve("firmware/a.eff")));
        assertTrue(Files.exists(area.files().resolve("firmware/new.eff")));
        assertFalse(Files.exists(area.files().resolve("firmware/old")), "the directory only v1 used");
        assertEquals("2.0", area.installed().get("firmware").version());
        assertEquals(List.of("firmware/a.eff", "firmware/new.eff"), v2.files());
    }

    @Test
    void aFileOfAnotherPackageIsNotOverwritten() throws IOException {
        InstalledPackage language = area.put("lang", "1", result("lang", Map.of("shared.xml", "lang")), null,
                Map.of());
        FileAlreadyExistsException refused = assertThrows(FileAlreadyExistsException.class, () -> area.put(
                "firmware", "1", result("fw", Map.of("shared.xml", "fw", "fw.eff", "x")), null,
                Map.of("shared.xml", language.id())));

        assertTrue(refused.getReason().contains("lang"), refused.getReason());
        assertEquals("lang", Files.readString(area.files().resolve("shared.xml")));
        assertFalse(Files.exists(area.files().resolve("fw.eff")), "nothing of the refused package");
        assertEquals(List.of("lang"), List.copyOf(area.installed().keySet()));
    }

    @Test
    void removeDeletesExactlyThePackagesFilesAndTheDirectoriesItEmptied() throws IOException {
        InstalledPackage installed = area.put("firmware", "1.0",
                result("v1", Map.of("Digium/firmware/d40.eff", "x", "Digium/firmware/d50.eff", "y")), null,
                Map.of());
        Path device = Files.writeString(area.files().resolve("Digium/000fd3054848.cfg"), "the phone's own");

        area.remove(installed);

        assertTrue(Files.exists(device));
        assertFalse(Files.exists(area.files().resolve("Digium/firmware")));
        assertEquals(Map.of(), area.installed());
    }

    @Test
    void aResultHoldingALinkIsRefusedBeforeAnythingIsCopied() throws IOException {
        Path result = result("links", Map.of("a.eff", "a"));
        Files.createSymbolicLink(result.resolve("passwd"), Path.of("/etc/passwd"));

        assertThrows(IOException.class, () -> area.put("firmware", "1", result, null, Map.of()));
        assertFalse(Files.exists(area.files().resolve("a.eff")));
    }

    private Path result(String name, Map<String, String> files) throws IOException {
        Path root = Files.createDirectories(dir.resolve("results").resolve(name));
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = root.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }
        return root;
    }

    private List<Path> temporaries() throws IOException {
        try (Stream<Path> walk = Files.walk(dir.resolve("plugins"))) {
            return walk.filter(p -> p.getFileName().toString().endsWith(".fetchfw-tmp")).toList();
        }
    }
}
