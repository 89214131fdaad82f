package provd.http.internal.files;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import provd.core.api.AccessGuard;
import provd.core.api.ProvisioningService;
import provd.core.api.ServedFileCache;
import provd.core.api.ServerStatus;
import provd.http.internal.HttpEndpoint;
import provd.http.internal.ManagedEndpoint;

/**
 * The HTTP server phones fetch their files from (GET and HEAD), on its own Jetty server, connector and thread pool.
 * A new address or port moves it without a restart of the component; an address it cannot bind is logged and leaves
 * the component active but not listening (the rest of provd keeps running), until a configuration change lets it
 * bind.
 *
 * <p>The configuration keys (PID {@code provd.http}) are {@code bind}, {@code port}, {@code trusted.proxies},
 * {@code max.threads}, {@code idle.timeout.ms} and {@code file.cache.mb}: Declarative Services turns each {@code _} of
 * the method names below into a dot.
 */
// REQUIRE: the distribution always ships etc/provd.http.cfg; waiting for it means binding once, on the right port
@Component(configurationPid = PhoneHttpServer.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true, service = ServerStatus.class)
@Designate(ocd = PhoneHttpServer.Config.class)
public final class PhoneHttpServer implements ServerStatus {
    static final String PID = "provd.http";
    private static final Logger LOG = LoggerFactory.getLogger(PhoneHttpServer.class);

    @ObjectClassDefinition(name = "provd phone HTTP server", description = "The HTTP server phones fetch their files "
            + "from")
    @interface Config {
        @AttributeDefinition(description = "The address to listen on; 0.0.0.0 for every IPv4 address")
        String bind() default "0.0.0.0";

        @AttributeDefinition(description = "The port to listen on", min = "0", max = "65535")
        int port() default 8667;

        @AttributeDefinition(description = "How many reverse proxies in front of the server are trusted to append "
                + "the address they received a request from to X-Forwarded-For; 0: the client is the TCP peer",
                min = "0")
        int trusted_proxies() default 0;

        @AttributeDefinition(description = "The most threads serving requests", min = "16")
        int max_threads() default 200;

        @AttributeDefinition(description = "How long an idle connection is kept open, in milliseconds", min = "1")
        long idle_timeout_ms() default 30_000;

        @AttributeDefinition(description = "Memory for the content of small files served (each up to 256 KiB), "
                + "in MiB; 0: every file is read from disk at each request", min = "0")
        int file_cache_mb() default 128;
    }

    /** A configuration, checked. */
    private record Settings(ManagedEndpoint.Listener listener, int trustedProxies, long fileCacheBytes) {
        static Settings of(Config config) {
            String bind = config.bind() == null || config.bind().isBlank() ? "0.0.0.0" : config.bind().trim();
            int threads = config.max_threads();
            if (threads < HttpEndpoint.MIN_THREADS) {
                LOG.warn("max.threads = {} is too few for the phone HTTP server: using {}", threads,
                        HttpEndpoint.MIN_THREADS);
                threads = HttpEndpoint.MIN_THREADS;
            }
            long idle = config.idle_timeout_ms();
            if (idle <= 0) {
                LOG.warn("idle.timeout.ms = {} is not a duration: using 30000", idle);
                idle = 30_000;
            }
            return new Settings(new ManagedEndpoint.Listener(bind, config.port(), threads, idle),
                    Math.max(0, config.trusted_proxies()), Math.max(0, config.file_cache_mb()) * 1024L * 1024L);
        }
    }

    private final PhoneHttpStatistics statistics = new PhoneHttpStatistics();
    private final ManagedEndpoint endpoint;
    private volatile Settings settings;
    private volatile ServedFileCache files;

    @Activate
    public PhoneHttpServer(@Reference ProvisioningService provisioning, @Reference AccessGuard guard,
            Config config) {
        Objects.requireNonNull(provisioning, "provisioning");
        Objects.requireNonNull(guard, "guard");
        this.endpoint = new ManagedEndpoint("provd-http", "phone HTTP server",
                () -> new PhoneFileHandler(provisioning, guard, () -> files, statistics,
                        () -> settings.trustedProxies()),
                statistics::countError);
        modified(config);
    }

    @Modified
    void modified(Config config) {
        Settings previous = settings;
        Settings next = Settings.of(config);
        settings = next;
        if (previous != null && next.trustedProxies() != previous.trustedProxies()) {
            LOG.info("phone HTTP server: {} trusted proxies", next.trustedProxies());
        }
        if (previous == null || next.fileCacheBytes() != previous.fileCacheBytes()) {
            files = new ServedFileCache(next.fileCacheBytes());
            LOG.info("phone HTTP server: up to {} MiB of small files served from memory", files.maxBytes() >> 20);
        }
        endpoint.apply(next.listener());
    }

    @Deactivate
    void deactivate() {
        endpoint.close();
    }

    /** The port listened on, or -1 when not listening (the address could not be bound, or stopped). */
    public int port() {
        return endpoint.port();
    }

    /** Whether the server listens now. */
    public boolean isListening() {
        return endpoint.isListening();
    }

    /** The counters since the component started. */
    public PhoneHttpStatistics statistics() {
        return statistics;
    }

    @Override
    public String protocol() {
        return "http";
    }

    @Override
    public OptionalInt listeningPort() {
        int port = endpoint.port();
        return port < 0 ? OptionalInt.empty() : OptionalInt.of(port);
    }

    @Override
    public Map<String, Long> requestsByOutcome() {
        return statistics.byOutcome();
    }

    @Override
    public Map<String, Long> figures() {
        Map<String, Long> figures = new LinkedHashMap<>();
        figures.put("bytes_sent_total", statistics.bytesSent());
        figures.putAll(files.figures());
        return figures;
    }
}
