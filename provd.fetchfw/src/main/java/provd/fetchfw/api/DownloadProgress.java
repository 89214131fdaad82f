package provd.fetchfw.api;

import org.osgi.annotation.versioning.ConsumerType;

/** Told how a download goes, from the downloading thread. Must be quick: it is called for every chunk read. */
@ConsumerType
@FunctionalInterface
public interface DownloadProgress {
    /**
     * @param done  bytes in the cache so far (a resumed download starts at what was already there)
     * @param total the file's size, -1 while unknown
     */
    void progress(long done, long total);

    /** A listener that ignores everything. */
    DownloadProgress NONE = (done, total) -> {
    };
}
