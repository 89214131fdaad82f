package provd.http.internal.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import provd.core.api.ServedFileCache;
import provd.http.internal.PlainErrorHandler;
import provd.http.internal.RawHttp;
import provd.http.internal.files.TestSupport.CountingGuard;
import provd.http.internal.files.TestSupport.DirectoryRouter;

/**
 * The traversal corpus against the file handler behind a Jetty that lets everything through (UriCompliance.UNSAFE,
 * lenient HTTP compliance): the handler and ServedFiles alone must still keep every request inside the area.
 */
class DefenceInDepthTest {
    @TempDir
    static Path root;
    static String secret;
    static Server jetty;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        secret = "TOP-SECRET-" + UUID.randomUUID();
        Path area = TestSupport.areaBesideSecret(root, secret);
        Files.writeString(area.resolve("ok.cfg"), "ok");

        PhoneHttpStatistics statistics = new PhoneHttpStatistics();
        jetty = new Server();
        HttpConfiguration config = new HttpConfiguration();
        config.setUriCompliance(UriCompliance.UNSAFE);
        config.setHttpCompliance(HttpCompliance.LEGACY);
        ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(config));
        connector.setHost("127.0.0.1");
        jetty.addConnector(connector);
        jetty.setErrorHandler(new PlainErrorHandler(statistics::countError));
        ServedFileCache files = new ServedFileCache(1 << 20);
        jetty.setHandler(new PhoneFileHandler(new DirectoryRouter(area), new CountingGuard(), () -> files, statistics,
                () -> 0));
        jetty.start();
        port = connector.getLocalPort();
    }

    @AfterAll
    static void stop() throws Exception {
        jetty.stop();
    }

    @Test
    void corpusStaysInside() throws Exception {
        List<String> failures = new ArrayList<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (String target : TraversalTest.CORPUS) {
            String host = target.startsWith("http://") ? target.substring(7, target.indexOf('/', 7)) : "localhost";
            RawHttp.Reply r = RawHttp.get(port, target, host);
            statuses.merge(r.status(), 1, Integer::sum);
            if (r.status() != 400 && r.status() != 404) {
                failures.add(target + " -> " + r.status());
            }
            if (r.raw().contains(secret)) {
                failures.add(target + " -> leaked the secret");
            }
        }
        System.out.println("traversal corpus behind an UNSAFE Jetty: statuses " + statuses);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertEquals(200, RawHttp.get(port, "/ok.cfg", "localhost").status());
    }
}
