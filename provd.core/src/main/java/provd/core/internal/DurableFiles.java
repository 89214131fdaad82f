package provd.core.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import java.nio.file.StandardOpenOption;

/** File operations whose effect survives a crash once they return (except {@link #replace}, see there). */
public final class DurableFiles {
    private static final String TEMP_PREFIX = ".";
    private static final String TEMP_SUFFIX = ".tmp";

    private DurableFiles() {
    }

    /**
     * Atomically replaces {@code target} with {@code content}: the content is written to a temporary file in the same
     * directory, forced to disk, then renamed over the target. The rename is durable only once the directory is
     * {@linkplain #syncDirectory synced}.
     */
    public static void replace(Path target, byte[] content) throws IOException {
        Path temp = target.resolveSibling(TEMP_PREFIX + target.getFileName() + TEMP_SUFFIX);
        try {
            try (FileChannel channel = PrivateFiles.create(temp)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(temp, e);
            throw e;
        }
    }

    /** Whether {@code fileName} is one of the temporary files {@link #replace} writes. */
    public static boolean isTempFile(String fileName) {
        return fileName.startsWith(TEMP_PREFIX) && fileName.endsWith(TEMP_SUFFIX);
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

    private static void deleteQuietly(Path file, IOException cause) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }
}
