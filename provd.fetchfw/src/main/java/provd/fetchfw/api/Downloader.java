package provd.fetchfw.api;

import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Downloads files into the cache ({@code <home>/data/cache/}) and verifies them before anyone uses them: over
 * HTTP and HTTPS (redirects followed, through the configured proxies, with connect and read timeouts) or from a
 * {@code file:} URL. A download cut short leaves its partial file in the cache and the next attempt resumes it where
 * the server allows. Blocking: it returns when the file is there or fails; interrupting the thread abandons it.
 */
@ProviderType
public interface Downloader {

    /**
     * The verified file in the cache: the cached copy when one matches the expected size and SHA-1, else a fresh
     * download, resumed when a partial one is there. A file that arrives with the wrong size or SHA-1 is deleted
     * and reported (expected against actual); nothing unverified is ever returned. A {@linkplain Download#isManual()
     * manual} file is only looked for in the cache, and never deleted: one that does not match is reported and left
     * for the operator to replace.
     *
     * <p>Only a {@linkplain Download#isVerifiable() verifiable} file is taken from the cache without a request, and
     * only a file whose SHA-1 is known is resumed (nothing else could tell that the joined parts make the file); any
     * other download starts over. Fetches of one cache name run one after the other, so a second fetch of a
     * verifiable file finds the first one's download instead of repeating it.
     *
     * @throws DownloadException when the file could not be obtained whole and intact
     * @throws InterruptedException when the thread was interrupted (the partial file of a resumable download stays)
     */
    Path fetch(Download download, DownloadProgress progress) throws DownloadException, InterruptedException;

    /** The cache directory, where the operator puts manual files. */
    Path cacheDirectory();
}
