package provd.http.internal;

import java.util.function.IntConsumer;

import org.eclipse.jetty.server.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link HttpEndpoint} that follows its component's configuration: a new address, port or pool size moves it
 * (stop, then listen anew), a new idle timeout applies in place. An address it cannot bind is logged and leaves it
 * not listening, the component active, until a configuration change lets it bind. Thread-safe.
 */
public final class ManagedEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(ManagedEndpoint.class);

    /** Where and how to listen. */
    public record Listener(String bind, int port, int maxThreads, long idleTimeoutMs) {
        boolean sameSocket(Listener other) {
            return bind.equals(other.bind) && port == other.port && maxThreads == other.maxThreads;
        }
    }

    private final String name;
    private final String description;
    private final Handler handler;
    private final IntConsumer errorStatuses;
    private Listener listener;
    private volatile HttpEndpoint endpoint;

    /**
     * @param name        names the threads
     * @param description names the server in the log ({@code phone HTTP server})
     */
    public ManagedEndpoint(String name, String description, Handler handler, IntConsumer errorStatuses) {
        this.name = name;
        this.description = description;
        this.handler = handler;
        this.errorStatuses = errorStatuses;
    }

    /** Listens as {@code next} says, moving only when the socket or the pool changes. */
    public synchronized void apply(Listener next) {
        Listener previous = listener;
        listener = next;
        HttpEndpoint current = endpoint;
        if (current != null && previous != null && previous.sameSocket(next)) {
            if (next.idleTimeoutMs() != previous.idleTimeoutMs()) {
                current.setIdleTimeout(next.idleTimeoutMs());
            }
            return;
        }
        close();
        listen();
    }

    /** Stops listening. */
    public synchronized void close() {
        HttpEndpoint e = endpoint;
        endpoint = null;
        if (e == null) {
            return;
        }
        try {
            e.stop();
            LOG.info("{} stopped listening on {}", description, e);
        } catch (Exception x) {
            LOG.warn("{} did not stop cleanly", description, x);
        }
    }

    /** The port listened on, or -1 when not listening. */
    public int port() {
        HttpEndpoint e = endpoint;
        return e == null ? -1 : e.port();
    }

    public boolean isListening() {
        return endpoint != null;
    }

    private void listen() {
        Listener l = listener;
        if (l.port() < 0 || l.port() > 65535) {
            LOG.error("{} cannot listen on {}:{}: not a port number; not listening", description, l.bind(), l.port());
            return;
        }
        try {
            endpoint = HttpEndpoint.start(name, l.bind(), l.port(), l.maxThreads(), l.idleTimeoutMs(), handler,
                    errorStatuses);
            LOG.info("{} listening on {}", description, endpoint);
        } catch (Exception e) {
            endpoint = null;
            LOG.error("{} cannot listen on {}:{}: {}; not listening until its configuration changes", description,
                    l.bind(), l.port(), HttpEndpoint.reason(e));
            LOG.debug("bind failure", e);
        }
    }
}
