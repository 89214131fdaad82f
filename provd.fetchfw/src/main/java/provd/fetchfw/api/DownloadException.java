package provd.fetchfw.api;

import java.io.IOException;
import java.util.Objects;

/** A download that did not give the expected file. Its message is meant for the operator and names no secret. */
public class DownloadException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Why it failed. */
    public enum Reason {
        /** The server answered with an error status (404, 500, ...). */
        HTTP_STATUS,
        /** The file arrived with another size than expected. */
        SIZE_MISMATCH,
        /** The file arrived with another SHA-1 than expected. */
        CHECKSUM_MISMATCH,
        /** A manual file is not in the cache. */
        MISSING_MANUAL_FILE,
        /** The URL's scheme is not one the downloader reads. */
        UNSUPPORTED_SOURCE,
        /** No answer or no data within the configured time. */
        TIMEOUT,
        /** The connection or the local file failed. */
        IO
    }

    private final Reason reason;

    public DownloadException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public DownloadException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
