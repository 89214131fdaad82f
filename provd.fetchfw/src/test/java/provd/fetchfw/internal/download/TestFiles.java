package provd.fetchfw.internal.download;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import provd.fetchfw.api.DownloadProgress;

/** Contents, digests and listeners for the downloader's tests. */
final class TestFiles {
    private TestFiles() {
    }

    /** {@code size} pseudo-random bytes, the same for a seed. */
    static byte[] content(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static String sha1(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(content));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The names of the entries of {@code directory}, none when it does not exist. */
    static List<String> names(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Every progress call, in order. */
    static final class Progress implements DownloadProgress {
        record Call(long done, long total) {
        }

        final List<Call> calls = new CopyOnWriteArrayList<>();

        @Override
        public void progress(long done, long total) {
            calls.add(new Call(done, total));
        }

        Call last() {
            return calls.get(calls.size() - 1);
        }
    }
}
