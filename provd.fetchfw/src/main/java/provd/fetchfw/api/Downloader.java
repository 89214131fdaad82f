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
     * manual} file is only looked for in the cache.
     *
     * @throws DownloadException when the file could not be obtained whole and intact
     * @throws InterruptedException when the thread was interrupted (the partial file stays for a resume)
     */
    Path fetch(Download download, DownloadProgress progress) throws DownloadException, InterruptedException;

    /** The cache directory, where the operator puts manual files. */
    Path cacheDirectory();
}
