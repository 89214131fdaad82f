package provd.core.internal.store;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Kills (SIGKILL) a process writing documents, then checks that every acknowledged write survived intact. */
class StoreCrashTest {
    private static final int KILL_AFTER_ACKS = 2_000;
    private static final int GIVE_UP_SECONDS = 15;
    private static final int SIGKILL_EXIT_CODE = 128 + 9;

    @TempDir
    Path dir;

    /** The ACK lines read: how many, and the highest seq acknowledged for each id. */
    private record Acks(int count, Map<String, Long> highestSeq) {
    }

    @Test
    @Timeout(value = 40, unit = TimeUnit.SECONDS)
    void acknowledgedWritesSurviveAKill() throws Exception {
        Path storeDir = dir.resolve("store");
        Path childErrors = dir.resolve("child-stderr.txt");
        Process child = new ProcessBuilder(javaCommand(), "-cp", System.getProperty("java.class.path"),
                StoreCrashChild.class.getName(), storeDir.toString())
                .redirectError(childErrors.toFile())
                .start();
        // Whatever happens, the child dies: one too slow to reach KILL_AFTER_ACKS fails the test below.
        CompletableFuture.delayedExecutor(GIVE_UP_SECONDS, TimeUnit.SECONDS).execute(() -> kill(child));

        Acks acks = readAcksKillingAfter(child, KILL_AFTER_ACKS);
        int exitCode = child.waitFor();

        String diagnostics = " (exit code " + exitCode + ", child stderr: " + Files.readString(childErrors) + ")";
        assertTrue(acks.count() >= KILL_AFTER_ACKS, "only " + acks.count() + " writes acknowledged" + diagnostics);
        assertEquals(SIGKILL_EXIT_CODE, exitCode, "the child must die of the SIGKILL" + diagnostics);

        Map<String, Map<String, Object>> loaded;
        try (JsonDocumentStore reopened = new JsonDocumentStore(storeDir, 1)) {
            loaded = reopened.loadAll(StoreCrashChild.COLLECTION);
        }
        acks.highestSeq().forEach((id, seq) -> {
            Map<String, Object> document = loaded.get(id);
            assertNotNull(document, "acknowledged document lost: " + id);
            long loadedSeq = ((Number) document.get("seq")).longValue();
            assertTrue(loadedSeq >= seq, id + " went back from seq " + seq + " to " + loadedSeq);
        });
        loaded.forEach((id, document) -> {
            assertEquals(id, document.get("id"));
            long seq = ((Number) document.get("seq")).longValue();
            assertEquals(StoreCrashChild.payload(id, seq), document.get("payload"), "payload of " + id);
        });
        Path corrupt = storeDir.resolve(JsonDocumentStore.CORRUPT);
        if (Files.exists(corrupt)) {
            try (var setAside = Files.list(corrupt)) {
                assertEquals(List.of(), setAside.toList());
            }
        }
    }

    private static String javaCommand() {
        return ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** SIGKILL through the handle: Process.destroyForcibly would also close our end of the child's stdout. */
    private static void kill(Process child) {
        child.toHandle().destroyForcibly();
    }

    /**
     * Reads the child's ACK lines until it dies, killing it after {@code killAfter} of them; the lines it printed
     * before dying are still read. A line cut by the kill (no newline) does not count.
     */
    private static Acks readAcksKillingAfter(Process child, int killAfter) throws IOException {
        Map<String, Long> highestSeq = new HashMap<>();
        int count = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), US_ASCII))) {
            StringBuilder line = new StringBuilder();
            for (int c = out.read(); c != -1; c = out.read()) {
                if (c != '\n') {
                    line.append((char) c);
                    continue;
                }
                String[] ack = line.toString().split(" ");
                line.setLength(0);
                assertTrue(ack.length == 3 && ack[0].equals("ACK"), "unexpected line: " + String.join(" ", ack));
                highestSeq.merge(ack[1], Long.parseLong(ack[2]), Math::max);
                if (++count == killAfter) {
                    kill(child);
                }
            }
        }
        return new Acks(count, highestSeq);
    }
}
