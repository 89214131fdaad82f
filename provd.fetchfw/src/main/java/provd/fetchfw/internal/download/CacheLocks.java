package provd.fetchfw.internal.download;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per cache file, so that two threads fetching the same file do not write one part file at once: the second
 * waits, then finds the first one's verified file. The locks are never removed: there are as many as the catalogs
 * have file names, a few hundred at most.
 */
final class CacheLocks {
    private final Map<Path, ReentrantLock> locks = new ConcurrentHashMap<>();

    /** Locks {@code file}, waiting as long as another thread has it; give it back with {@code unlock()}. */
    ReentrantLock lock(Path file) throws InterruptedException {
        ReentrantLock lock = locks.computeIfAbsent(file, f -> new ReentrantLock());
        lock.lockInterruptibly();
        return lock;
    }
}
