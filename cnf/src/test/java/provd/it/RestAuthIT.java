package provd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static provd.it.RestApiIT.assertError;
import static provd.it.support.RestClient.object;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import provd.it.support.Await;
import provd.it.support.ProvdProcess;
import provd.it.support.RestClient;
import provd.it.support.RestClient.Response;

/**
 * Who may do what through the REST API: clients configured in {@code etc/provd.auth.cfg} before the first start (an
 * admin token, a read-only token, an HTTP Basic user allowed a few things), and the admin token provd generates when
 * no client is configured.
 */
class RestAuthIT {
    private static final String ROOT = "/provd";
    private static final String DEVICES = ROOT + "/dev_mgr/devices";
    private static final String CONFIGS = ROOT + "/cfg_mgr/configs";
    private static final String ADMIN_TOKEN = RestClient.uniqueId("admin-");
    private static final String READER_TOKEN = RestClient.uniqueId("reader-");
    private static final String MONITOR_PASSWORD = RestClient.uniqueId("monitor-");

    @TempDir
    static Path dir;

    private static ProvdProcess provd;
    private static RestClient admin;

    @BeforeAll
    static void start() throws Exception {
        Path home = dir.resolve("home");
        Files.createDirectories(home.resolve("etc"));
        // written before the first start: the distribution's defaults only fill in missing files
        Files.writeString(home.resolve("etc/provd.auth.cfg"), String.join("\n",
                "token.admin = " + ADMIN_TOKEN,
                "acl.admin = provd.#",
                "token.reader = " + READER_TOKEN,
                "acl.reader = provd.read, provd.dev_mgr.read, provd.dev_mgr.devices.read, "
                        + "provd.dev_mgr.devices.*.read, provd.cfg_mgr.#.read, provd.status.read",
                "password.monitor = " + MONITOR_PASSWORD,
                "acl.monitor = provd.status.read, provd.dev_mgr.devices.create",
                ""));
        provd = ProvdProcess.start(home);
        admin = RestClient.withToken(provd.restPort(), ADMIN_TOKEN);
        awaitListening(admin);
    }

    @AfterAll
    static void stop() throws Exception {
        if (provd != null) {
            provd.close();
        }
    }

    private static void awaitListening(RestClient client) {
        Await.until("the REST API", () -> {
            try {
                return client.get(ROOT).status() == 200;
            } catch (UncheckedIOException notListeningYet) {
                return false;
            }
        });
    }

    @Test
    void withoutCredentialsOrWithWrongOnesEverythingButHealthAndMetricsIs401() {
        String device = newDevice();
        String before = admin.get(device).body();
        int port = provd.restPort();
        for (RestClient client : List.of(RestClient.anonymous(port), RestClient.withToken(port, "wrong"),
                RestClient.withToken(port, READER_TOKEN + "x"), RestClient.withBasic(port, "monitor", "wrong"),
                RestClient.withBasic(port, "admin", MONITOR_PASSWORD), RestClient.withBasic(port, "reader",
                        READER_TOKEN), RestClient.withBasic(port, "monitor", ""))) {
            for (Response response : List.of(client.get(ROOT), client.get(DEVICES), client.get(device),
                    client.get(ROOT + "/status"), client.get(ROOT + "/configure"),
                    client.post(DEVICES, object("device", object("mac", RestClient.uniqueDigiumMac()))),
                    client.put(device, object("device", object("mac", RestClient.uniqueDigiumMac()))),
                    client.delete(device))) {
                assertError(401, response);
                String challenge = response.header("WWW-Authenticate").orElse("");
                assertTrue(challenge.startsWith("Basic realm="), response.toString());
            }
            assertEquals(200, client.get(ROOT + "/health").status());
            assertEquals(200, client.get(ROOT + "/metrics").status());
        }
        assertEquals(before, admin.get(device).body(), "a refused request changed the device");
        // a malformed Authorization header is no credential either
        Response garbled = RestClient.anonymous(port).send("GET", DEVICES, null, null, "Authorization", "Basic ***");
        assertError(401, garbled);
    }

