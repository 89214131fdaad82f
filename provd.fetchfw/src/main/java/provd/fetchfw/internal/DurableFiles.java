package provd.fetchfw.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * File operations whose effect survives a crash once they return. A small copy of provd.core's own: that one is
 * internal to its bundle, and this one is all the cache and the package records need.
 */
public final class DurableFiles {
    private DurableFiles() {
    }

    /** Renames {@code source} over {@code target} atomically, then syncs their directory. */
    public static void moveReplacing(Path source, Path target) throws IOException {
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(target.toAbsolutePath().getParent());
    }

    /** Deletes {@code file} when it exists, then syncs its directory. */
    public static void deleteIfExists(Path file) throws IOException {
        if (Files.deleteIfExists(file)) {
            syncDirectory(file.toAbsolutePath().getParent());
        }
    }

    /** Makes the creations, renames and deletions of entries of {@code directory} durable. */
    public static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Creates {@code directory} and its missing parents, syncing the parent of each one created. */
    public static void createDirectories(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        Path parent = directory.toAbsolutePath().getParent();
        if (parent != null) {
            createDirectories(parent);
        }
        try {
            Files.createDirectory(directory);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(directory)) {
                throw e;
            }
            // Created concurrently: sync anyway, the creator may not have synced yet.
        }
        if (parent != null) {
            syncDirectory(parent);
        }
    }
}
