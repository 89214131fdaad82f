package provd.fetchfw.internal.download;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import provd.fetchfw.api.Download;
import provd.fetchfw.api.DownloadException;
import provd.fetchfw.api.DownloadException.Reason;
import provd.fetchfw.api.DownloadProgress;
import provd.fetchfw.api.Downloader;
import provd.fetchfw.internal.DurableFiles;
import provd.fetchfw.internal.ProvdHome;

/**
 * The downloader: files from {@code http:}, {@code https:} and {@code file:} URLs into the cache directory, verified
 * against their expected size and SHA-1 before they are renamed to their cache name.
 *
 * <p>A download is written to {@code <name>.part}, forced to disk, verified, then renamed over {@code <name>}: the
 * cache never holds an unverified file under a cache name. A file whose SHA-1 is known keeps its part file when the
 * transfer fails (broken connection, timeout, error status, interrupt) and the next attempt continues it; without a
 * SHA-1 to check the joined result against, a download always starts over. A cached file is reused without any
 * request only when its size and SHA-1 are both known and match ({@link Download#isVerifiable()}).
 *
 * <p>A manual file is never deleted: the operator put it there, and its message says it does not match rather than
 * making it vanish.
 *
 * <p>The configuration keys (PID {@code provd.download}) are {@code cache.directory}, {@code .http.proxy},
 * {@code .https.proxy}, {@code connect.timeout.seconds}, {@code read.timeout.seconds} and {@code max.redirects};
 * a change applies to the downloads that start after it.
 */
@Component(service = Downloader.class, configurationPid = CachingDownloader.PID)
@Designate(ocd = CachingDownloader.Config.class)
public final class CachingDownloader implements Downloader {
    static final String PID = "provd.download";
    /** The suffix of a download's partial file, next to where the verified file goes. */
    static final String PART_SUFFIX = ".part";
    private static final Logger LOG = LoggerFactory.getLogger(CachingDownloader.class);

    @ObjectClassDefinition(name = "provd downloader",
            description = "Downloads firmware and other files into the cache and verifies them")
    @interface Config {
        @AttributeDefinition(description = "The cache directory, relative to provd.home unless absolute; empty "
                + "means <provd.home>/data/cache")
        String cache_directory() default "";

        /**
         * {@code .http.proxy}: it may hold a password, and a property whose name starts with a dot stays private to
         * the component (Declarative Services does not copy it into the Downloader service's properties).
         */
        @AttributeDefinition(description = "The proxy for http URLs: host:port or http://[user:password@]host:port; "
                + "empty: direct connections")
        String _http_proxy() default "";

        @AttributeDefinition(description = "The proxy for https URLs: host:port or "
                + "http://[user:password@]host:port; empty: direct connections")
        String _https_proxy() default "";

        @AttributeDefinition(description = "How long a connection may take to open, in seconds", min = "1")
        int connect_timeout_seconds() default DownloadSettings.DEFAULT_CONNECT_TIMEOUT_SECONDS;

        @AttributeDefinition(description = "How long a server may send nothing, in seconds", min = "1")
        int read_timeout_seconds() default DownloadSettings.DEFAULT_READ_TIMEOUT_SECONDS;

        @AttributeDefinition(description = "How many redirects a download follows", min = "0")
        int max_redirects() default DownloadSettings.DEFAULT_MAX_REDIRECTS;
    }

    /** The settings in force and the client made of them, replaced together. */
    private record Setup(DownloadSettings settings, HttpClient client) {
    }

    private final Path home;
    private final CacheLocks locks = new CacheLocks();
    private volatile Setup setup;

    @Activate
    public CachingDownloader(BundleContext context, Config config) {
        this(ProvdHome.of(context), config);
    }

    CachingDownloader(Path home, Config config) {
        this.home = home;
        modified(config);
    }

    @Modified
    void modified(Config config) {
        apply(DownloadSettings.of(config, home));
    }

