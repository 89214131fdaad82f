package provd.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

import provd.it.support.Await;
import provd.it.support.InProcessFramework;
import provd.it.support.Reflect;

/**
 * The downloader in the runtime: its cache under the home, and the HTTP proxy of the server parameters (PUT
 * /provd/configure/http_proxy) applied to the next download without a restart.
 */
class DownloaderIT {
    private static final byte[] FILE = "firmware bytes".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    void theHttpProxyParameterReconfiguresTheRunningDownloader() throws Exception {
        List<String> proxied = new CopyOnWriteArrayList<>();
        Server proxy = new Server();
        ServerConnector connector = new ServerConnector(proxy);
        connector.setHost("127.0.0.1");
        proxy.addConnector(connector);
        // answers for any host, as a forward proxy would
        proxy.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                proxied.add(request.getHttpURI().toString());
                response.getHeaders().put("Content-Length", FILE.length);
                response.write(true, ByteBuffer.wrap(FILE), callback);
                return true;
            }
        });
        proxy.start();
        try (InProcessFramework framework = InProcessFramework.start(dir)) {
            Object downloader = framework.awaitService("provd.fetchfw.api.Downloader");
            assertEquals(dir.resolve("data/cache").toAbsolutePath(), Reflect.call(downloader, "cacheDirectory"));

            Object parameters = framework.awaitService("provd.core.api.ServerParameters");
            Reflect.call(parameters, "set", "http_proxy", "127.0.0.1:" + connector.getLocalPort());
            assertTrue(Files.readString(dir.resolve("etc/provd.download.cfg"))
                    .contains(".http.proxy = 127.0.0.1:" + connector.getLocalPort()));

            Bundle fetchfw = framework.bundle("provd.fetchfw");
            Class<?> downloadType = fetchfw.loadClass("provd.fetchfw.api.Download");
            Object download = Reflect.callStatic(downloadType, "unchecked",
                    URI.create("http://firmware.invalid/fw.bin"), "fw.bin");
            Object none = fetchfw.loadClass("provd.fetchfw.api.DownloadProgress").getField("NONE").get(null);
            // Configuration Admin hands the change over asynchronously: the first attempts may still go direct
            Path[] fetched = new Path[1];
            Await.until("a download through the proxy", () -> {
                try {
                    fetched[0] = (Path) Reflect.call(downloader, "fetch", download, none);
                    return true;
                } catch (IllegalStateException notYet) {
                    return false;
                }
            });
            assertArrayEquals(FILE, Files.readAllBytes(fetched[0]));
            assertEquals("http://firmware.invalid/fw.bin", proxied.get(0));
        } finally {
            proxy.stop();
        }
    }
}
