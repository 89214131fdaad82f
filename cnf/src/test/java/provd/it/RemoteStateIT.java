package provd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static provd.it.support.RestClient.object;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import provd.it.support.Await;
import provd.it.support.ProvdProcess;
import provd.it.support.RestClient;
import provd.it.support.RestClient.Response;
import provd.it.support.TftpClient;

/**
 * Remote state against the running distribution: a Digium phone fetching its {@code .cfg} over HTTP, another over
 * TFTP, each gets its config's line 1 username and the time of the fetch in its device document, over REST and in
 * {@code provd:device}; its contacts file records nothing; the latest fetch time is still there after a restart.
 */
class RemoteStateIT {
    private static final String DIGIUM = "digium-2.8.1";
    private static final String DEVICES = "/provd/dev_mgr/devices";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aPhoneFetchingItsCfgRecordsItsSipUsernameAndTheTime() throws Exception {
        Path home = dir.resolve("home");
        String httpDevice;
        String lastFetch;
        try (ProvdProcess provd = ProvdProcess.start(home)) {
            RestClient rest = RestApiIT.awaitRest(provd);
            String httpMac = RestClient.uniqueDigiumMac();
            String tftpMac = RestClient.uniqueDigiumMac();
            httpDevice = addConfiguredD40(rest, httpMac, "1001");
            String tftpDevice = addConfiguredD40(rest, tftpMac, "1002");

            // a file that is not the trigger records nothing
            String contacts = "/Digium/" + compact(httpMac) + "-contacts.xml";
            assertEquals(200, fetch(provd, contacts).statusCode());
            assertTrue(TftpClient.get("127.0.0.1", provd.tftpPort(), contacts.substring(1)).ok());
            assertFalse(device(rest, httpDevice).has("remote_state_last_fetch"),
                    device(rest, httpDevice).toString());

            Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            HttpResponse<String> cfg = fetch(provd, cfgPath(httpMac));
            assertEquals(200, cfg.statusCode());
            assertTrue(cfg.body().contains("1001"), cfg.body());
            JsonNode recorded = awaitRemoteState(rest, httpDevice, "1001");
            assertRecent(recorded.get("remote_state_last_fetch").asText(), before);
            assertFalse(device(rest, tftpDevice).has("remote_state_last_fetch"), "the other phone fetched nothing");

            TftpClient.Result viaTftp = TftpClient.get("127.0.0.1", provd.tftpPort(), cfgPath(tftpMac).substring(1));
            assertTrue(viaTftp.ok(), viaTftp.errorMessage());
            assertRecent(awaitRemoteState(rest, tftpDevice, "1002").get("remote_state_last_fetch").asText(), before);

            String shown = provd.command("provd:device " + httpMac);
            assertTrue(shown.contains("\"remote_state_sip_username\"") && shown.contains("\"1001\"")
                    && shown.contains("\"remote_state_last_fetch\""), shown);

            // a later fetch only moves the time: written within a minute, or when the server stops
            String first = recorded.get("remote_state_last_fetch").asText();
            Await.until("the next second", () -> Instant.now().truncatedTo(ChronoUnit.SECONDS)
                    .isAfter(Instant.parse(first)));
            assertEquals(200, fetch(provd, cfgPath(httpMac)).statusCode());
            String[] latest = {first};
            Await.until("a newer fetch time", () -> {
                latest[0] = device(rest, httpDevice).path("remote_state_last_fetch").asText();
                return !latest[0].equals(first);
            }, () -> latest[0]);
            lastFetch = latest[0];

            provd.terminate();
            provd.awaitExit(Duration.ofSeconds(60));
        }
        try (ProvdProcess provd = ProvdProcess.start(home)) {
            RestClient rest = RestApiIT.awaitRest(provd);
            JsonNode device = device(rest, httpDevice);
            assertEquals("1001", device.path("remote_state_sip_username").asText(), device.toString());
            assertEquals(lastFetch, device.path("remote_state_last_fetch").asText(), device.toString());
        }
    }

    /** A config whose line 1 is {@code username} and a D40 using it, configured. */
    private static String addConfiguredD40(RestClient rest, String mac, String username) {
        String configId = RestClient.uniqueId("cfg-");
        Response config = rest.post("/provd/cfg_mgr/configs", object("config", object("id", configId,
                "parent_ids", List.of("base"), "raw_config", object("sip_lines", object("1", object(
                        "username", username, "password", RestClient.uniqueId("pw-"), "display_name", "Line 1",
                        "proxy_ip", "10.20.0.1"))))));
        assertEquals(201, config.status(), config.toString());
        Response created = rest.post(DEVICES, object("device", object("mac", mac, "plugin", DIGIUM, "model", "D40",
                "vendor", "Digium", "config", configId)));
        assertEquals(201, created.status(), created.toString());
        String id = created.json().get("id").asText();
        Await.until("device " + id + " configured", () -> device(rest, id).path("configured").asBoolean());
        return id;
    }

    private static JsonNode awaitRemoteState(RestClient rest, String id, String username) {
        JsonNode[] last = {null};
        Await.until("the remote state of device " + id, () -> {
            last[0] = device(rest, id);
            return username.equals(last[0].path("remote_state_sip_username").asText(null))
                    && last[0].has("remote_state_last_fetch");
        }, () -> String.valueOf(last[0]));
        return last[0];
    }

    private static void assertRecent(String timestamp, Instant notBefore) {
        Instant fetched = Instant.parse(timestamp);
        assertFalse(fetched.isBefore(notBefore) || fetched.isAfter(Instant.now()),
                timestamp + " is not between " + notBefore + " and now");
        assertTrue(timestamp.endsWith("Z"), "UTC: " + timestamp);
    }

    private static JsonNode device(RestClient rest, String id) {
        Response response = rest.get(DEVICES + "/" + id);
        assertEquals(200, response.status(), response.toString());
        return response.json().get("device");
    }

    private HttpResponse<String> fetch(ProvdProcess provd, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + provd.httpPort() + path))
                .header("User-Agent", "Digium D40 2.8.1").build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String cfgPath(String mac) {
        return "/Digium/" + compact(mac) + ".cfg";
    }

    private static String compact(String mac) {
        return mac.replace(":", "");
    }
}
