package provd.http.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

import org.eclipse.jetty.server.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link HttpEndpoint} that follows its component's configuration. A new address or port moves it: the new
 * endpoint listens first, then the old one stops accepting and is let finish the requests under way, in the
 * background, so that moving the server cuts nothing short. A new pool size or idle timeout applies in place. An
 * address it cannot bind is logged and leaves it not listening, the component active, until a configuration change
 * lets it bind. Thread-safe.
 */
public final class ManagedEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(ManagedEndpoint.class);

    /** Where and how to listen. */
    public record Listener(String bind, int port, int maxThreads, long idleTimeoutMs) {
        boolean sameSocket(Listener other) {
            return bind.equals(other.bind) && port == other.port;
        }
    }

    private final String name;
    private final String description;
    /** A new handler for each endpoint: a Jetty handler belongs to one server. */
    private final Supplier<? extends Handler> handlers;
    private final IntConsumer errorStatuses;
    /** The endpoints moved away from, finishing their requests. */
    private final Set<HttpEndpoint> draining = ConcurrentHashMap.newKeySet();
    private Listener listener;
    private volatile HttpEndpoint endpoint;

    /**
     * @param name        names the threads
     * @param description names the server in the log ({@code phone HTTP server})
     * @param handlers    makes the handler of each endpoint (two are started while the server moves)
     */
    public ManagedEndpoint(String name, String description, Supplier<? extends Handler> handlers,
            IntConsumer errorStatuses) {
        this.name = name;
        this.description = description;
        this.handlers = handlers;
        this.errorStatuses = errorStatuses;
    }

    /** Listens as {@code next} says, moving only when the address or the port changes. */
    public synchronized void apply(Listener next) {
        Listener previous = listener;
        listener = next;
        HttpEndpoint current = endpoint;
        if (current != null && previous != null && previous.sameSocket(next)) {
            if (next.idleTimeoutMs() != previous.idleTimeoutMs()) {
                current.setIdleTimeout(next.idleTimeoutMs());
            }
            if (next.maxThreads() != previous.maxThreads()) {
                current.setMaxThreads(next.maxThreads());
            }
            return;
        }
        if (current == null) {
            endpoint = listen(next, true);
            return;
        }
        HttpEndpoint moved = listen(next, false);
        if (moved == null) {
            // the new address overlaps the old one (the same port on another address of this host, say): only
            // free once the old endpoint is gone
            close();
            endpoint = listen(next, true);
            return;
        }
        endpoint = moved;
        retire(current);
    }

    /** Stops listening; the requests under way are let finish for {@link HttpEndpoint#DRAIN_MS} at most. */
    public synchronized void close() {
        HttpEndpoint e = endpoint;
        endpoint = null;
        if (e != null) {
            stop(e);
        }
        // moved away from earlier and still finishing: stopped before this returns
        draining.forEach(this::stop);
    }

    /** The port listened on, or -1 when not listening. */
    public int port() {
        HttpEndpoint e = endpoint;
        return e == null ? -1 : e.port();
    }

    public boolean isListening() {
        return endpoint != null;
    }

    /** Stops an endpoint moved away from in the background: it finishes its requests meanwhile. */
    private void retire(HttpEndpoint old) {
        draining.add(old);
        Thread stopper = new Thread(() -> stop(old), name + "-drain");
        stopper.setDaemon(true);
        stopper.start();
    }

    private void stop(HttpEndpoint e) {
        try {
            e.stop();
            LOG.info("{} stopped listening on {}", description, e);
        } catch (Exception x) {
            LOG.warn("{} stopped listening on {}, not cleanly: {}", description, e, HttpEndpoint.reason(x));
            LOG.debug("stop failure", x);
        } finally {
            draining.remove(e);
        }
    }

    /** @param last whether a failure is final (it is logged as an error then, at debug level otherwise) */
    private HttpEndpoint listen(Listener l, boolean last) {
        if (l.port() < 0 || l.port() > 65535) {
            if (last) {
                LOG.error("{} cannot listen on {}:{}: not a port number; not listening", description, l.bind(),
                        l.port());
            }
            return null;
        }
        try {
            HttpEndpoint started = HttpEndpoint.start(name, l.bind(), l.port(), l.maxThreads(), l.idleTimeoutMs(),
                    handlers.get(), errorStatuses);
            LOG.info("{} listening on {}", description, started);
            return started;
        } catch (Exception e) {
            if (last) {
                LOG.error("{} cannot listen on {}:{}: {}; not listening until its configuration changes",
                        description, l.bind(), l.port(), HttpEndpoint.reason(e));
            }
            LOG.debug("bind failure", e);
            return null;
        }
    }
}
