package provd.core.api;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The servers' way to find the file a phone asked for, as {@link ServedFiles#resolve} does, with the content of small
 * files kept in memory. In a boot storm every phone fetches files it fetched before: a file found here again costs
 * one {@code lstat} of its path, against a walk of its names, an open, two stats, a read and a close. It is taken
 * from memory only while that {@code lstat} shows the same file (device and inode), modification time and size;
 * provd replaces its files by renaming new ones over them, so every change it makes is seen. A file reached through
 * a link, or larger than the largest kept, is never kept.
 *
 * <p>The memory is bounded: when the files kept exceed it, some are dropped, in no particular order. Safe for
 * concurrent use.
 */
public final class ServedFileCache {
    /** The largest file kept by default: phones' configuration files, not firmware images. */
    public static final int MAX_FILE_BYTES = 256 * 1024;

    private final long maxBytes;
    private final int maxFileBytes;
    private final ConcurrentHashMap<Path, ServedFile> files = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();

    /**
     * @param maxBytes the content kept at most, all files together, each up to {@link #MAX_FILE_BYTES}; 0: none. At
     *                 most an eighth of the JVM's largest heap is taken, whatever is asked: a setting made for a large
     *                 server must not exhaust a small one's memory.
     */
    public ServedFileCache(long maxBytes) {
        this(Math.min(maxBytes, Runtime.getRuntime().maxMemory() / 8), MAX_FILE_BYTES);
    }

    /**
     * @param maxBytes     the content kept at most, all files together; 0 keeps nothing
     * @param maxFileBytes the largest file kept
     */
    public ServedFileCache(long maxBytes, int maxFileBytes) {
        if (maxBytes < 0 || maxFileBytes < 0) {
            throw new IllegalArgumentException("negative size: " + maxBytes + ", " + maxFileBytes);
        }
        this.maxBytes = maxBytes;
        this.maxFileBytes = maxFileBytes;
    }

    /** The content kept at most, all files together. */
    public long maxBytes() {
        return maxBytes;
    }

    /**
     * A file found: its path, size and modification time, and its content when it is kept in memory (otherwise the
     * server reads it from {@link #path()}).
     */
    public static final class ServedFile {
        private final Path path;
        private final long size;
        private final FileTime lastModified;
        private final Object fileKey;
        private final byte[] content;

        private ServedFile(Path path, BasicFileAttributes attributes, byte[] content) {
            this.path = path;
            this.size = attributes.size();
            this.lastModified = attributes.lastModifiedTime();
            this.fileKey = attributes.fileKey();
            this.content = content;
        }

        /** The file, inside the area (its real path when reached through a link). */
        public Path path() {
            return path;
        }

        /** Its size when found; the content, when there is one, has exactly this length. */
        public long size() {
            return size;
        }

        /** Its modification time when found. */
        public FileTime lastModified() {
            return lastModified;
        }

        /** Its content, read-only, when kept in memory. */
        public Optional<ByteBuffer> content() {
            return content == null ? Optional.empty() : Optional.of(ByteBuffer.wrap(content).asReadOnlyBuffer());
        }

        /** Whether {@code now}, the file's attributes read again, still describe the content kept. */
        private boolean isCurrent(BasicFileAttributes now) {
            return now.isRegularFile() && now.size() == size && now.lastModifiedTime().equals(lastModified)
                    && fileKey != null && fileKey.equals(now.fileKey());
        }
    }

    /**
     * The regular file {@code requested} names inside {@code area}, as {@link ServedFiles#resolve} finds it; empty
     * when there is none or the path is not a plain relative path.
     *
     * @param area      the file area, as a real path
     * @param requested the decoded path, as the phone asked for it
     */
    public Optional<ServedFile> find(Path area, String requested) {
        Optional<Path> candidate = ServedFiles.candidate(area, requested);
        if (candidate.isEmpty()) {
            return Optional.empty();
        }
        Path file = candidate.get();
        ServedFile kept = files.get(file);
        if (kept != null) {
            try {
                if (kept.isCurrent(attributesOf(file))) {
                    return Optional.of(kept);
                }
            } catch (IOException e) {
                // gone, or unreadable: found again below, or not at all
            }
            forget(file, kept);
        }
        Optional<ServedFiles.Located> located = ServedFiles.locate(area, file);
        if (located.isEmpty()) {
            return Optional.empty();
        }
        ServedFiles.Located found = located.get();
        BasicFileAttributes attributes = found.attributes();
        if (maxBytes == 0 || found.throughLink() || attributes.size() > maxFileBytes || attributes.size() > maxBytes
                || attributes.fileKey() == null) {
            return Optional.of(new ServedFile(found.path(), attributes, null));
        }
        ServedFile read;
        try {
            read = new ServedFile(file, attributes, read(file, (int) attributes.size()));
            // the same file before and after the read: the content is the one these attributes describe
            if (!read.isCurrent(attributesOf(file))) {
                return Optional.of(new ServedFile(file, attributes, null));
            }
        } catch (IOException e) {
            // removed, replaced or unreadable since its attributes were read: the server tries it as a file
            return Optional.of(new ServedFile(file, attributes, null));
        }
        keep(file, read);
        return Optional.of(read);
    }

    /** The bytes kept in memory now. */
    public long bytes() {
        return bytes.get();
    }

    /** The files kept in memory now. */
    public int size() {
        return files.size();
    }

    /** {@code file_cache_bytes} and {@code file_cache_files}, for a server's status and metrics figures. */
    public Map<String, Long> figures() {
        Map<String, Long> figures = new LinkedHashMap<>();
        figures.put("file_cache_bytes", bytes());
        figures.put("file_cache_files", (long) size());
        return figures;
    }

    /** The attributes of {@code file} itself, a link not followed: one {@code lstat}. */
    private static BasicFileAttributes attributesOf(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }

    /** The first {@code size} bytes of {@code file}; an exception when it is shorter. */
    private static byte[] read(Path file, int size) throws IOException {
        byte[] content = new byte[size];
        ByteBuffer buffer = ByteBuffer.wrap(content);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer) < 0) {
                    throw new NoSuchFileException(file.toString(), null, "shorter than its size");
                }
            }
        }
        return content;
    }

    private void keep(Path file, ServedFile read) {
        ServedFile previous = files.put(file, read);
        long total = bytes.addAndGet(read.size - (previous == null ? 0 : previous.size));
        if (total > maxBytes) {
            // dropped until a tenth below the bound, so that a full cache does not evict at every request
            long target = maxBytes - maxBytes / 10;
            for (Iterator<Map.Entry<Path, ServedFile>> it = files.entrySet().iterator();
                    it.hasNext() && bytes.get() > target; ) {
                Map.Entry<Path, ServedFile> victim = it.next();
                forget(victim.getKey(), victim.getValue());
            }
        }
    }

    private void forget(Path file, ServedFile kept) {
        if (files.remove(file, kept)) {
            bytes.addAndGet(-kept.size);
        }
    }

    @Override
    public String toString() {
        return "ServedFileCache[" + files.size() + " files, " + bytes.get() + " of " + maxBytes + " bytes]";
    }
}
