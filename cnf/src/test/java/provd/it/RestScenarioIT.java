package provd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static provd.it.support.RestClient.object;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import provd.it.support.Await;
import provd.it.support.ProvdProcess;
import provd.it.support.RestClient;
import provd.it.support.RestClient.Response;

/**
 * What wazo does through the REST API, and what the phone then gets: a config with two SIP lines and a D40 using it,
 * created over REST; the phone's file, fetched from the phone HTTP server, has the lines' passwords; the password
 * changed over REST, the file has the new one and not the old.
 */
class RestScenarioIT {
    @TempDir
    static Path dir;

    private static ProvdProcess provd;
    private static RestClient rest;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        provd = ProvdProcess.start(dir.resolve("home"));
        rest = RestApiIT.awaitRest(provd);
    }

    @AfterAll
    static void stop() throws Exception {
        if (provd != null) {
            provd.close();
        }
    }

    @Test
    void aD40ConfiguredOverRestGetsItsLinesAndThenItsNewPassword() throws Exception {
        String oldPassword = RestClient.uniqueId("old-");
        String newPassword = RestClient.uniqueId("new-");
        String secondPassword = RestClient.uniqueId("second-");
        String configId = RestClient.uniqueId("cfg-");
        Map<String, Object> config = object("id", configId, "parent_ids", List.of("base"), "raw_config",
                rawConfig(oldPassword, secondPassword));
        Response created = rest.post("/provd/cfg_mgr/configs", object("config", config));
        assertEquals(201, created.status(), created.toString());

        String mac = RestClient.uniqueDigiumMac();
        Response device = rest.post("/provd/dev_mgr/devices", object("device", object("mac", mac,
                "plugin", "digium-2.8.1", "model", "D40", "vendor", "Digium", "config", configId)));
        assertEquals(201, device.status(), device.toString());
        String deviceUrl = device.location();

        String file = "/Digium/" + mac.replace(":", "") + ".cfg";
        String[] last = {""};
        Await.until("the phone's file with both lines", () -> {
            last[0] = fetch(file);
            return last[0].contains("password=\"" + oldPassword + "\"")
                    && last[0].contains("password=\"" + secondPassword + "\"");
        }, () -> last[0]);
        String first = last[0];
        assertTrue(first.contains("account_id=\"1001\"") && first.contains("account_id=\"1002\""), first);
        assertTrue(first.contains("10.20.0.1"), "line 1's proxy: " + first);

        JsonNode configured = rest.get(deviceUrl).json().get("device");
        assertEquals(configId, configured.get("config").asText(), configured.toString());
        Await.until("the device marked configured",
                () -> rest.get(deviceUrl).json().get("device").get("configured").asBoolean(),
                () -> rest.get(deviceUrl).body());

        config.put("raw_config", rawConfig(newPassword, secondPassword));
        Response updated = rest.put("/provd/cfg_mgr/configs/" + configId, object("config", config));
        assertEquals(204, updated.status(), updated.toString());
        assertEquals(newPassword, rest.get("/provd/cfg_mgr/configs/" + configId + "/raw").json().get("raw_config")
                .get("sip_lines").get("1").get("password").asText());

        // the device is reconfigured in the background
        Await.until("the phone's file with the new password",
                () -> (last[0] = fetch(file)).contains("password=\"" + newPassword + "\""), () -> last[0]);
        assertFalse(last[0].contains(oldPassword), last[0]);
        assertTrue(last[0].contains("password=\"" + secondPassword + "\""), last[0]);
    }

    private static Map<String, Object> rawConfig(String password1, String password2) {
        return object("sip_lines", object(
                "1", object("username", "1001", "auth_username", "1001", "display_name", "Alice",
                        "password", password1, "proxy_ip", "10.20.0.1", "registrar_ip", "10.20.0.1"),
                "2", object("username", "1002", "auth_username", "1002", "display_name", "Bob",
                        "password", password2, "proxy_ip", "10.20.0.2", "registrar_ip", "10.20.0.2")));
    }

    /** The file as the phone gets it, or its status code when not 200. */
    private String fetch(String file) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + provd.httpPort() + file)).header("User-Agent", "Digium D40 2.8.1").build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : "HTTP " + response.statusCode();
        } catch (Exception e) {
            return e.toString();
        }
    }
}
