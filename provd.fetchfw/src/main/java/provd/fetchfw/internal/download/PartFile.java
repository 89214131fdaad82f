package provd.fetchfw.internal.download;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/**
 * A download's partial file, {@code <name>.part} in the cache: the bytes received so far and the SHA-1 of all of
 * them, including those a previous attempt left.
 */
final class PartFile implements AutoCloseable {
    private final FileChannel channel;
    private final MessageDigest sha1 = Sha1.newDigest();
    private long length;

    private PartFile(FileChannel channel) {
        this.channel = channel;
    }

    /**
     * Opens the partial file, creating it when absent.
     *
     * @param keep whether to continue after what it holds (hashed first), rather than empty it
     */
    static PartFile open(Path path, boolean keep) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            PartFile part = new PartFile(channel);
            if (keep) {
                Sha1.update(part.sha1, channel);
                part.length = channel.position();
            } else {
                channel.truncate(0);
            }
            return part;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The bytes it holds. */
    long length() {
        return length;
    }

    /** Empties it: the download starts over. */
    void restart() throws IOException {
        channel.truncate(0);
        channel.position(0);
        sha1.reset();
        length = 0;
    }

    /** Appends the buffer's remaining bytes. */
    void append(ByteBuffer buffer) throws IOException {
        sha1.update(buffer.duplicate());
        int count = buffer.remaining();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        length += count;
    }

    /** Forces its content to disk and returns its SHA-1; nothing may be appended after. */
    String complete() throws IOException {
        channel.force(true);
        return Sha1.hex(sha1);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
