package provd.core.internal.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import provd.core.store.DocumentStore;

class JsonDocumentStoreTest {
    private static final String DEVICES = DocumentStore.DEVICES;

    @TempDir
    Path dir;
    private JsonDocumentStore store;

    @BeforeEach
    void open() {
        store = new JsonDocumentStore(dir, 4);
    }

    @AfterEach
    void close() {
        store.close();
    }

    static void await(CompletionStage<?> stage) throws Exception {
        stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** What a fresh store reads from the directory. */
    private Map<String, Map<String, Object>> reload(String collection) throws IOException {
        try (JsonDocumentStore fresh = new JsonDocumentStore(dir, 1)) {
            return fresh.loadAll(collection);
        }
    }

    private static Map<String, Object> doc(Object... keysAndValues) {
        Map<String, Object> doc = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            doc.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return doc;
    }

    @Test
    void roundTripKeepsJsonTypes() throws Exception {
        Map<String, Object> nested = doc("list", new ArrayList<>(Arrays.asList(1, "two", null, false)),
                "inner", doc("deep", doc("x", 1.25)));
        Map<String, Object> original = doc("id", "abc", "int", 42, "long", 1L << 40,
                "big", BigInteger.TWO.pow(70), "double", 0.5, "true", true, "false", false, "null", null,
                "text", "Ünïcödé 電話 ☎", "nested", nested);

        await(store.put(DEVICES, "abc", original));
        Map<String, Object> loaded = reload(DEVICES).get("abc");

        assertEquals(original, loaded);
        assertInstanceOf(LinkedHashMap.class, loaded);
        assertEquals(List.copyOf(original.keySet()), List.copyOf(loaded.keySet()));
        assertInstanceOf(Integer.class, loaded.get("int"));
        assertInstanceOf(Long.class, loaded.get("long"));
        assertInstanceOf(BigInteger.class, loaded.get("big"));
        assertInstanceOf(Double.class, loaded.get("double"));
        Map<?, ?> loadedNested = (Map<?, ?>) loaded.get("nested");
        assertInstanceOf(LinkedHashMap.class, loadedNested);
        assertInstanceOf(ArrayList.class, loadedNested.get("list"));
    }

    @Test
    void storesCompactJsonInOneFilePerDocument() throws Exception {
        await(store.put(DEVICES, "abc", doc("id", "abc", "mac", "00:11:22:33:44:55", "é", 1)));

        assertEquals("{\"id\":\"abc\",\"mac\":\"00:11:22:33:44:55\",\"é\":1}",
                Files.readString(dir.resolve("devices").resolve("abc"), UTF_8));
        try (var files = Files.list(dir.resolve("devices"))) {
            assertEquals(List.of("abc"), files.map(f -> f.getFileName().toString()).toList());
        }
        assertEquals(PosixFilePermissions.fromString("rw-------"),
                Files.getPosixFilePermissions(dir.resolve("devices").resolve("abc")), "documents hold passwords");
    }

    @Test
    void loadsAFileWrittenByWazo() throws Exception {
        Path configs = Files.createDirectories(dir.resolve("configs"));
        // As Python's json.dump writes it.
        Files.writeString(configs.resolve("abc"),
                "{\"id\": \"abc\", \"mac\": \"00:11:22:33:44:55\", \"added\": \"auto\"}");

        assertEquals(Map.of("abc", doc("id", "abc", "mac", "00:11:22:33:44:55", "added", "auto")),
                store.loadAll("configs"));
    }

    @Test
    void replaceDeleteAndDeleteAbsent() throws Exception {
        await(store.put(DEVICES, "a", doc("v", 1)));
        await(store.put(DEVICES, "b", doc("v", 1)));
        await(store.put(DEVICES, "a", doc("v", 2)));
        await(store.delete(DEVICES, "b"));
        await(store.delete(DEVICES, "never-written"));
        await(store.delete("configs", "in-a-collection-never-written"));

        assertEquals(Map.of("a", doc("v", 2)), reload(DEVICES));
        assertEquals(Map.of(), reload("configs"));
    }

    @Test
    void missingCollectionLoadsEmptyAndIsCreated() throws IOException {
        assertEquals(Map.of(), store.loadAll("configs"));
        assertTrue(Files.isDirectory(dir.resolve("configs")));
    }

    static Stream<String> invalidNames() {
        return Stream.of("../x", "", "a/b", ".hidden", "-dash", "x".repeat(129));
    }

    @ParameterizedTest
    @MethodSource("invalidNames")
    void rejectsInvalidIdsAndCollections(String invalid) {
        assertThrows(IllegalArgumentException.class, () -> store.put(DEVICES, invalid, doc()));
        assertThrows(IllegalArgumentException.class, () -> store.delete(DEVICES, invalid));
        assertThrows(IllegalArgumentException.class, () -> store.put(invalid, "id", doc()));
        assertThrows(IllegalArgumentException.class, () -> store.loadAll(invalid));
    }

    @Test
    void rejectsNullIdAndTheCorruptDirectoryAsCollection() {
        assertThrows(IllegalArgumentException.class, () -> store.put(DEVICES, null, doc()));
        assertThrows(IllegalArgumentException.class, () -> store.put(JsonDocumentStore.CORRUPT, "id", doc()));
    }

    @Test
    void writesOfOneDocumentTakeEffectInCallOrder() throws Exception {
        List<CompletionStage<Void>> stages = new ArrayList<>();
        for (int version = 1; version <= 10_000; version++) {
            stages.add(store.put(DEVICES, "same", doc("id", "same", "version", version)));
        }
        await(store.flush());

        for (CompletionStage<Void> stage : stages) {
            assertTrue(stage.toCompletableFuture().isDone());
        }
        assertEquals(doc("id", "same", "version", 10_000), reload(DEVICES).get("same"));
    }

    @Test
    void putsAndDeletesOfOneDocumentInterleaveInCallOrder() throws Exception {
        for (int round = 0; round < 200; round++) {
            store.put(DEVICES, "kept", doc("round", round));
            store.delete(DEVICES, "kept");
            store.put(DEVICES, "kept", doc("round", round));
            store.put(DEVICES, "gone", doc("round", round));
            store.delete(DEVICES, "gone");
        }
        await(store.flush());

        assertEquals(Map.of("kept", doc("round", 199)), reload(DEVICES));
    }

    @Test
    void concurrentPutsOfDistinctDocuments() throws Exception {
        int threads = 8;
        int perThread = 250;
        ExecutorService callers = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> submitted = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                submitted.add(callers.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        String id = "t" + thread + "-" + i;
                        store.put(DEVICES, id, doc("id", id));
                    }
                }));
            }
            for (Future<?> caller : submitted) {
                caller.get(30, TimeUnit.SECONDS);
            }
        } finally {
            callers.shutdown();
        }
        await(store.flush());

        Map<String, Map<String, Object>> loaded = reload(DEVICES);
        assertEquals(threads * perThread, loaded.size());
        loaded.forEach((id, document) -> assertEquals(doc("id", id), document));
    }

    @Test
    void writesArrivingTogetherShareTheirDirectorySyncs() throws Exception {
        int writes = 400;
        List<CompletionStage<Void>> puts = new ArrayList<>();
        for (int i = 0; i < writes; i++) {
            puts.add(store.put(DEVICES, "d" + i, doc("id", "d" + i)));
        }
        for (CompletionStage<Void> put : puts) {
            await(put);
        }
        long syncs = store.figures().get("directory_syncs_total");
        assertTrue(syncs <= writes / 2, syncs + " directory syncs for " + writes + " writes");
        assertEquals(writes, reload(DEVICES).size());
        assertEquals(writes, store.figures().get("document_writes_total"));
        assertEquals(0, store.figures().get("writes_pending"));
    }

    @Test
    void aLoneWriteIsSyncedAtOnceEachTime() throws Exception {
        for (int i = 0; i < 5; i++) {
            await(store.put(DEVICES, "a", doc("v", i)));
        }
        assertEquals(Map.of("document_writes_total", 5L, "write_failures_total", 0L, "directory_syncs_total", 5L,
                "writes_pending", 0L), store.figures());
    }

    @Test
    void aFailedWriteHoldsBackNoneOfTheWritesThatWouldShareItsSync() throws Exception {
        await(store.put(DEVICES, "first", doc("v", 0)));
        // a directory where a document should be: its write fails at the rename
        Files.createDirectories(dir.resolve(DEVICES).resolve("bad").resolve("inside"));
        List<CompletionStage<Void>> puts = new ArrayList<>();
        List<CompletionStage<Void>> bad = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            puts.add(store.put(DEVICES, "d" + i, doc("id", "d" + i)));
            if (i % 10 == 5) {
                bad.add(store.put(DEVICES, "bad", doc("v", i)));
            }
        }
        for (CompletionStage<Void> failed : bad) {
            assertThrows(ExecutionException.class, () -> await(failed));
        }
        for (CompletionStage<Void> put : puts) {
            await(put);
        }
        assertEquals(41, reload(DEVICES).size());
        // the four writes of "bad" are one or more failed writes, as they overtook each other
        long failures = store.figures().get("write_failures_total");
        assertTrue(failures >= 1 && failures <= bad.size(), failures + " failed writes");
    }

    @Test
    void documentChangedAfterPutIsStoredAsItWasAtTheCall() throws Exception {
        Map<String, Object> document = doc("v", 1);
        CompletionStage<Void> put = store.put(DEVICES, "a", document);
        document.put("v", 2);
        await(put);

        assertEquals(doc("v", 1), reload(DEVICES).get("a"));
    }

    @Test
    void aFailedWriteCompletesExceptionallyWithTheIOException() throws Exception {
        Files.writeString(dir.resolve("configs"), "a file where the collection directory should be");

        ExecutionException failure = assertThrows(ExecutionException.class,
                () -> await(store.put("configs", "a", doc("v", 1))));
        assertInstanceOf(IOException.class, failure.getCause());
        assertThrows(ExecutionException.class, () -> await(store.delete("configs", "a")));
        assertThrows(IOException.class, () -> store.loadAll("configs"));
        // The other collections are not affected.
        await(store.put(DEVICES, "a", doc("v", 1)));
    }

    @Test
    void aFailedWriteIsTheStoresProblemUntilAWriteSucceeds() throws Exception {
        assertEquals(Optional.empty(), store.problem());
        Files.writeString(dir.resolve("configs"), "a file where the collection directory should be");

        assertThrows(ExecutionException.class, () -> await(store.put("configs", "a", doc("v", 1))));
        // recorded before the caller learns of the failure
        assertTrue(store.problem().filter(p -> p.startsWith("the last write failed")).isPresent(),
                store.problem().toString());
        await(store.put(DEVICES, "a", doc("v", 1)));
        assertEquals(Optional.empty(), store.problem());
    }

    @Test
    void closeWaitsForPendingWritesThenRefusesNewOnes() throws Exception {
        for (int i = 0; i < 500; i++) {
            store.put(DEVICES, "d" + i, doc("i", i));
        }
        store.close();

        assertEquals(500, reload(DEVICES).size());
        assertThrows(IllegalStateException.class, () -> store.put(DEVICES, "late", doc()));
        store.close();
    }

    @Test
    void flushWithNothingPendingCompletes() throws Exception {
        await(store.flush());
        assertFalse(Files.exists(dir.resolve("corrupt")));
    }
}
