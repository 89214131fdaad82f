package provd.core.internal.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnreadableDocumentsTest {
    private static final byte[] VALID = "{\"id\": \"good\"}".getBytes(UTF_8);

    @TempDir
    Path dir;

    private Path devices() throws IOException {
        return Files.createDirectories(dir.resolve("devices"));
    }

    private Map<String, Map<String, Object>> load() throws IOException {
        try (JsonDocumentStore store = new JsonDocumentStore(dir, 1)) {
            return store.loadAll("devices");
        }
    }

    /** The files of corrupt/ named after {@code id}. */
    private List<Path> setAside(String id) throws IOException {
        Path corrupt = dir.resolve("corrupt");
        if (!Files.isDirectory(corrupt)) {
            return List.of();
        }
        try (var files = Files.list(corrupt)) {
            return files.filter(f -> f.getFileName().toString().matches("devices-" + id + "-\\d{8}T\\d{6}(-\\d+)?"))
                    .sorted().toList();
        }
    }

    @Test
    void unreadableDocumentsAreMovedAsideWithTheirBytes() throws IOException {
        Map<String, byte[]> unreadable = new LinkedHashMap<>();
        unreadable.put("empty", new byte[0]);
        unreadable.put("truncated", "{\"id\": \"truncated\", \"mac\": \"00:11".getBytes(UTF_8));
        unreadable.put("array", "[{\"id\": \"array\"}]".getBytes(UTF_8));
        unreadable.put("garbage", new byte[] {0, (byte) 0xff, (byte) 0xfe, 0x7b, 0x22, 1, 2, 3});
        unreadable.put("trailing", "{\"id\": \"trailing\"} {}".getBytes(UTF_8));
        unreadable.put("null", "null".getBytes(UTF_8));
        Path devices = devices();
        for (Map.Entry<String, byte[]> file : unreadable.entrySet()) {
            Files.write(devices.resolve(file.getKey()), file.getValue());
        }
        Files.write(devices.resolve("good"), VALID);

        assertEquals(Map.of("good", Map.of("id", "good")), load());

        for (Map.Entry<String, byte[]> file : unreadable.entrySet()) {
            List<Path> moved = setAside(file.getKey());
            assertEquals(1, moved.size(), file.getKey() + " set aside once: " + moved);
            assertArrayEquals(file.getValue(), Files.readAllBytes(moved.get(0)), file.getKey());
            assertFalse(Files.exists(devices.resolve(file.getKey())));
        }
        assertEquals(Map.of("good", Map.of("id", "good")), load());
    }

    @Test
    void setAsideNeverOverwritesAnEarlierOne() throws IOException {
        List<byte[]> versions = List.of("[1]".getBytes(UTF_8), "[2]".getBytes(UTF_8), "[3]".getBytes(UTF_8));
        for (byte[] version : versions) {
            Files.write(devices().resolve("bad"), version);
            assertEquals(Map.of(), load());
        }

        List<byte[]> kept = new ArrayList<>();
        for (Path moved : setAside("bad")) {
            kept.add(Files.readAllBytes(moved));
        }
        assertEquals(versions.size(), kept.size());
        assertEquals(Set.of("[1]", "[2]", "[3]"),
                Set.copyOf(kept.stream().map(bytes -> new String(bytes, UTF_8)).toList()));
    }

    @Test
    void leftoverTempFilesAndOtherDotFilesAreIgnoredAndOldTempFilesRemoved() throws IOException {
        Path devices = devices();
        Files.write(devices.resolve("good"), VALID);
        Path leftover = Files.writeString(devices.resolve(".good.tmp"), "{\"id\": \"go");
        Files.setLastModifiedTime(leftover, FileTime.from(Instant.now().minusSeconds(60)));
        Path hidden = Files.writeString(devices.resolve(".hidden"), "not a document");
        Files.createDirectory(devices.resolve("a-directory"));

        assertEquals(Map.of("good", Map.of("id", "good")), load());

        assertFalse(Files.exists(leftover));
        assertTrue(Files.exists(hidden));
        assertFalse(Files.exists(dir.resolve("corrupt")));
    }
}
