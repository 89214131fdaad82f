package provd.it.support;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A web server on the loopback interface, in the test, standing for a vendor's site or a plugin repository: it
 * serves the bytes put under each path, 404 for anything else, and counts the requests per path.
 */
public final class WebServer implements AutoCloseable {
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);

    private WebServer() {
    }

    public static WebServer start() throws Exception {
        WebServer web = new WebServer();
        web.connector.setHost("127.0.0.1");
        web.connector.setPort(0);
        web.server.addConnector(web.connector);
        web.server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                String path = request.getHttpURI().getPath();
                web.requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
                byte[] content = web.files.get(path);
                if (content == null) {
                    Response.writeError(request, response, callback, 404);
                    return true;
                }
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, content.length);
                response.write(true, ByteBuffer.wrap(content), callback);
                return true;
            }
        });
        web.server.start();
        return web;
    }

    /** Serves {@code content} at {@code path} ({@code /fw/firmware.tar.gz}) from now on. */
    public URI put(String path, byte[] content) {
        files.put(path, content.clone());
        return uri(path);
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + path);
    }

    /** How many requests asked for {@code path}. */
    public int requests(String path) {
        AtomicInteger count = requests.get(path);
        return count == null ? 0 : count.get();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
