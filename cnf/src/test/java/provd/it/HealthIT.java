package provd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import provd.it.support.Await;
import provd.it.support.FreePorts;
import provd.it.support.ProvdProcess;
import provd.it.support.RestClient;

/**
 * {@code /provd/health} against the distribution: 503 naming the phone HTTP server while its port is taken by
 * another process, 200 once a port change in {@code etc/} lets it listen (the metrics say the same), 503 again when
 * the TFTP bundle is stopped.
 */
class HealthIT {
    @TempDir
    Path home;

    @Test
    void healthIsUnavailableWhileAPhoneServerCannotListen() throws Exception {
        try (ServerSocket squatter = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            try (ProvdProcess provd = ProvdProcess.start(home, "-Dprovd.http.port=" + squatter.getLocalPort())) {
                RestClient anonymous = RestClient.anonymous(provd.restPort());
                Await.until("the REST API with both phone servers registered", () -> serversKnown(anonymous),
                        provd::output);

                RestClient.Response health = anonymous.get("/provd/health");
                assertEquals(503, health.status(), health.toString());
                assertEquals("fail", health.json().get("status").asText(), health.toString());
                assertTrue(health.body().contains("the HTTP server is not listening"), health.toString());
                assertTrue(anonymous.get("/provd/metrics").body().contains("provd_server_up{protocol=\"http\"} 0"));

                Path cfg = home.resolve("etc/provd.http.cfg");
                Files.writeString(cfg, Files.readString(cfg).replace("port = ${provd.http.port}",
                        "port = " + FreePorts.tcp()));
                Await.until("the phone HTTP server listening", () -> anonymous.get("/provd/health").status() == 200,
                        provd::output);
                assertEquals("ok", anonymous.get("/provd/health").json().get("status").asText());
                assertTrue(anonymous.get("/provd/metrics").body().contains("provd_server_up{protocol=\"http\"} 1"));

                // a phone server that is not running at all is as unhealthy as one that cannot listen
                Matcher tftp = Pattern.compile("(?m)^\\s*(\\d+)\\|.*\\|provd\\.tftp ")
                        .matcher(provd.command("felix:lb -s"));
                assertTrue(tftp.find(), "the TFTP bundle in the bundle list");
                provd.command("felix:stop " + tftp.group(1));
                Await.until("health failing without the TFTP server", () -> anonymous.get("/provd/health").status()
                        == 503, provd::output);
                assertTrue(anonymous.get("/provd/health").body().contains("the TFTP server is not running"));
            }
        }
    }

    /** Whether the API answers and the metrics list both phone servers (so health judges both). */
    private static boolean serversKnown(RestClient anonymous) {
        try {
            String metrics = anonymous.get("/provd/metrics").body();
            return metrics.contains("provd_server_up{protocol=\"http\"}")
                    && metrics.contains("provd_server_up{protocol=\"tftp\"}");
        } catch (UncheckedIOException notListeningYet) {
            return false;
        }
    }
}
