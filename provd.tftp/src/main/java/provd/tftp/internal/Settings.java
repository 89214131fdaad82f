package provd.tftp.internal;

import java.util.Objects;

/** The server's configuration, validated and clamped. Immutable. */
final class Settings {
    private final String bind;
    private final int port;
    private final int maxTransfers;
    private final long timeoutMillis;
    private final int maxRetries;
    private final int maxBlksize;
    private final int maxWindowsize;
    private final int maxErrorReplies;
    private final long fileCacheBytes;

    Settings(String bind, int port, int maxTransfers, long timeoutMillis, int maxRetries, int maxBlksize,
            int maxWindowsize, int maxErrorReplies, long fileCacheBytes) {
        this.bind = bind == null || bind.isBlank() ? "0.0.0.0" : bind.trim();
        this.port = port;
        this.maxTransfers = Math.max(1, maxTransfers);
        this.timeoutMillis = Math.max(10, timeoutMillis);
        this.maxRetries = Math.max(0, maxRetries);
        this.maxBlksize = Math.max(Packets.MIN_BLKSIZE, Math.min(Packets.MAX_BLKSIZE, maxBlksize));
        this.maxWindowsize = Math.max(1, Math.min(Packets.MAX_WINDOWSIZE, maxWindowsize));
        this.maxErrorReplies = Math.max(0, maxErrorReplies);
        this.fileCacheBytes = Math.max(0, fileCacheBytes);
    }

    static Settings of(TftpServer.Config config) {
        return new Settings(config.bind(), config.port(), config.max_transfers(), config.timeout_ms(),
                config.max_retries(), config.max_blksize(), config.max_windowsize(), config.max_error_replies(),
                config.file_cache_mb() * 1024L * 1024L);
    }

    String bind() {
        return bind;
    }

    int port() {
        return port;
    }

    int maxTransfers() {
        return maxTransfers;
    }

    long timeoutMillis() {
        return timeoutMillis;
    }

    int maxRetries() {
        return maxRetries;
    }

    int maxBlksize() {
        return maxBlksize;
    }

    int maxWindowsize() {
        return maxWindowsize;
    }

    /** Error replies per second and per address to malformed, forbidden or banned requests; 0: no limit. */
    int maxErrorReplies() {
        return maxErrorReplies;
    }

    /** The memory for the content of small files served; 0: none. */
    long fileCacheBytes() {
        return fileCacheBytes;
    }

    /** Whether {@code other} listens on the same address and port. */
    boolean sameEndpoint(Settings other) {
        return other != null && bind.equals(other.bind) && port == other.port;
    }

    @Override
    public String toString() {
        return bind + ":" + port + " (max " + maxTransfers + " transfers, timeout " + timeoutMillis + " ms, "
                + maxRetries + " retries, blksize <= " + maxBlksize + ", windowsize <= " + maxWindowsize + ", "
                + (maxErrorReplies == 0 ? "every" : "at most " + maxErrorReplies)
                + " error replies a second per address, " + (fileCacheBytes >> 20) + " MiB of files in memory)";
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Settings)) {
            return false;
        }
        Settings s = (Settings) o;
        return bind.equals(s.bind) && port == s.port && maxTransfers == s.maxTransfers
                && timeoutMillis == s.timeoutMillis && maxRetries == s.maxRetries && maxBlksize == s.maxBlksize
                && maxWindowsize == s.maxWindowsize && maxErrorReplies == s.maxErrorReplies
                && fileCacheBytes == s.fileCacheBytes;
    }

    @Override
    public int hashCode() {
        return Objects.hash(bind, port, maxTransfers, timeoutMillis, maxRetries, maxBlksize, maxWindowsize,
                maxErrorReplies, fileCacheBytes);
    }
}
