package provd.fetchfw.internal.download;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A Jetty server on the loopback serving what a test sets up per path, and remembering every request. It also
 * answers requests in absolute form ({@code GET http://elsewhere/path}), as a forward proxy would: set up a path, and
 * use it as the proxy of URLs of a host that does not exist.
 */
final class TestHttpServer implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    /** A request as the server saw it. */
    record Seen(String method, String target, String path, String range, String proxyAuthorization) {
    }

    @FunctionalInterface
    interface Route {
        void handle(Request request, Response response, Callback callback) throws Exception;
    }

    final List<Seen> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    /** Released when the server stops, ending the stalled answers. */
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private volatile String proxyCredentials;

    TestHttpServer() throws Exception {
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String path = request.getHttpURI().getPath();
                String proxyAuthorization = request.getHeaders().get(HttpHeader.PROXY_AUTHORIZATION);
                requests.add(new Seen(request.getMethod(), request.getHttpURI().toString(), path,
                        request.getHeaders().get(HttpHeader.RANGE), proxyAuthorization));
                String expected = proxyCredentials;
                if (expected != null && !expected.equals(proxyAuthorization)) {
                    response.setStatus(407);
                    response.getHeaders().put(HttpHeader.PROXY_AUTHENTICATE, "Basic realm=\"test proxy\"");
                    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0);
                    callback.succeeded();
                    return true;
                }
                Route route = routes.get(path);
                if (route == null) {
                    Response.writeError(request, response, callback, 404);
                } else {
                    route.handle(request, response, callback);
                }
                return true;
            }
        });
        server.start();
    }

    /** The URL of {@code path} on this server. */
    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + path);
    }

    int port() {
        return connector.getLocalPort();
    }

    /** As a proxy, answers only requests carrying these credentials (HTTP Basic), others get a 407. */
    void requireProxyCredentials(String user, String password) {
        proxyCredentials = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The requests for {@code path}. */
    List<Seen> requestsFor(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    void route(String path, Route route) {
        routes.put(path, route);
    }

    /** Serves {@code content}, honouring {@code Range: bytes=N-}. */
    void file(String path, byte[] content) {
        route(path, (request, response, callback) -> serve(request, response, callback, content, true));
    }

    /** Serves {@code content} whole, whatever range is asked for. */
    void fileIgnoringRanges(String path, byte[] content) {
        route(path, (request, response, callback) -> serve(request, response, callback, content, false));
    }

    /**
     * The first request gets a Content-Length for the whole answer but only {@code sent} bytes before the connection
     * is closed; the next ones get {@code content} as {@link #file} serves it.
     */
    void cutOnce(String path, byte[] content, int sent) {
        AtomicInteger count = new AtomicInteger();
        route(path, (request, response, callback) -> {
            if (count.getAndIncrement() > 0) {
                serve(request, response, callback, content, true);
                return;
            }
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, content.length);
            OutputStream out = Content.Sink.asOutputStream(response);
            out.write(content, 0, sent);
            out.flush();
            request.getConnectionMetaData().getConnection().getEndPoint().close();
            callback.failed(new IOException("cut on purpose"));
        });
    }

    /** Sends {@code sent} bytes of {@code content} (announced whole), then nothing until the server stops. */
    void stallAfter(String path, byte[] content, int sent) {
        route(path, (request, response, callback) -> {
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, content.length);
            OutputStream out = Content.Sink.asOutputStream(response);
            if (sent > 0) {
                out.write(content, 0, sent);
            }
            out.flush();
            stopping.await(30, TimeUnit.SECONDS);
            callback.failed(new IOException("stalled on purpose"));
        });
    }

    /** Answers nothing at all until the server stops. */
    void silent(String path) {
        route(path, (request, response, callback) -> {
            stopping.await(30, TimeUnit.SECONDS);
            Response.writeError(request, response, callback, 503);
        });
    }

    /** Answers {@code status} with a Location. */
    void redirect(String path, int status, String location) {
        route(path, (request, response, callback) -> {
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.LOCATION, location);
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0);
            callback.succeeded();
        });
    }

    /** Serves {@code content}, or the part of it a {@code Range: bytes=N-} asks for when {@code ranges}. */
    static void serve(Request request, Response response, Callback callback, byte[] content, boolean ranges)
            throws IOException {
        String range = request.getHeaders().get(HttpHeader.RANGE);
        Matcher m = range == null ? null : RANGE.matcher(range);
        byte[] body = content;
        if (ranges && m != null && m.matches()) {
            long start = Long.parseLong(m.group(1));
            if (start >= content.length) {
                response.setStatus(416);
                response.getHeaders().put(HttpHeader.CONTENT_RANGE, "bytes */" + content.length);
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0);
                callback.succeeded();
                return;
            }
            response.setStatus(206);
            response.getHeaders().put(HttpHeader.CONTENT_RANGE, "bytes " + start + "-" + (content.length - 1) + "/"
                    + content.length);
            body = Arrays.copyOfRange(content, (int) start, content.length);
        } else {
            response.setStatus(200);
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        try (OutputStream out = Content.Sink.asOutputStream(response)) {
            out.write(body);
        }
        callback.succeeded();
    }

    @Override
    public void close() throws Exception {
        stopping.countDown();
        server.stop();
    }
}
