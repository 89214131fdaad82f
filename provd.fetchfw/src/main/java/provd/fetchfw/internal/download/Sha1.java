package provd.fetchfw.internal.download;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-1 digests, as the catalogs give them: 40 lower-case hex digits. */
final class Sha1 {
    /** How much is read from a file at a time. */
    static final int BUFFER_SIZE = 64 * 1024;

    private Sha1() {
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            // every Java platform must provide SHA-1
            throw new IllegalStateException(e);
        }
    }

    static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The SHA-1 of a whole file. */
    static String of(Path file) throws IOException {
        MessageDigest digest = newDigest();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            update(digest, channel);
        }
        return hex(digest);
    }

    /** Adds what {@code channel} holds from its position to its end to {@code digest}. */
    static void update(MessageDigest digest, FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);
        while (channel.read(buffer) >= 0) {
            buffer.flip();
            digest.update(buffer);
            buffer.clear();
        }
    }
}
