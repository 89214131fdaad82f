package provd.fetchfw.internal.download;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A configuration of the downloader, checked.
 *
 * @param cacheDirectory where files are downloaded to, absolute
 * @param proxies        how {@code http:} and {@code https:} URLs are reached
 * @param connectTimeout how long a connection may take to open
 * @param readTimeout    how long the server may send nothing, before the answer and during its body
 * @param maxRedirects   how many redirects one request follows
 */
record DownloadSettings(Path cacheDirectory, ConfiguredProxies proxies, Duration connectTimeout,
        Duration readTimeout, int maxRedirects) {
    private static final Logger LOG = LoggerFactory.getLogger(DownloadSettings.class);
    static final int DEFAULT_CONNECT_TIMEOUT_SECONDS = 30;
    static final int DEFAULT_READ_TIMEOUT_SECONDS = 60;
    static final int DEFAULT_MAX_REDIRECTS = 5;

    DownloadSettings {
        cacheDirectory = cacheDirectory.toAbsolutePath().normalize();
        Objects.requireNonNull(proxies, "proxies");
        if (connectTimeout.isNegative() || connectTimeout.isZero() || readTimeout.isNegative()
                || readTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("negative maxRedirects " + maxRedirects);
        }
    }

    /** The settings {@code config} gives, with {@code home} the provd home; a value out of range is logged. */
    static DownloadSettings of(CachingDownloader.Config config, Path home) {
        String directory = config.cache_directory() == null ? "" : config.cache_directory().trim();
        Path cache = directory.isEmpty() ? home.resolve("data").resolve("cache") : home.resolve(directory);
        ProxySetting http = ProxySetting.parse(".http.proxy", config._http_proxy());
        ProxySetting https = ProxySetting.parse(".https.proxy", config._https_proxy());
        for (ProxySetting proxy : new ProxySetting[] {http, https}) {
            proxy.problem().ifPresent(problem -> LOG.warn("{}: downloads through it fail until it is fixed",
                    problem));
        }
        return new DownloadSettings(cache, new ConfiguredProxies(http, https),
                Duration.ofSeconds(positive("connect.timeout.seconds", config.connect_timeout_seconds(),
                        DEFAULT_CONNECT_TIMEOUT_SECONDS)),
                Duration.ofSeconds(positive("read.timeout.seconds", config.read_timeout_seconds(),
                        DEFAULT_READ_TIMEOUT_SECONDS)),
                config.max_redirects() >= 0 ? config.max_redirects() : fallback("max.redirects",
                        config.max_redirects(), DEFAULT_MAX_REDIRECTS));
    }

    DownloadSettings withReadTimeout(Duration timeout) {
        return new DownloadSettings(cacheDirectory, proxies, connectTimeout, timeout, maxRedirects);
    }

    DownloadSettings withConnectTimeout(Duration timeout) {
        return new DownloadSettings(cacheDirectory, proxies, timeout, readTimeout, maxRedirects);
    }

    private static int positive(String key, int value, int fallback) {
        return value > 0 ? value : fallback(key, value, fallback);
    }

    private static int fallback(String key, int value, int fallback) {
        LOG.warn("{} = {} is out of range: using {}", key, value, fallback);
        return fallback;
    }

    /** One line for the log: the settings without any credentials. */
    String describe() {
        return "cache " + cacheDirectory + ", http proxy " + proxies.forScheme("http") + ", https proxy "
                + proxies.forScheme("https") + ", connect timeout " + Durations.show(connectTimeout)
                + ", read timeout " + Durations.show(readTimeout) + ", at most " + maxRedirects + " redirects";
    }
}
