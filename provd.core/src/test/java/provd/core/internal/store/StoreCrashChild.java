package provd.core.internal.store;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The process {@link StoreCrashTest} kills: writes documents from {@value #THREADS} threads until killed, printing
 * {@code ACK <id> <seq>} once each write is durable. Each thread writes documents of its own and, every
 * {@value #SHARED_EVERY} writes, rewrites one of {@value #SHARED_IDS} shared documents with a higher seq.
 */
final class StoreCrashChild {
    static final String COLLECTION = "devices";
    private static final int THREADS = 4;
    private static final int SHARED_IDS = 3;
    private static final int SHARED_EVERY = 5;
    private static final int PAYLOAD_LENGTH = 300;

    /** Guards sharedSeq, so that the puts of a shared document are called in seq order. */
    private final Object sharedLock = new Object();
    private long sharedSeq;
    private final JsonDocumentStore store;

    private StoreCrashChild(JsonDocumentStore store) {
        this.store = store;
    }

    /** The payload of a document: derived from its id and seq, so that a torn or mixed document shows. */
    static String payload(String id, long seq) {
        String unit = id + ":" + seq + ";";
        return unit.repeat(PAYLOAD_LENGTH / unit.length() + 1).substring(0, PAYLOAD_LENGTH);
    }

    public static void main(String[] args) {
        StoreCrashChild child = new StoreCrashChild(new JsonDocumentStore(Path.of(args[0]), THREADS));
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            new Thread(() -> child.writeForever(thread), "crash-writer-" + t).start();
        }
    }

    private void writeForever(int thread) {
        for (long n = 1; ; n++) {
            String id;
            long seq;
            CompletionStage<Void> written;
            if (n % SHARED_EVERY == 0) {
                id = "shared-" + (n / SHARED_EVERY % SHARED_IDS);
                synchronized (sharedLock) {
                    seq = ++sharedSeq;
                    written = put(id, seq);
                }
            } else {
                id = "t" + thread + "-" + n;
                seq = n;
                written = put(id, seq);
            }
            written.toCompletableFuture().join();
            System.out.println("ACK " + id + " " + seq);
            System.out.flush();
        }
    }

    private CompletionStage<Void> put(String id, long seq) {
        return store.put(COLLECTION, id, Map.of("id", id, "seq", seq, "payload", payload(id, seq)));
    }
}