    @Test
    void aReadOnlyClientReadsButWritesNothing() {
        String device = newDevice();
        String before = admin.get(device).body();
        int devices = admin.get(DEVICES).json().get("devices").size();
        RestClient reader = RestClient.withToken(provd.restPort(), READER_TOKEN);
        for (String path : List.of(ROOT, ROOT + "/dev_mgr", DEVICES, device, ROOT + "/cfg_mgr", CONFIGS,
                CONFIGS + "/base", CONFIGS + "/base/raw", ROOT + "/status")) {
            Response read = reader.get(path);
            assertEquals(200, read.status(), read.toString());
        }
        assertEquals(devices, reader.get(DEVICES).json().get("devices").size());

        for (Response response : List.of(
                reader.post(DEVICES, object("device", object("mac", RestClient.uniqueDigiumMac()))),
                reader.put(device, object("device", object("mac", RestClient.uniqueDigiumMac()))),
                reader.delete(device),
                reader.post(ROOT + "/dev_mgr/reconfigure", object("id", idOf(device))),
                reader.post(ROOT + "/dev_mgr/synchronize", object("id", idOf(device))),
                reader.post(CONFIGS, object("config", object("raw_config", object()))),
                reader.put(CONFIGS + "/base", object("config", object("raw_config", object()))),
                reader.delete(CONFIGS + "/base"),
                reader.post(ROOT + "/cfg_mgr/autocreate", object()),
                reader.put(ROOT + "/configure/locale", object("param", object("value", "fr_FR"))),
                reader.post(ROOT + "/pg_mgr/reload", object("id", "digium-2.8.1")))) {
            assertError(403, response);
        }
        // nor reads what its ACL does not name
        for (String path : List.of(ROOT + "/configure", ROOT + "/configure/locale", ROOT + "/pg_mgr",
                ROOT + "/pg_mgr/plugins")) {
            assertError(403, reader.get(path));
        }
        Response refused = reader.delete(device);
        assertTrue(refused.error().contains("provd.dev_mgr.devices." + idOf(device) + ".delete"), refused.toString());

        assertEquals(before, admin.get(device).body(), "a refused request changed the device");
        assertEquals(devices, admin.get(DEVICES).json().get("devices").size());
        assertTrue(admin.get(ROOT + "/configure/locale").json().get("param").get("value").isNull());
    }

    @Test
    void aBasicUserMayDoWhatItsAclNamesAndNothingElse() {
        RestClient monitor = RestClient.withBasic(provd.restPort(), "monitor", MONITOR_PASSWORD);
        Response status = monitor.get(ROOT + "/status");
        assertEquals(200, status.status(), status.toString());
        assertTrue(status.json().has("devices"), status.toString());

        String mac = RestClient.uniqueDigiumMac();
        Response created = monitor.post(DEVICES, object("device", object("mac", mac)));
        assertEquals(201, created.status(), created.toString());
        assertEquals(mac, admin.get(created.location()).json().get("device").get("mac").asText());

        assertError(403, monitor.get(DEVICES));
        assertError(403, monitor.get(created.location()));
        assertError(403, monitor.delete(created.location()));
        assertError(403, monitor.get(ROOT));
        assertEquals(200, admin.get(created.location()).status(), "the refused DELETE deleted nothing");
    }

    @Test
    void theAdminMayDoEverything() {
        String mac = RestClient.uniqueDigiumMac();
        Response created = admin.post(DEVICES, object("device", object("mac", mac)));
        assertEquals(201, created.status(), created.toString());
        String config = RestClient.uniqueId("cfg-");
        assertEquals(201, admin.post(CONFIGS, object("config", object("id", config, "parent_ids", List.of("base"),
                "raw_config", object()))).status());
        for (String path : List.of(ROOT, ROOT + "/dev_mgr", DEVICES, created.location(), ROOT + "/cfg_mgr", CONFIGS,
                CONFIGS + "/" + config, CONFIGS + "/" + config + "/raw", ROOT + "/pg_mgr", ROOT + "/pg_mgr/plugins",
                ROOT + "/pg_mgr/plugins/digium-2.8.1", ROOT + "/pg_mgr/plugins/digium-2.8.1/info",
                ROOT + "/configure", ROOT + "/configure/locale", ROOT + "/status", ROOT + "/metrics",
                ROOT + "/health")) {
            Response read = admin.get(path);
            assertEquals(200, read.status(), read.toString());
        }
        assertEquals(204, admin.put(created.location(), object("device", object("mac", mac, "config", config)))
                .status());
        assertEquals(204, admin.post(ROOT + "/dev_mgr/reconfigure", object("id", idOf(created.location()))).status());
        assertEquals(201, admin.post(ROOT + "/dev_mgr/synchronize", object("id", idOf(created.location()))).status());
        assertEquals(204, admin.put(CONFIGS + "/" + config, object("config", object("parent_ids", List.of("base"),
                "raw_config", object("locale", "fr_FR")))).status());
        assertEquals(201, admin.post(ROOT + "/cfg_mgr/autocreate", object()).status());
        assertEquals(204, admin.put(ROOT + "/configure/ftp_proxy", object("param",
                object("value", "http://proxy.example.com:21"))).status());
        assertEquals(204, admin.delete(created.location()).status());
        assertEquals(204, admin.delete(CONFIGS + "/" + config).status());
    }

