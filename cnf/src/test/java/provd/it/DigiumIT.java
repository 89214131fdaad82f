package provd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

import provd.it.support.Await;
import provd.it.support.CoreApi;
import provd.it.support.InProcessFramework;
import provd.it.support.Reflect;
import provd.it.support.TftpClient;

/**
 * The Digium plugin end to end in the runtime's bundles: an unknown D40 gets the autoprov configuration over HTTP
 * and TFTP; given a config with two lines it gets its accounts; the plugin uninstalled, its files are no longer
 * served; installed again from the shell, they are, with no restart.
 */
class DigiumIT {
    private static final String MAC = "00:0f:d3:05:48:48";
    private static final String FILE = "/Digium/000fd3054848.cfg";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aD40IsProvisionedThenTheHotSwappedPluginServesItAgain() throws Exception {
        try (InProcessFramework framework = InProcessFramework.start(dir)) {
            CoreApi core = new CoreApi(framework);
            Object registry = framework.awaitService("provd.core.api.PluginRegistry");
            awaitPlugin(registry, true);

            HttpResponse<String> first = awaitGet(framework, 200);
            assertTrue(first.body().contains("username=\"anonymous\""), first.body()); // autoprov's line
            // the TFTP server may start listening a moment after the HTTP server
            TftpClient.Result[] answer = new TftpClient.Result[1];
            Await.until("a TFTP answer on port " + framework.tftpPort(), () -> {
                try {
                    answer[0] = TftpClient.get("127.0.0.1", framework.tftpPort(), FILE.substring(1));
                    return true;
                } catch (IOException noAnswerYet) {
                    return false;
                }
            });
            TftpClient.Result viaTftp = answer[0];
            assertTrue(viaTftp.ok(), viaTftp.errorMessage());
            assertEquals(first.body(), new String(viaTftp.data(), StandardCharsets.UTF_8));
            assertEquals("digium-2.8.1", core.deviceByMac(MAC).orElseThrow().get("plugin"));

            Map<String, Object> lines = new LinkedHashMap<>();
            lines.put("1", Map.of("username", "1001", "password", "pw1", "display_name", "Alice & Bob",
                    "proxy_ip", "10.0.0.1"));
            lines.put("2", Map.of("username", "1002", "password", "pw2", "display_name", "Zoë",
                    "proxy_ip", "10.0.0.1"));
            String config = core.addConfig(Map.of("parent_ids", List.of("base", "defaultconfigdevice"),
                    "raw_config", Map.of("sip_lines", lines)));
            core.setDeviceValue(MAC, "config", config);
            Await.until("the phone's file to have its two accounts",
                    () -> body(framework).contains("account_id=\"1002\""), () -> body(framework));
            String configured = body(framework);
            assertTrue(configured.contains("account_id=\"1001\"") && configured.contains("Alice &amp; Bob")
                    && configured.contains("Zoë"), configured);

            // through the shell, as an operator would
            Bundle digium = framework.bundle("provd.plugin.digium");
            framework.execute("felix:uninstall " + digium.getBundleId());
            awaitPlugin(registry, false);
            assertEquals(404, get(framework).statusCode());
            assertTrue(core.deviceByMac(MAC).isPresent(), "the device keeps its record");

            String installed = framework.execute("felix:install "
                    + InProcessFramework.runtimeJar("provd.plugin.digium").toUri());
            Matcher id = Pattern.compile("Bundle ID: (\\d+)").matcher(installed);
            assertTrue(id.find(), installed);
            framework.execute("felix:start " + id.group(1));
            awaitPlugin(registry, true);
            Await.until("the phone's file served again", () -> body(framework).contains("account_id=\"1002\""),
                    () -> body(framework));
        }
    }

    private static void awaitPlugin(Object registry, boolean present) {
        Await.until("plugin digium-2.8.1 " + (present ? "present" : "gone"),
                () -> ((Optional<?>) Reflect.call(registry, "plugin", "digium-2.8.1")).isPresent() == present);
    }

    private HttpResponse<String> awaitGet(InProcessFramework framework, int status) {
        @SuppressWarnings("unchecked")
        HttpResponse<String>[] last = new HttpResponse[1];
        Await.until("HTTP " + status + " for " + FILE, () -> {
            try {
                last[0] = get(framework);
            } catch (IllegalStateException notListeningYet) {
                return false;
            }
            return last[0].statusCode() == status;
        }, () -> last[0] == null ? "no answer" : last[0].statusCode() + " " + last[0].body());
        return last[0];
    }

    private String body(InProcessFramework framework) {
        HttpResponse<String> response = get(framework);
        return response.statusCode() == 200 ? response.body() : String.valueOf(response.statusCode());
    }

    private HttpResponse<String> get(InProcessFramework framework) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + framework.httpPort() + FILE))
                    .header("User-Agent", "Digium D40 2.8.1").build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