    /** Uses {@code settings} from the next download on; the downloads under way keep theirs. */
    void apply(DownloadSettings settings) {
        // A new client: the old one's pooled connections go through the old proxies.
        setup = new Setup(settings, HttpSource.client(settings));
        LOG.info("downloads: {}", settings.describe());
    }

    @Override
    public Path cacheDirectory() {
        return setup.settings().cacheDirectory();
    }

    @Override
    public Path fetch(Download download, DownloadProgress progress) throws DownloadException, InterruptedException {
        Setup current = setup;
        Path target = current.settings().cacheDirectory().resolve(download.cacheName());
        if (download.isManual()) {
            return manual(download, target, progress);
        }
        URI source = requestable(download);
        Source reader = source(download.cacheName(), source, current);
        ReentrantLock lock = locks.lock(target);
        try {
            if (isCached(download, target)) {
                LOG.debug("{} is in the cache", download.cacheName());
                progress.progress(download.size().getAsLong(), download.size().getAsLong());
                return target;
            }
            return download(download, source, reader, target, progress);
        } catch (ClosedByInterruptException e) {
            throw interrupted();
        } catch (IOException e) {
            if (e instanceof DownloadException known) {
                throw known;
            }
            throw new DownloadException(Reason.IO, download.cacheName() + " in the cache " + target.getParent()
                    + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private static URI requestable(Download download) throws DownloadException {
        URI source = download.source().orElseThrow();
        try {
            return SafeUri.forRequest(source);
        } catch (URISyntaxException e) {
            throw new DownloadException(Reason.UNSUPPORTED_SOURCE, download.cacheName() + ": "
                    + SafeUri.show(source) + " is not a valid URL");
        }
    }

    private static Source source(String name, URI uri, Setup setup) throws DownloadException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (HttpSource.reads(scheme) && uri.getHost() != null) {
            return new HttpSource(setup.client(), setup.settings());
        }
        if (scheme.equals("file")) {
            FileSource.path(name, uri);
            return new FileSource();
        }
        throw new DownloadException(Reason.UNSUPPORTED_SOURCE, name + ": cannot download " + SafeUri.show(uri)
                + ", only http, https and file URLs");
    }

    /** Whether the cache holds the file as expected; a file that does not match is deleted. */
    private static boolean isCached(Download download, Path target) throws IOException {
        if (!download.isVerifiable() || !Files.isRegularFile(target)) {
            return false;
        }
        if (Files.size(target) == download.size().getAsLong() && Sha1.of(target).equals(download.sha1().get())) {
            return true;
        }
        LOG.warn("{} in the cache is not the expected file: downloading it again", download.cacheName());
        DurableFiles.deleteIfExists(target);
        return false;
    }

    private Path download(Download download, URI source, Source reader, Path target, DownloadProgress progress)
            throws IOException, InterruptedException {
        DurableFiles.createDirectories(target.getParent());
        Path partPath = target.resolveSibling(download.cacheName() + PART_SUFFIX);
        // Only a SHA-1 can tell that a continued file joined up right.
        boolean resumable = reader.resumes() && download.sha1().isPresent();
        String label = download.cacheName() + " from " + SafeUri.show(source);
        long started = System.nanoTime();
        long resumedAt;
        long length;
        boolean verified = false;
        boolean keepPart = resumable;
        try (PartFile part = PartFile.open(partPath, resumable)) {
            OptionalLong size = download.size();
            if (size.isPresent() && part.length() >= size.getAsLong()) {
                // complete or longer (a crash before the rename): a range from its end could only get a 416
                part.restart();
            }
            resumedAt = part.length();
            LOG.info("downloading {}{}", label, resumedAt > 0 ? ", continuing after " + resumedAt + " bytes" : "");
            Transfer transfer = new Transfer(download, part, progress, label);
            reader.transfer(source, transfer);
            resumedAt = transfer.restarted() ? 0 : resumedAt;
            length = part.length();
            verify(download, length, part.complete(), label);
            verified = true;
            progress.progress(length, length);
        } catch (DownloadException e) {
            keepPart &= e.reason() != Reason.SIZE_MISMATCH && e.reason() != Reason.CHECKSUM_MISMATCH;
            LOG.warn("download failed: {}", e.getMessage());
            throw e;
        } catch (InterruptedException | ClosedByInterruptException e) {
            LOG.info("download of {} interrupted", label);
            throw e;
        } finally {
            if (!verified) {
                discardUnlessResumable(partPath, keepPart);
            }
        }
        DurableFiles.moveReplacing(partPath, target);
        LOG.info("downloaded {}: {} bytes{} in {} ms", label, length,
                resumedAt > 0 ? " (continued after " + resumedAt + ")" : "",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return target;
    }

    private static void verify(Download download, long length, String sha1, String label)
            throws DownloadException {
        if (download.size().isPresent() && length != download.size().getAsLong()) {
            throw new DownloadException(Reason.SIZE_MISMATCH, label + ": expected " + download.size().getAsLong()
                    + " bytes, got " + length);
        }
        if (download.sha1().isPresent() && !sha1.equals(download.sha1().get())) {
            throw new DownloadException(Reason.CHECKSUM_MISMATCH, label + ": expected SHA-1 "
                    + download.sha1().get() + ", got " + sha1);
        }
    }

    /** Deletes a part file that was refused, cannot be continued, or holds nothing to continue. */
    private static void discardUnlessResumable(Path part, boolean resumable) {
        try {
            if (!resumable || Files.size(part) == 0) {
                Files.deleteIfExists(part);
            }
        } catch (NoSuchFileException e) {
            // already gone
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", part, e.getMessage());
        }
    }

    /** A manual file: only looked for, and never deleted, since the operator put it there. */
    private static Path manual(Download download, Path target, DownloadProgress progress)
            throws DownloadException, InterruptedException {
        String expected = expectation(download);
        if (!Files.isRegularFile(target)) {
            throw new DownloadException(Reason.MISSING_MANUAL_FILE, download.cacheName() + " must be downloaded by "
                    + "hand: put it into " + target.getParent() + " as " + download.cacheName() + expected);
        }
        try {
            long length = Files.size(target);
            if (download.size().isPresent() && length != download.size().getAsLong()) {
                throw new DownloadException(Reason.SIZE_MISMATCH, target + " is not the expected file: expected "
                        + download.size().getAsLong() + " bytes, got " + length + "; replace it with the right one"
                        + expected);
            }
            if (download.sha1().isPresent()) {
                String sha1 = Sha1.of(target);
                if (!sha1.equals(download.sha1().get())) {
                    throw new DownloadException(Reason.CHECKSUM_MISMATCH, target + " is not the expected file: "
                            + "expected SHA-1 " + download.sha1().get() + ", got " + sha1
                            + "; replace it with the right one" + expected);
                }
            }
            progress.progress(length, length);
            return target;
        } catch (ClosedByInterruptException e) {
            throw interrupted();
        } catch (DownloadException e) {
            throw e;
        } catch (IOException e) {
            throw new DownloadException(Reason.IO, "cannot read " + target + ": " + e.getMessage(), e);
        }
    }

    private static String expectation(Download download) {
        String size = download.size().isPresent() ? download.size().getAsLong() + " bytes" : "";
        String sha1 = download.sha1().map(s -> "SHA-1 " + s).orElse("");
        String both = size.isEmpty() || sha1.isEmpty() ? size + sha1 : size + ", " + sha1;
        return both.isEmpty() ? "" : " (" + both + ")";
    }

    /** An interrupt seen as a closed channel (NIO's way), as the interrupt it is. */
    private static InterruptedException interrupted() {
        Thread.interrupted();
        return new InterruptedException();
    }
}