    @Test
    void noSecretIsWrittenToTheLog() throws Exception {
        // every client has made requests by now, or makes one here
        assertEquals(200, RestClient.withToken(provd.restPort(), READER_TOKEN).get(ROOT).status());
        assertEquals(401, RestClient.withToken(provd.restPort(), "wrong-" + ADMIN_TOKEN).get(ROOT).status());
        provd.awaitLog("REST API clients: [admin, monitor, reader]");
        String log = provd.log();
        for (String secret : List.of(ADMIN_TOKEN, READER_TOKEN, MONITOR_PASSWORD)) {
            assertFalse(log.contains(secret), "a secret in the log");
        }
        assertFalse(Files.exists(provd.home().resolve("etc/admin.token")), "clients are configured: no admin token");
    }

    /** No client configured: provd generates an admin token, private to its user, kept across restarts. */
    @Test
    void withNoClientConfiguredAnAdminTokenIsGeneratedPrivatelyAndKept() throws Exception {
        Path home = dir.resolve("no-client-home");
        Path tokenFile = home.resolve("etc/admin.token");
        String token;
        try (ProvdProcess fresh = ProvdProcess.start(home)) {
            Await.until("the generated admin token", () -> Files.isRegularFile(tokenFile));
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(tokenFile));
            token = Files.readString(tokenFile).trim();
            assertTrue(token.length() >= 32, "a token of 32 random bytes or so");
            RestClient generated = RestClient.withToken(fresh.restPort(), token);
            awaitListening(generated);
            Response created = generated.post(DEVICES, object("device", object("mac", RestClient.uniqueDigiumMac())));
            assertEquals(201, created.status(), created.toString());
            assertEquals(204, generated.put(ROOT + "/configure/locale", object("param", object("value", "fr_FR")))
                    .status());
            assertError(401, RestClient.anonymous(fresh.restPort()).get(DEVICES));
            assertError(401, RestClient.withToken(fresh.restPort(), token + "x").get(DEVICES));

            fresh.awaitLog("generated an admin token into " + tokenFile);
            assertFalse(fresh.log().contains(token), "the admin token in the log");
        }
        try (ProvdProcess again = ProvdProcess.start(home)) {
            assertEquals(token, Files.readString(tokenFile).trim(), "the token is generated once");
            awaitListening(RestClient.withToken(again.restPort(), token));
            again.awaitLog("the admin token is in " + tokenFile);
            assertFalse(again.log().contains(token), "the admin token in the log");
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(tokenFile));

            // a client configured while provd runs applies at once, and replaces the generated token
            String configured = RestClient.uniqueId("configured-");
            Files.writeString(home.resolve("etc/provd.auth.cfg"), "token.ops = " + configured + "\nacl.ops = provd.#\n");
            RestClient ops = RestClient.withToken(again.restPort(), configured);
            Await.until("the configured client", () -> ops.get(DEVICES).status() == 200);
            assertError(401, RestClient.withToken(again.restPort(), token).get(DEVICES));
            again.awaitLog("REST API clients: [ops]");
            assertFalse(again.log().contains(configured), "the configured token in the log");
        }
    }

    private static String newDevice() {
        Response created = admin.post(DEVICES, object("device", object("mac", RestClient.uniqueDigiumMac())));
        assertEquals(201, created.status(), created.toString());
        return created.location();
    }

    private static String idOf(String location) {
        return location.substring(location.lastIndexOf('/') + 1);
    }
}
