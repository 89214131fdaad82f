package provd.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class DocumentIdsTest {
    private final DocumentIds ids = new DocumentIds();

    @Test
    void anIdIsAVersion4UuidIn32HexCharacters() {
        String id = ids.next();

        assertTrue(id.matches("[0-9a-f]{32}"), id);
        UUID uuid = UUID.fromString(id.replaceFirst("(.{8})(.{4})(.{4})(.{4})(.{12})", "$1-$2-$3-$4-$5"));
        assertEquals(4, uuid.version());
        assertEquals(2, uuid.variant());
    }

    @Test
    void idsFromManyThreadsAreAllDistinct() {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        IntStream.range(0, 200_000).parallel().forEach(i -> seen.add(ids.next()));

        assertEquals(200_000, seen.size());
    }
}
