package provd.core.internal.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import provd.core.internal.DurableFiles;

/**
 * The directory of one collection: created on first use, and synced by group commit. Each write that renamed or
 * unlinked a file in it {@linkplain #awaitSync registers} its future; one directory sync covers every write registered
 * before it started, so concurrent writes share a sync instead of queueing one each.
 */
final class CollectionDirectory {
    private final String name;
    private final Path path;

    // Guarded by this.
    private boolean created;
    private List<CompletableFuture<Void>> unsynced = new ArrayList<>();
    private boolean syncing;

    CollectionDirectory(String name, Path path) {
        this.name = name;
        this.path = path;
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

    /**
     * Registers {@code done}, to be completed by the next directory sync to start. Must be called after the rename or
     * unlink it covers.
     *
     * @return true when no sync is running: the caller must then {@link #syncPending} (on its own thread, which
     *         saves queueing a task behind the pending writes)
     */
    synchronized boolean awaitSync(CompletableFuture<Void> done) {
        unsynced.add(done);
        if (syncing) {
            return false;
        }
        syncing = true;
        return true;
    }

    /** Syncs the directory until no registered write is left uncovered, completing each covered future. */
    void syncPending() {
        boolean more = true;
        while (more) {
            List<CompletableFuture<Void>> batch;
            synchronized (this) {
                batch = unsynced;
                unsynced = new ArrayList<>();
            }
            Throwable failure = null;
            try {
                DurableFiles.syncDirectory(path);
            } catch (IOException | RuntimeException e) {
                failure = e;
            }
            synchronized (this) {
                more = !unsynced.isEmpty();
                syncing = more;
            }
            for (CompletableFuture<Void> done : batch) {
                if (failure == null) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(failure);
                }
            }
        }
    }
}
