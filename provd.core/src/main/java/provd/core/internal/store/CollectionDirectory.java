package provd.core.internal.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import provd.core.internal.DurableFiles;

/**
 * The directory of one collection: created on first use, and synced by group commit. A write of the collection is
 * {@linkplain #writeStarting announced} before it touches the directory and {@linkplain #writeDone registered} once
 * its rename or unlink is made; one directory sync then covers every write registered before it started.
 *
 * <p>A directory sync waits for the collection's writes still under way, so that they share it, up to
 * {@code batchLimit} writes waiting: a lone write is synced at once, and writes arriving together cost one sync instead
 * of one each (in a boot storm, a directory sync per write doubled the store's syncs).
 */
final class CollectionDirectory {
    private final String name;
    private final Path path;
    private final int batchLimit;

    // Guarded by this.
    private boolean created;
    private int writesUnderWay;
    private List<CompletableFuture<Void>> unsynced = new ArrayList<>();
    private boolean syncing;
    private long syncs;

    /** @param batchLimit the registered writes that are synced without waiting for the writes under way */
    CollectionDirectory(String name, Path path, int batchLimit) {
        this.name = name;
        this.path = path;
        this.batchLimit = batchLimit;
    }

    String name() {
        return name;
    }

    Path path() {
        return path;
    }

    Path file(String id) {
        return path.resolve(id);
    }

    synchronized void ensureCreated() throws IOException {
        if (!created) {
            DurableFiles.createDirectories(path);
            created = true;
        }
    }

    /** A write of the collection begins; it must end with {@link #writeDone}, whatever happens. */
    synchronized void writeStarting() {
        writesUnderWay++;
    }

    /**
     * A write of the collection ended: {@code done}, to be completed by the next directory sync to start, is registered
     * after the rename or unlink it covers; null when the write failed.
     *
     * @return true when the caller must now {@link #syncPending} (on its own thread, which saves queueing a task behind
     *         the pending writes)
     */
    synchronized boolean writeDone(CompletableFuture<Void> done) {
        writesUnderWay--;
        if (done != null) {
            unsynced.add(done);
        }
        return claimSync();
    }

    /** Whether a sync is due and nobody runs one: then the caller runs it. Under the lock. */
    private boolean claimSync() {
        if (syncing || unsynced.isEmpty() || writesUnderWay > 0 && unsynced.size() < batchLimit) {
            return false;
        }
        syncing = true;
        return true;
    }

    /** Syncs the directory until no registered write is due, completing each covered future. */
    void syncPending() {
        while (true) {
            List<CompletableFuture<Void>> batch;
            synchronized (this) {
                batch = unsynced;
                unsynced = new ArrayList<>();
                syncs++;
            }
            Throwable failure = null;
            try {
                DurableFiles.syncDirectory(path);
            } catch (IOException | RuntimeException e) {
                failure = e;
            }
            for (CompletableFuture<Void> done : batch) {
                if (failure == null) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(failure);
                }
            }
            synchronized (this) {
                syncing = false;
                if (!claimSync()) {
                    return;
                }
            }
        }
    }

    /** The directory syncs so far. */
    synchronized long syncs() {
        return syncs;
    }
}
