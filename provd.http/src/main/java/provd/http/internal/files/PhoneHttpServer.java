package provd.http.internal.files;

import java.util.Objects;

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
import provd.http.internal.HttpEndpoint;

/**
 * The HTTP server phones fetch their files from (GET and HEAD), on its own Jetty server, connector and thread pool.
 * A new address or port moves it without a restart of the component; an address it cannot bind is logged and leaves
 * the component active but not listening (the rest of provd keeps running), until a configuration change lets it
 * bind.
 *
 * <p>The configuration keys (PID {@code provd.http}) are {@code bind}, {@code port}, {@code trusted.proxies},
 * {@code max.threads} and {@code idle.timeout.ms}: Declarative Services turns each {@code _} of the method names below
 * into a dot.
 */
// REQUIRE: the distribution always ships etc/provd.http.cfg; waiting for it means binding once, on the right port
@Component(configurationPid = PhoneHttpServer.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true, service = {})
@Designate(ocd = PhoneHttpServer.Config.class)
public final class PhoneHttpServer {
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
    }

    /** A configuration, checked. */
    private record Settings(String bind, int port, int trustedProxies, int maxThreads, long idleTimeoutMs) {
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
            return new Settings(bind, config.port(), Math.max(0, config.trusted_proxies()), threads, idle);
        }

        /** Whether a server listening with {@code this} can go on listening with {@code other}. */
        boolean sameListener(Settings other) {
            return bind.equals(other.bind) && port == other.port && maxThreads == other.maxThreads;
        }
    }

    private final PhoneHttpStatistics statistics = new PhoneHttpStatistics();
    private final PhoneFileHandler handler;
    private final Object lock = new Object();
    private volatile Settings settings;
    private volatile HttpEndpoint endpoint;

    @Activate
    public PhoneHttpServer(@Reference ProvisioningService provisioning, @Reference AccessGuard guard,
            Config config) {
        Objects.requireNonNull(provisioning, "provisioning");
        Objects.requireNonNull(guard, "guard");
        this.handler = new PhoneFileHandler(provisioning, guard, statistics, () -> settings.trustedProxies());
        synchronized (lock) {
            settings = Settings.of(config);
            listen();
        }
    }

    @Modified
    void modified(Config config) {
        synchronized (lock) {
            Settings previous = settings;
            Settings next = Settings.of(config);
            settings = next;
            if (next.trustedProxies() != previous.trustedProxies()) {
                LOG.info("phone HTTP server: {} trusted proxies", next.trustedProxies());
            }
            HttpEndpoint current = endpoint;
            if (current != null && previous.sameListener(next)) {
                if (next.idleTimeoutMs() != previous.idleTimeoutMs()) {
                    current.setIdleTimeout(next.idleTimeoutMs());
                }
                return;
            }
            // another address, port or pool (or not listening yet): stop, then listen anew
            close();
            listen();
        }
    }

    @Deactivate
    void deactivate() {
        synchronized (lock) {
            close();
        }
    }

    /** The port listened on, or -1 when not listening (the address could not be bound, or stopped). */
    public int port() {
        HttpEndpoint e = endpoint;
        return e == null ? -1 : e.port();
    }

    /** Whether the server listens now. */
    public boolean isListening() {
        return endpoint != null;
    }

    /** The counters since the component started. */
    public PhoneHttpStatistics statistics() {
        return statistics;
    }

    private void listen() {
        Settings s = settings;
        if (s.port() < 0 || s.port() > 65535) {
            LOG.error("phone HTTP server cannot listen on {}:{}: not a port number; not listening", s.bind(),
                    s.port());
            return;
        }
        try {
            endpoint = HttpEndpoint.start("provd-http", s.bind(), s.port(), s.maxThreads(), s.idleTimeoutMs(),
                    handler, statistics::countError);
            LOG.info("phone HTTP server listening on {}", endpoint);
        } catch (Exception e) {
            endpoint = null;
            LOG.error("phone HTTP server cannot listen on {}:{}: {}; not listening until its configuration changes",
                    s.bind(), s.port(), HttpEndpoint.reason(e));
            LOG.debug("bind failure", e);
        }
    }

    private void close() {
        HttpEndpoint e = endpoint;
        endpoint = null;
        if (e == null) {
            return;
        }
        try {
            e.stop();
            LOG.info("phone HTTP server stopped listening on {}", e);
        } catch (Exception x) {
            LOG.warn("phone HTTP server did not stop cleanly", x);
        }
    }
}
