package provd.it.support;

import java.io.OutputStream;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A web server for the tests, standing for a plugin repository or a vendor's firmware site: a Jetty server on the
 * loopback serving the files put into it under {@code /files/}, 404 for anything else. A file can be served slowly,
 * in chunks, for its download's progress to be seen.
 */
public final class WebServer implements AutoCloseable {
    private static final int CHUNKS = 8;
    private static final String PREFIX = "/files/";

    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, Long> slow = new ConcurrentHashMap<>();
    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);

    private WebServer() {
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String path = request.getHttpURI().getPath();
                byte[] content = path.startsWith(PREFIX) ? files.get(path.substring(PREFIX.length())) : null;
                if (content == null || !request.getMethod().equals("GET")) {
                    Response.writeError(request, response, callback, 404);
                    return true;
                }
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, content.length);
                long pause = slow.getOrDefault(path.substring(PREFIX.length()), 0L);
                try (OutputStream out = Content.Sink.asOutputStream(response)) {
                    int chunk = Math.max(1, (content.length + CHUNKS - 1) / CHUNKS);
                    for (int offset = 0; offset < content.length; offset += chunk) {
                        out.write(content, offset, Math.min(chunk, content.length - offset));
                        out.flush();
                        if (pause > 0) {
                            Thread.sleep(pause);
                        }
                    }
                    callback.succeeded();
                } catch (Exception e) {
                    callback.failed(e);
                }
                return true;
            }
        });
    }

    public static WebServer start() throws Exception {
        WebServer repository = new WebServer();
        repository.server.start();
        return repository;
    }

    /** The URL the files are under: for a plugin repository, the {@code plugin_server} parameter. */
    public String url() {
        return "http://127.0.0.1:" + connector.getLocalPort() + PREFIX.substring(0, PREFIX.length() - 1);
    }

    public URI uri(String name) {
        return URI.create(url() + "/" + name);
    }

    /** Serves {@code content} as {@code name} from now on; its URL. */
    public URI put(String name, byte[] content) {
        files.put(name, content);
        return uri(name);
    }

    public void remove(String name) {
        files.remove(name);
    }

    /** Serves {@code name} in eight chunks, {@code pauseMillis} apart. */
    public void slow(String name, long pauseMillis) {
        slow.put(name, pauseMillis);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
