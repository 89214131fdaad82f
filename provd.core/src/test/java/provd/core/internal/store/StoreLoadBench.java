package provd.core.internal.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Times {@link JsonDocumentStore#loadAll} on a collection of small documents. Arguments: the number of documents
 * (default 100000) and the store directory (default: a new temporary directory, deleted afterwards). Documents
 * already in the given directory are reused: a second run measures loading files that are no longer being written
 * back to disk, in a fresh JVM, as at a server start.
 */
final class StoreLoadBench {
    private static final String COLLECTION = "devices";
    private static final int RUNS = 3;

    public static void main(String[] args) throws IOException {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        boolean temporary = args.length < 2;
        Path dir = temporary ? Files.createTempDirectory("provd-store-bench") : Path.of(args[1]);
        try {
            Path collection = dir.resolve(COLLECTION);
            if (Files.isDirectory(collection)) {
                System.out.println("reusing the documents of " + collection);
            } else {
                long bytes = writeDocuments(collection, count);
                System.out.printf("wrote %d documents, %d bytes each on average%n", count, bytes / count);
            }
            for (int run = 1; run <= RUNS; run++) {
                try (JsonDocumentStore store = new JsonDocumentStore(dir, 1)) {
                    Duration cpuBefore = processCpuTime();
                    long start = System.nanoTime();
                    int loaded = store.loadAll(COLLECTION).size();
                    long millis = (System.nanoTime() - start) / 1_000_000;
                    System.out.printf("run %d: loadAll read %d documents in %d ms (process CPU time %d ms)%n", run,
                            loaded, millis, processCpuTime().minus(cpuBefore).toMillis());
                }
            }
        } finally {
            if (temporary) {
                deleteRecursively(dir);
            }
        }
    }

    /** CPU time of every thread of this JVM (JIT and GC included): what loading costs when other processes compete. */
    private static Duration processCpuTime() {
        return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /**
     * Writes the documents directly in the store's layout: going through {@link JsonDocumentStore#put} would sync
     * each one, which is slow and not what is measured.
     */
    private static long writeDocuments(Path collection, int count) throws IOException {
        Files.createDirectories(collection);
        ObjectMapper mapper = new ObjectMapper();
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            String id = String.format("%032x", i * 2654435761L);
            byte[] json = mapper.writeValueAsBytes(device(id, i));
            Files.write(collection.resolve(id), json);
            bytes += json.length;
        }
        return bytes;
    }

    /** A device document of wazo-provd's shape, about 400 bytes. */
    private static Map<String, Object> device(String id, int i) {
        Map<String, Object> device = new LinkedHashMap<>();
        device.put("id", id);
        device.put("mac", String.format("00:11:%02x:%02x:%02x:%02x",
                i >> 24 & 0xff, i >> 16 & 0xff, i >> 8 & 0xff, i & 0xff));
        device.put("ip", "10.0." + (i >> 8 & 0xff) + "." + (i & 0xff));
        device.put("vendor", "Digium");
        device.put("model", "D65");
        device.put("version", "2.8.1");
        device.put("plugin", "digium-2.8.1");
        device.put("config", "autoprov" + i);
        device.put("configured", true);
        device.put("added", "auto");
        device.put("description", "Reception desk phone number " + i + ", second floor");
        device.put("options", Map.of("switchboard", false, "sip_lines", Map.of("1", Map.of("number", 1000 + i))));
        device.put("remote_state_sip_username", "user" + i + "secretpart");
        device.put("is_new", false);
        device.put("tenant_uuid", "2f1cbe3e-7d4a-4c7b-9d3e-1a2b3c4d5e6f");
        return device;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(file);
            }
        }
    }
}
