package provd.fetchfw.internal.download;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.OptionalLong;

import provd.fetchfw.api.Download;
import provd.fetchfw.api.DownloadException;
import provd.fetchfw.api.DownloadProgress;

/**
 * One download as a {@link Source} fills it: the bytes go to the part file, a file growing past its expected size is
 * refused at once, and the listener is told of every chunk.
 */
final class Transfer {
    private final Download download;
    private final PartFile part;
    private final DownloadProgress progress;
    private final String label;
    private long total = -1;
    private boolean restarted;

    /**
     * @param label the download as messages name it: {@code <name> from <url>}
     */
    Transfer(Download download, PartFile part, DownloadProgress progress, String label) {
        this.download = download;
        this.part = part;
        this.progress = progress;
        this.label = label;
    }

    /** The bytes already there, where the source should continue from. */
    long offset() {
        return part.length();
    }

    /** Discards what is there: the source sends the whole file. */
    void restart() throws IOException {
        part.restart();
        restarted = true;
    }

    /** Whether what was there was discarded. */
    boolean restarted() {
        return restarted;
    }

    /** What the source says the file's size is; the expected size, when known, prevails. */
    void announceSize(OptionalLong size) {
        total = download.size().orElse(size.orElse(-1));
    }

    /** Appends the buffer's bytes, unless the file would grow past its expected size. */
    void accept(ByteBuffer buffer) throws IOException, DownloadException {
        long after = part.length() + buffer.remaining();
        if (download.size().isPresent() && after > download.size().getAsLong()) {
            throw new DownloadException(DownloadException.Reason.SIZE_MISMATCH, label + ": expected "
                    + download.size().getAsLong() + " bytes, got at least " + after);
        }
        part.append(buffer);
        progress.progress(after, total);
    }

    /** The download as messages name it: {@code <name> from <url>}. */
    String label() {
        return label;
    }

    /** The file's cache name, which starts the messages of failures that name their URL. */
    String name() {
        return download.cacheName();
    }
}
