package provd.http.internal;

import java.util.function.IntConsumer;

import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * One Jetty server listening on one address: its own thread pool, one HTTP/1.1 connector without a header cache,
 * one handler, Jetty's strict default URI compliance (ambiguous segments, encoded separators and the like are refused
 * with 400), no {@code Server} or {@code X-Powered-By} header, plain-text error pages. A server that must move to
 * another address is stopped and a new endpoint started; stopping lets the requests under way finish first.
 */
public final class HttpEndpoint {
    /**
     * The connections the kernel completes before they are accepted. Java's default of 50 overflows when hundreds of
     * phones connect at once, and each SYN then dropped costs its phone a second before it is sent again.
     */
    static final int ACCEPT_QUEUE = 1024;
    /** Fewer threads than this and Jetty cannot run its acceptor and selectors and still serve requests. */
    public static final int MIN_THREADS = 16;

    /** How long a stopping server lets the requests under way finish (a firmware download, say) before cutting. */
    public static final long DRAIN_MS = 10_000;

    private final Server server;
    private final QueuedThreadPool pool;
    private final ServerConnector connector;
    private final String description;

    private HttpEndpoint(Server server, QueuedThreadPool pool, ServerConnector connector) {
        this.server = server;
        this.pool = pool;
        this.connector = connector;
        String host = connector.getHost();
        this.description = (host == null ? "0.0.0.0" : host) + ":" + connector.getLocalPort();
    }

    /**
     * Starts a server on {@code bind}:{@code port}.
     *
     * @param name           names the threads ({@code name-12})
     * @param bind           the address or host name to listen on; empty or {@code 0.0.0.0} for every IPv4 address
     * @param port           the port; 0 for any free one (see {@link #port()})
     * @param maxThreads     the size of the thread pool, at least {@link #MIN_THREADS}
     * @param idleTimeoutMs  how long an idle connection is kept open
     * @param errorStatuses  told the status of every error page Jetty writes itself
     * @throws Exception when the server cannot start, typically because the address cannot be bound; every
     *                   thread it started is stopped again
     */
    public static HttpEndpoint start(String name, String bind, int port, int maxThreads, long idleTimeoutMs,
            Handler handler, IntConsumer errorStatuses) throws Exception {
        QueuedThreadPool pool = new QueuedThreadPool();
        pool.setIdleTimeout(60_000);
        size(pool, maxThreads);
        pool.setName(name);
        // No pooled buffers: under a flood of malformed requests, Jetty 12.1.14 returned a buffer to its pool while
        // a failing connection still used it, and another connection's valid request was then misread
        // ("newPosition > limit" in the parser: 400, or the connection closed), about once per 100,000 malformed
        // requests in bench/storm fuzz. Heap buffers, allocated for each use and collected, cost no measurable rate.
        Server server = new Server(pool, null, ByteBufferPool.NON_POOLING);
        server.setErrorHandler(new PlainErrorHandler(errorStatuses));

        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        config.setSendXPoweredBy(false);
        config.setSendDateHeader(true);
        config.setUriCompliance(UriCompliance.DEFAULT);
        // No header cache: Jetty builds one per connection at its second request, a 1,024-node trie that was 40 % of
        // all the bytes provd allocated in bench/storm's known-phone storms, where each phone opens a connection for
        // two files. It only saves parsing a header line already seen on the same connection.
        config.setHeaderCacheSize(0);
        HttpConnectionFactory http = new HttpConnectionFactory(config);
        http.setUseInputDirectByteBuffers(false);
        http.setUseOutputDirectByteBuffers(false);
        ServerConnector connector = new ServerConnector(server, 1, -1, http);
        connector.setName(name);
        connector.setHost(bind == null || bind.isBlank() ? null : bind.trim());
        connector.setPort(port);
        connector.setIdleTimeout(Math.max(1, idleTimeoutMs));
        connector.setAcceptQueueSize(ACCEPT_QUEUE);
        server.addConnector(connector);
        // requests under way when it stops are let finish; those arriving meanwhile on open connections get 503
        server.setHandler(new GracefulHandler(handler));
        server.setStopTimeout(DRAIN_MS);
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return new HttpEndpoint(server, pool, connector);
    }

    /** The buffers the server's connections use; for tests. */
    ByteBufferPool bufferPool() {
        return server.getByteBufferPool();
    }

    /** The header cache each connection of the server keeps; for tests. */
    int headerCacheSize() {
        return connector.getConnectionFactory(HttpConnectionFactory.class).getHttpConfiguration()
                .getHeaderCacheSize();
    }

    /** Stops or resumes taking connections from the kernel's accept queue; for tests. */
    void setAccepting(boolean accepting) {
        connector.setAccepting(accepting);
    }

    /** The port listened on. */
    public int port() {
        return connector.getLocalPort();
    }

    /** {@code host:port} listened on, as configured ({@code 0.0.0.0} when every address), with the bound port. */
    @Override
    public String toString() {
        return description;
    }

    /** Applies to connections accepted from now on. */
    public void setIdleTimeout(long idleTimeoutMs) {
        connector.setIdleTimeout(Math.max(1, idleTimeoutMs));
    }

    /** Applies at once: a smaller pool shrinks as its idle threads leave. */
    public void setMaxThreads(int maxThreads) {
        size(pool, maxThreads);
    }

    /** At least {@link #MIN_THREADS} threads, up to 8 of them kept while idle. */
    private static void size(QueuedThreadPool pool, int maxThreads) {
        int threads = Math.max(MIN_THREADS, maxThreads);
        pool.setMinThreads(Math.min(8, threads)); // first: never above the maximum, old or new
        pool.setMaxThreads(threads);
    }

    /**
     * Stops listening, lets the requests under way finish for {@link #DRAIN_MS} at most, then closes every
     * connection.
     *
     * @throws java.util.concurrent.TimeoutException when requests were still under way and were cut off; the server
     *                                               is stopped anyway
     */
    public void stop() throws Exception {
        server.stop();
    }

    /** The root cause's message of a start failure, for the log ({@code Address already in use}). */
    public static String reason(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }
}
