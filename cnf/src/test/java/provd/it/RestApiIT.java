package provd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static provd.it.support.RestClient.object;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * Every endpoint of the REST API against the running distribution, with the generated admin token: the status codes,
 * headers and shapes of wazo-provd's spec, and the refusals, after each of which nothing has changed. One provd
 * process for the class (the server parameters, which need a restart, get their own); each test makes its own
 * devices and configs, with unique MACs and ids.
 */
class RestApiIT {
    private static final String ROOT = "/provd";
    private static final String DEVICES = ROOT + "/dev_mgr/devices";
    private static final String CONFIGS = ROOT + "/cfg_mgr/configs";
    private static final String DIGIUM = "digium-2.8.1";

    @TempDir
    static Path dir;

    private static ProvdProcess provd;
    private static RestClient rest;

    @BeforeAll
    static void start() throws Exception {
        provd = ProvdProcess.start(dir.resolve("home"));
        rest = awaitRest(provd);
    }

    @AfterAll
    static void stop() throws Exception {
        if (provd != null) {
            provd.close();
        }
    }

    /** Waits for the admin token and the REST API, and for both phone servers in /status. */
    static RestClient awaitRest(ProvdProcess provd) throws Exception {
        Path tokenFile = provd.home().resolve("etc/admin.token");
        Await.until("the generated admin token", () -> Files.isRegularFile(tokenFile));
        RestClient client = RestClient.withToken(provd.restPort(), Files.readString(tokenFile).trim());
        Await.until("the REST API and both phone servers", () -> {
            try {
                Response status = client.get(ROOT + "/status");
                return status.status() == 200 && status.json().path("servers").has("http")
                        && status.json().path("servers").has("tftp");
            } catch (UncheckedIOException notListeningYet) {
                return false;
            }
        });
        return client;
    }

    // ---------------------------------------------------------------------------------------------- links

    @Test
    void theRootAndEachManagerRootAreLinks() {
        assertEquals(Map.of(ROOT + "/dev_mgr", "dev_mgr", ROOT + "/cfg_mgr", "cfg_mgr", ROOT + "/pg_mgr", "pg_mgr",
                ROOT + "/configure", "srv.configure"), links(ok(rest.get(ROOT))));
        assertEquals(Map.of(DEVICES, "dev.devices", ROOT + "/dev_mgr/synchronize", "dev.synchronize",
                ROOT + "/dev_mgr/reconfigure", "dev.reconfigure", ROOT + "/dev_mgr/dhcpinfo", "dev.dhcpinfo"),
                links(ok(rest.get(ROOT + "/dev_mgr"))));
        assertEquals(Map.of(CONFIGS, "cfg.configs", ROOT + "/cfg_mgr/autocreate", "cfg.autocreate"),
                links(ok(rest.get(ROOT + "/cfg_mgr"))));
        assertEquals(Map.of(ROOT + "/pg_mgr/install", "srv.install", ROOT + "/pg_mgr/plugins", "pg.plugins",
                ROOT + "/pg_mgr/reload", "pg.reload"), links(ok(rest.get(ROOT + "/pg_mgr"))));
        // a trailing slash names the same resource
        assertEquals(links(ok(rest.get(ROOT + "/cfg_mgr"))), links(ok(rest.get(ROOT + "/cfg_mgr/"))));
    }

    // -------------------------------------------------------------------------------------------- devices

    @Test
    void aDeviceIsCreatedReadUpdatedAndDeleted() {
        String mac = RestClient.uniqueDigiumMac();
        Response created = rest.post(DEVICES, object("device", object("mac", mac, "plugin", DIGIUM, "model", "D40",
                "vendor", "Digium", "ip", "10.1.2.3")));
        assertEquals(201, created.status(), created.toString());
        String id = created.json().get("id").asText();
        assertFalse(id.isBlank(), created.toString());
        assertEquals(Set.of("id"), fieldNames(created.json()));
        assertEquals(DEVICES + "/" + id, created.location());

        JsonNode device = ok(rest.get(created.location())).get("device");
        assertEquals(id, device.get("id").asText());
        assertEquals(mac, device.get("mac").asText());
        assertEquals(DIGIUM, device.get("plugin").asText());
        assertEquals("D40", device.get("model").asText());
        assertEquals("Digium", device.get("vendor").asText());
        assertEquals("10.1.2.3", device.get("ip").asText());
        assertEquals("manual", device.get("added").asText());
        assertTrue(device.get("configured").isBoolean(), device.toString());

        Response updated = rest.put(created.location(), object("device", object("mac", mac, "plugin", DIGIUM,
                "model", "D45", "vendor", "Digium", "description", "front desk")));
        assertEquals(204, updated.status(), updated.toString());
        assertEquals("", updated.body());
        device = ok(rest.get(created.location())).get("device");
        assertEquals("D45", device.get("model").asText());
        assertEquals("front desk", device.get("description").asText());
        assertEquals(id, device.get("id").asText());
        // PUT replaces the document: the ip not sent is gone
        assertFalse(device.has("ip"), device.toString());

        // an id in the body that is not the URL's is refused
        Response otherId = rest.put(created.location(), object("device", object("id", "not-" + id, "mac", mac)));
        assertError(400, otherId);
        assertEquals("D45", ok(rest.get(created.location())).get("device").get("model").asText());

        assertEquals(204, rest.delete(created.location()).status());
        assertError(404, rest.get(created.location()));
        assertError(404, rest.delete(created.location()));
        assertEquals(0, devicesWithMac(mac).size());
    }

    @Test
    void aDeviceMayBeGivenItsIdAndAnIdOrMacTakenIsAConflict() {
        String id = RestClient.uniqueId("dev-");
        String mac = RestClient.uniqueDigiumMac();
        Response created = rest.post(DEVICES, object("device", object("id", id, "mac", mac)));
        assertEquals(201, created.status(), created.toString());
        assertEquals(id, created.json().get("id").asText());
        assertEquals(DEVICES + "/" + id, created.location());

        Snapshot before = snapshot();
        Response sameId = rest.post(DEVICES, object("device", object("id", id, "mac", RestClient.uniqueDigiumMac())));
        assertConflict(sameId);
        assertTrue(sameId.error().contains(id), sameId.toString());
        Response sameMac = rest.post(DEVICES, object("device", object("mac", mac)));
        assertConflict(sameMac);
        assertTrue(sameMac.error().contains(mac), sameMac.toString());
        for (String invalid : List.of("a b", "a/b", "-a", "", "x".repeat(129))) {
            Response refused = rest.post(DEVICES, object("device", object("id", invalid,
                    "mac", RestClient.uniqueDigiumMac())));
            assertError(400, refused);
            assertTrue(refused.error().startsWith("id"), refused.toString());
        }
        before.assertUnchanged();

        // nor may another device take the MAC by an update
        String otherMac = RestClient.uniqueDigiumMac();
        String other = rest.post(DEVICES, object("device", object("mac", otherMac))).json().get("id").asText();
        Snapshot beforeUpdate = snapshot();
        assertConflict(rest.put(DEVICES + "/" + other, object("device", object("mac", mac))));
        beforeUpdate.assertUnchanged();
        assertEquals(otherMac, ok(rest.get(DEVICES + "/" + other)).get("device").get("mac").asText());
    }

    @Test
    void devicesAreSearchedWithASelectorFieldsPagingAndSorting() {
        String marker = RestClient.uniqueId("search-");
        List<String> macs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            macs.add(RestClient.uniqueDigiumMac());
        }
        for (int i = 0; i < macs.size(); i++) {
            assertEquals(201, rest.post(DEVICES, object("device", object("mac", macs.get(i), "ip", "10.3.0." + (i + 1),
                    "description", marker))).status());
        }
        List<String> ascending = macs.stream().sorted().toList();
        String q = RestClient.json(object("description", marker));

        JsonNode all = ok(rest.get(DEVICES, Map.of("q", q))).get("devices");
        assertEquals(3, all.size(), all.toString());
        assertEquals(new TreeSet<>(macs), new TreeSet<>(texts(all, "mac")));

        JsonNode one = ok(rest.get(DEVICES, Map.of("q", RestClient.json(object("mac", macs.get(1)))))).get("devices");
        assertEquals(1, one.size(), one.toString());
        assertEquals("10.3.0.2", one.get(0).get("ip").asText());

        JsonNode fields = ok(rest.get(DEVICES, Map.of("q", q, "fields", "mac,ip"))).get("devices");
        assertEquals(3, fields.size());
        for (JsonNode device : fields) {
            assertEquals(Set.of("mac", "ip"), fieldNames(device));
        }

        assertEquals(ascending, texts(ok(rest.get(DEVICES, Map.of("q", q, "sort", "mac"))).get("devices"), "mac"));
        assertEquals(ascending, texts(ok(rest.get(DEVICES, Map.of("q", q, "sort", "mac", "sort_ord", "ASC")))
                .get("devices"), "mac"));
        List<String> descending = new ArrayList<>(ascending);
        java.util.Collections.reverse(descending);
        assertEquals(descending, texts(ok(rest.get(DEVICES, Map.of("q", q, "sort", "mac", "sort_ord", "DESC")))
                .get("devices"), "mac"));
        assertEquals(List.of(ascending.get(1)), texts(ok(rest.get(DEVICES, Map.of("q", q, "sort", "mac", "skip", "1",
                "limit", "1"))).get("devices"), "mac"));
        assertEquals(ascending.subList(1, 3), texts(ok(rest.get(DEVICES, Map.of("q", q, "sort", "mac", "skip", "1")))
                .get("devices"), "mac"));
        assertEquals(ascending.subList(0, 2), texts(ok(rest.get(DEVICES, Map.of("q", q, "sort", "mac", "limit", "2")))
                .get("devices"), "mac"));
        assertEquals(0, ok(rest.get(DEVICES, Map.of("q", RestClient.json(object("description", marker + "-none")))))
                .get("devices").size());

        Response malformed = rest.get(DEVICES, Map.of("q", "{\"mac\":"));
        assertError(400, malformed);
        assertTrue(malformed.error().startsWith("q "), malformed.toString());
        assertError(400, rest.get(DEVICES, Map.of("q", "[1]")));
        assertError(400, rest.get(DEVICES, Map.of("skip", "-1")));
        assertError(400, rest.get(DEVICES, Map.of("limit", "many")));
        assertError(400, rest.get(DEVICES, Map.of("sort", "mac", "sort_ord", "UP")));
    }

    @Test
    void aDeviceIsReconfiguredOnRequest() {
        String id = newDevice(object("mac", RestClient.uniqueDigiumMac(), "plugin", DIGIUM, "model", "D40",
                "vendor", "Digium"));
        Response reconfigured = rest.post(ROOT + "/dev_mgr/reconfigure", object("id", id));
        assertEquals(204, reconfigured.status(), reconfigured.toString());
        assertEquals("", reconfigured.body());
        assertError(404, rest.post(ROOT + "/dev_mgr/reconfigure", object("id", RestClient.uniqueId("none-"))));
        assertError(400, rest.post(ROOT + "/dev_mgr/reconfigure", object("id", 5)));
        assertError(400, rest.post(ROOT + "/dev_mgr/reconfigure", object()));
    }

    @Test
    void synchronizingADeviceIsAnOperationThatEndsInFailureWhenTheDeviceHasNoAddress() {
        // SynchronizeIT has the phone answer; here the operation fails at once
        String id = newDevice(object("mac", RestClient.uniqueDigiumMac(), "plugin", DIGIUM,
                "model", "D40", "vendor", "Digium", "config", "defaultconfigdevice"));
        Response started = rest.post(ROOT + "/dev_mgr/synchronize", object("id", id));
        assertEquals(201, started.status(), started.toString());
        String operation = started.location();
        Matcher opId = Pattern.compile(Pattern.quote(ROOT + "/dev_mgr/synchronize/") + "([^/]+)").matcher(operation);
        assertTrue(opId.matches(), operation);

        Response[] last = new Response[1];
        Await.until("the synchronization to end", () -> {
            last[0] = ok(rest, rest.get(operation));
            return !last[0].json().get("status").asText().endsWith("|progress");
        }, () -> String.valueOf(last[0]));
        JsonNode status = last[0].json();
        assertEquals("sync|fail", status.get("status").asText(), status.toString());
        assertEquals("device '" + id + "' has no IP address to notify", status.get("error").asText());
        // the same operation under /operation
        assertEquals(status, ok(rest.get(ROOT + "/operation/" + opId.group(1))));

        assertEquals(204, rest.delete(operation).status());
        assertError(404, rest.get(operation));
        assertError(404, rest.delete(operation));
        assertError(404, rest.get(ROOT + "/operation/" + opId.group(1)));

        assertError(404, rest.post(ROOT + "/dev_mgr/synchronize", object("id", RestClient.uniqueId("none-"))));
        assertError(400, rest.post(ROOT + "/dev_mgr/synchronize", object("device", id)));
    }

    @Test
    void aDhcpCommitCreatesTheDeviceWithItsAddresses() {
        String mac = RestClient.uniqueDigiumMac();
        String ip = "10.5." + ThreadLocalRandom.current().nextInt(1, 255) + "." + ThreadLocalRandom.current().nextInt(1, 255);
        Response committed = rest.post(ROOT + "/dev_mgr/dhcpinfo", object("dhcp_info", object("op", "commit",
                "ip", ip, "mac", mac, "options", List.of("06044.69.67.69.75.6d"))));
        assertEquals(204, committed.status(), committed.toString());
        Await.until("the device of the DHCP commit", () -> devicesWithMac(mac).size() == 1,
                () -> devicesWithMac(mac).toString());
        JsonNode device = devicesWithMac(mac).get(0);
        assertEquals(ip, device.get("ip").asText(), device.toString());
        assertEquals("auto", device.get("added").asText(), device.toString());

        // a lease that ends creates nothing
        String released = RestClient.uniqueDigiumMac();
        assertEquals(204, rest.post(ROOT + "/dev_mgr/dhcpinfo", object("dhcp_info", object("op", "expiry",
                "ip", "10.5.0.9", "mac", released))).status());
        assertEquals(0, devicesWithMac(released).size());

        Snapshot before = snapshot();
        String refused = RestClient.uniqueDigiumMac();
        for (Map<String, Object> info : List.of(
                object("op", "renew", "ip", "10.5.0.10", "mac", refused),
                object("op", "commit", "ip", "10.5.0.300", "mac", refused),
                object("op", "commit", "ip", "10.5.0.10", "mac", "00:0f:d3:zz:00:01"),
                object("op", "commit", "ip", "10.5.0.10", "mac", refused, "options", List.of("6004")),
                object("op", "commit", "ip", "10.5.0.10", "mac", refused, "options", List.of("06044.zz")),
                object("op", "commit", "ip", "10.5.0.10", "mac", refused, "options", List.of(60)),
                object("op", "commit", "ip", "10.5.0.10", "mac", refused, "options", "06044"))) {
            assertError(400, rest.post(ROOT + "/dev_mgr/dhcpinfo", object("dhcp_info", info)));
        }
        before.assertUnchanged();
        assertEquals(0, devicesWithMac(refused).size());
    }

    // -------------------------------------------------------------------------------------------- configs

    @Test
    void aConfigIsCreatedReadUpdatedResolvedAndDeleted() {
        JsonNode configs = ok(rest.get(CONFIGS)).get("configs");
        assertTrue(texts(configs, "id").containsAll(List.of("base", "default", "defaultconfigdevice", "autoprov")),
                configs.toString());
        JsonNode base = ok(rest.get(CONFIGS + "/base")).get("config");
        assertEquals("base", base.get("id").asText());
        assertFalse(base.get("deletable").asBoolean(), base.toString());
        String baseNtp = base.get("raw_config").get("ntp_ip").asText();

        String id = RestClient.uniqueId("cfg-");
        Response created = rest.post(CONFIGS, object("config", object("id", id, "parent_ids", List.of("base"),
                "raw_config", object("locale", "fr_FR", "sip_lines", object("1", object("username", "1001"))))));
        assertEquals(201, created.status(), created.toString());
        assertEquals(id, created.json().get("id").asText());
        assertEquals(CONFIGS + "/" + id, created.location());

        JsonNode config = ok(rest.get(created.location())).get("config");
        assertEquals(id, config.get("id").asText());
        assertEquals(List.of("base"), texts(config.get("parent_ids")));
        assertEquals("fr_FR", config.get("raw_config").get("locale").asText());
        assertFalse(config.get("raw_config").has("ntp_ip"), "a config holds only its own values: " + config);
        assertEquals(1, ok(rest.get(CONFIGS, Map.of("q", RestClient.json(object("id", id))))).get("configs").size());

        JsonNode raw = ok(rest.get(created.location() + "/raw")).get("raw_config");
        assertEquals("fr_FR", raw.get("locale").asText(), raw.toString());
        assertEquals("1001", raw.get("sip_lines").get("1").get("username").asText(), raw.toString());
        assertEquals(baseNtp, raw.get("ntp_ip").asText(), "inherited from base: " + raw);

        Response updated = rest.put(created.location(), object("config", object("parent_ids", List.of("base"),
                "raw_config", object("locale", "de_DE", "ntp_ip", "192.0.2.123"))));
        assertEquals(204, updated.status(), updated.toString());
        config = ok(rest.get(created.location())).get("config");
        assertEquals("de_DE", config.get("raw_config").get("locale").asText());
        assertFalse(config.get("raw_config").has("sip_lines"), config.toString());
        raw = ok(rest.get(created.location() + "/raw")).get("raw_config");
        assertEquals("192.0.2.123", raw.get("ntp_ip").asText(), "its own value wins over base's: " + raw);

        assertEquals(204, rest.delete(created.location()).status());
        assertError(404, rest.get(created.location()));
        assertError(404, rest.get(created.location() + "/raw"));
        assertError(404, rest.delete(created.location()));
        assertFalse(texts(ok(rest.get(CONFIGS)).get("configs"), "id").contains(id));
    }

    @Test
    void aConfigWithoutIdGetsOneAndAutocreateMakesOne() {
        Response created = rest.post(CONFIGS, object("config", object("parent_ids", List.of("base"),
                "raw_config", object())));
        assertEquals(201, created.status(), created.toString());
        String id = created.json().get("id").asText();
        assertFalse(id.isBlank());
        assertEquals(CONFIGS + "/" + id, created.location());
        assertEquals(id, ok(rest.get(created.location())).get("config").get("id").asText());

        int before = ok(rest.get(CONFIGS)).get("configs").size();
        Response autocreated = rest.post(ROOT + "/cfg_mgr/autocreate", object());
        assertEquals(201, autocreated.status(), autocreated.toString());
        String auto = autocreated.json().get("id").asText();
        assertEquals(CONFIGS + "/" + auto, autocreated.location());
        assertEquals(auto, ok(rest.get(autocreated.location())).get("config").get("id").asText());
        assertEquals(before + 1, ok(rest.get(CONFIGS)).get("configs").size());
    }

    @Test
    void aConfigInUseOrBuiltInIsNotDeletedAndATakenIdOrUnknownParentIsRefused() {
        String id = RestClient.uniqueId("cfg-");
        assertEquals(201, rest.post(CONFIGS, object("config", object("id", id, "parent_ids", List.of("base"),
                "raw_config", object()))).status());
        String device = newDevice(object("mac", RestClient.uniqueDigiumMac(), "config", id));

        Snapshot before = snapshot();
        Response inUse = rest.delete(CONFIGS + "/" + id);
        assertError(400, inUse);
        assertTrue(inUse.error().contains(device), inUse.toString());
        Response builtIn = rest.delete(CONFIGS + "/base");
        assertError(403, builtIn);
        assertTrue(builtIn.error().contains("base"), builtIn.toString());
        assertConflict(rest.post(CONFIGS, object("config", object("id", id, "parent_ids", List.of(),
                "raw_config", object()))));
        assertConflict(rest.post(CONFIGS, object("config", object("id", "base", "raw_config", object()))));
        Response orphan = rest.post(CONFIGS, object("config", object("parent_ids", List.of(RestClient.uniqueId("none-")),
                "raw_config", object())));
        assertError(400, orphan);
        assertTrue(orphan.error().contains("parent_ids"), orphan.toString());
        Response noConfig = rest.post(DEVICES, object("device", object("mac", RestClient.uniqueDigiumMac(),
                "config", RestClient.uniqueId("none-"))));
        assertError(400, noConfig);
        before.assertUnchanged();

        // once no device uses it, it goes
        assertEquals(204, rest.delete(DEVICES + "/" + device).status());
        assertEquals(204, rest.delete(CONFIGS + "/" + id).status());
    }

    // -------------------------------------------------------------------------------------------- plugins

    @Test
    void theDigiumPluginIsListedWithItsInformationAndReloads() {
        JsonNode plugins = ok(rest.get(ROOT + "/pg_mgr/plugins")).get("plugins");
        assertEquals(Set.of(DIGIUM), fieldNames(plugins));
        String plugin = ROOT + "/pg_mgr/plugins/" + DIGIUM;
        assertEquals(Map.of(plugin, "pg.plugin"), links(plugins.get(DIGIUM)));
        assertEquals(Map.of(plugin + "/info", "pg.info", plugin + "/install", "srv.install"),
                links(ok(rest.get(plugin))));

        JsonNode info = ok(rest.get(plugin + "/info")).get("plugin_info");
        assertFalse(info.get("version").asText().isBlank(), info.toString());
        assertTrue(info.get("description").asText().contains("Digium"), info.toString());
        JsonNode d40 = info.get("capabilities").get("Digium, D40, 2.8.1");
        assertEquals(2, d40.get("lines").asInt(), info.toString());
        assertEquals("sip", d40.get("protocol").asText());

        Response reloaded = rest.post(ROOT + "/pg_mgr/reload", object("id", DIGIUM));
        assertEquals(204, reloaded.status(), reloaded.toString());
        Await.until("the plugin back after its reload", () -> rest.get(plugin + "/info").status() == 200);
        assertEquals(info, ok(rest.get(plugin + "/info")).get("plugin_info"));

        String none = RestClient.uniqueId("none-");
        assertError(404, rest.get(ROOT + "/pg_mgr/plugins/" + none));
        assertError(404, rest.get(ROOT + "/pg_mgr/plugins/" + none + "/info"));
        assertError(404, rest.post(ROOT + "/pg_mgr/reload", object("id", none)));
    }

    @Test
    void theDigiumPluginsFirmwarePackagesAreListedFromItsCatalog() {
        String packages = ROOT + "/pg_mgr/plugins/" + DIGIUM + "/install";
        JsonNode installable = ok(rest.get(packages + "/installable")).get("pkgs");
        assertEquals(Set.of("firmware"), fieldNames(installable));
        assertEquals("2.8.1", installable.get("firmware").get("version").asText());
        assertEquals(237648354, installable.get("firmware").get("dsize").asLong(), "the size of its one file");
        assertEquals("Firmware for all Digium phones (except D80)",
                installable.get("firmware").get("description").asText());
        assertEquals(Set.of(), fieldNames(ok(rest.get(packages + "/installed")).get("pkgs")));
        assertError(404, rest.post(packages + "/install", object("id", "nosuch")));
        assertError(400, rest.post(packages + "/upgrade", object("id", "firmware")));
        assertError(400, rest.post(packages + "/uninstall", object("id", "firmware")));
        assertError(400, rest.send("POST", packages + "/install", "{\"id\":", RestClient.JSON));
        assertError(404, rest.get(ROOT + "/pg_mgr/plugins/nosuch/install/installable"));
    }

    // ------------------------------------------------------------------------------------------ configure

    /** Its own process: the values set must survive a restart, and NAT changes how phones are identified. */
    @Test
    void serverParametersAreSetSavedInEtcAndKeptAcrossARestart() throws Exception {
        Path home = dir.resolve("configure-home");
        Map<String, String> values = new LinkedHashMap<>();
        values.put("plugin_server", "http://provd.example.com/plugins/2/stable/");
        values.put("http_proxy", "http://user:secret@proxy.example.com:3128");
        values.put("https_proxy", "proxy.example.com:3129");
        values.put("ftp_proxy", "http://proxy.example.com:3130");
        values.put("locale", "fr_FR");
        values.put("NAT", "1");
        try (ProvdProcess first = ProvdProcess.start(home)) {
            RestClient client = awaitRest(first);
            JsonNode params = ok(client.get(ROOT + "/configure")).get("params");
            Map<String, JsonNode> byId = new LinkedHashMap<>();
            for (JsonNode param : params) {
                byId.put(param.get("id").asText(), param);
                assertFalse(param.get("description").asText().isBlank(), param.toString());
                assertEquals(Map.of(ROOT + "/configure/" + param.get("id").asText(), "srv.configure.param"),
                        links(param), param.toString());
            }
            assertEquals(values.keySet(), byId.keySet());
            assertTrue(byId.get("locale").get("value").isNull(), byId.toString());
            assertEquals("0", byId.get("NAT").get("value").asText());
            assertTrue(ok(client.get(ROOT + "/configure/locale")).get("param").get("value").isNull());

            for (Map.Entry<String, String> value : values.entrySet()) {
                Response set = client.put(ROOT + "/configure/" + value.getKey(), object("param",
                        object("value", value.getValue())));
                assertEquals(204, set.status(), set.toString());
                assertEquals(value.getValue(), ok(client.get(ROOT + "/configure/" + value.getKey())).get("param")
                        .get("value").asText());
            }
            assertSavedInEtc(home, values);

            // refusals change nothing, in the API or in etc/
            String paramsFile = Files.readString(home.resolve("etc/provd.params.cfg"));
            assertError(400, client.put(ROOT + "/configure/locale", object("param", object("value", "not a locale"))));
            assertError(400, client.put(ROOT + "/configure/locale", object("param", object("value", 5))));
            assertError(400, client.put(ROOT + "/configure/NAT", object("param", object("value", "maybe"))));
            assertError(400, client.put(ROOT + "/configure/http_proxy", object("value", "x")));
            assertError(404, client.get(ROOT + "/configure/provisioning_key"));
            assertError(404, client.put(ROOT + "/configure/nope", object("param", object("value", "x"))));
            assertEquals(paramsFile, Files.readString(home.resolve("etc/provd.params.cfg")));
            assertEquals("fr_FR", ok(client.get(ROOT + "/configure/locale")).get("param").get("value").asText());
            assertEquals("1", ok(client.get(ROOT + "/configure/NAT")).get("param").get("value").asText());
        }
        try (ProvdProcess second = ProvdProcess.start(home)) {
            RestClient client = awaitRest(second);
            for (Map.Entry<String, String> value : values.entrySet()) {
                assertEquals(value.getValue(), ok(client.get(ROOT + "/configure/" + value.getKey())).get("param")
                        .get("value").asText(), value.getKey() + " after a restart");
            }
            // unset (null), and NAT back to 0
            assertEquals(204, client.put(ROOT + "/configure/locale", object("param", object("value", null))).status());
            assertTrue(ok(client.get(ROOT + "/configure/locale")).get("param").get("value").isNull());
            assertEquals(204, client.put(ROOT + "/configure/NAT", object("param", object("value", "0"))).status());
            assertEquals("0", ok(client.get(ROOT + "/configure/NAT")).get("param").get("value").asText());
            assertTrue(cfgValue(home.resolve("etc/provd.identification.cfg"), "nat").equals("false"));
            assertEquals(null, cfgValue(home.resolve("etc/provd.params.cfg"), "locale"));
        }
    }

    private static void assertSavedInEtc(Path home, Map<String, String> values) throws Exception {
        Path params = home.resolve("etc/provd.params.cfg");
        Path download = home.resolve("etc/provd.download.cfg");
        for (Map.Entry<String, String> value : values.entrySet()) {
            switch (value.getKey()) {
                case "NAT" -> assertEquals("true", cfgValue(home.resolve("etc/provd.identification.cfg"), "nat"));
                // the downloader's own keys, which it applies at once
                case "http_proxy" -> assertEquals(value.getValue(), cfgValue(download, ".http.proxy"));
                case "https_proxy" -> assertEquals(value.getValue(), cfgValue(download, ".https.proxy"));
                default -> assertEquals(value.getValue(), cfgValue(params, value.getKey()),
                        value.getKey() + " in " + params);
            }
        }
    }

    /** The value of {@code key = value} in a .cfg file, or null when the key is not set (or commented out). */
    private static String cfgValue(Path cfg, String key) throws Exception {
        String found = null;
        for (String line : Files.readAllLines(cfg)) {
            String trimmed = line.trim();
            if (trimmed.startsWith("#") || !trimmed.contains("=")) {
                continue;
            }
            String[] pair = trimmed.split("=", 2);
            if (pair[0].trim().equals(key)) {
                found = pair[1].trim();
            }
        }
        return found;
    }

    // --------------------------------------------------------------------------------- status and metrics

    @Test
    void theStatusCountsWhatTheApiLists() {
        newDevice(object("mac", RestClient.uniqueDigiumMac(), "plugin", DIGIUM));
        JsonNode status = ok(rest.get(ROOT + "/status"));
        assertTrue(status.get("version").asText().matches("\\d+\\.\\d+\\.\\d+.*"), status.toString());
        assertTrue(status.get("uptime_seconds").isIntegralNumber() && status.get("uptime_seconds").asLong() >= 0,
                status.toString());
        assertEquals(ok(rest.get(DEVICES)).get("devices").size(), status.get("devices").asInt(), status.toString());
        assertEquals(ok(rest.get(CONFIGS)).get("configs").size(), status.get("configs").asInt(), status.toString());
        assertEquals(ok(rest.get(ROOT + "/pg_mgr/plugins")).get("plugins").size(), status.get("plugins").asInt());
        assertEquals(0, status.get("banned_ips").asInt(), status.toString());
        JsonNode http = status.get("servers").get("http");
        assertEquals("ok", http.get("status").asText());
        assertEquals(provd.httpPort(), http.get("port").asInt());
        assertTrue(http.get("requests").get("served").isIntegralNumber(), http.toString());
        JsonNode tftp = status.get("servers").get("tftp");
        assertEquals("ok", tftp.get("status").asText());
        assertEquals(provd.tftpPort(), tftp.get("port").asInt());
        assertTrue(tftp.get("requests").get("served").isIntegralNumber(), tftp.toString());
        JsonNode store = status.get("store");
        assertEquals("ok", store.get("status").asText(), store.toString());
        // the device just created was written, and each write's directory was synced, alone or with others
        assertTrue(store.get("document_writes_total").asLong() >= 1, store.toString());
        assertTrue(store.get("directory_syncs_total").asLong() >= 1, store.toString());
        assertEquals(0, store.get("write_failures_total").asLong(), store.toString());
    }

    @Test
    void theMetricsArePrometheusTextWithoutCredentials() {
        newDevice(object("mac", RestClient.uniqueDigiumMac(), "plugin", DIGIUM));
        long digiumDevices = ok(rest.get(DEVICES, Map.of("q", RestClient.json(object("plugin", DIGIUM)))))
                .get("devices").size();
        RestClient anonymous = RestClient.anonymous(provd.restPort());
        Response[] metrics = new Response[1];
        Pattern devices = Pattern.compile("^provd_devices\\{plugin=\"" + Pattern.quote(DIGIUM) + "\"} (\\d+)$",
                Pattern.MULTILINE);
        Await.until("provd_devices{plugin=" + DIGIUM + "} " + digiumDevices, () -> {
            metrics[0] = anonymous.get(ROOT + "/metrics");
            Matcher m = devices.matcher(metrics[0].body());
            return metrics[0].status() == 200 && m.find() && Long.parseLong(m.group(1)) == digiumDevices;
        }, () -> String.valueOf(metrics[0]));
        String text = metrics[0].body();
        assertEquals("text/plain", metrics[0].contentType());
        assertTrue(metrics[0].header("Content-Type").orElseThrow().contains("version=0.0.4"), metrics[0].toString());
        assertTrue(text.contains("# TYPE provd_requests_total counter\n"), text);
        assertTrue(text.contains("# TYPE provd_devices gauge\n"), text);
        Matcher writes = Pattern.compile("^provd_store_document_writes_total (\\d+)$", Pattern.MULTILINE)
                .matcher(text);
        assertTrue(writes.find() && Long.parseLong(writes.group(1)) > 0, text);
        assertTrue(text.contains("# TYPE provd_store_writes_pending gauge\n"), text);
        Matcher heap = Pattern.compile("^jvm_memory_used_bytes\\{area=\"heap\"} (\\d+)$", Pattern.MULTILINE)
                .matcher(text);
        assertTrue(heap.find() && Long.parseLong(heap.group(1)) > 0, text);
        assertTrue(Pattern.compile("^provd_server_up\\{protocol=\"http\"} 1$", Pattern.MULTILINE).matcher(text).find(),
                text);
        // every sample line is "name{labels} integer"
        for (String line : text.split("\n")) {
            assertTrue(line.startsWith("# HELP ") || line.startsWith("# TYPE ")
                    || line.matches("[a-z_]+(\\{[a-z_]+=\"[^\"]*\"(,[a-z_]+=\"[^\"]*\")*})? -?\\d+"), line);
        }
    }

    @Test
    void healthIsOkWithoutCredentials() {
        Response health = RestClient.anonymous(provd.restPort()).get(ROOT + "/health");
        assertEquals(200, health.status(), health.toString());
        assertEquals(RestClient.JSON, health.contentType());
        assertEquals("{\"status\":\"ok\"}", health.json().toString());
    }

    // --------------------------------------------------------------------------------------------- errors

    @Test
    void malformedJsonIsRefusedNamingTheProblem() {
        Snapshot before = snapshot();
        Response malformed = rest.send("POST", DEVICES, "{\"device\": {\"mac\": ", RestClient.JSON);
        assertError(400, malformed);
        assertTrue(malformed.error().startsWith("malformed JSON"), malformed.toString());
        assertTrue(malformed.error().contains("line 1"), malformed.toString());
        assertError(400, rest.send("POST", DEVICES, "{\"device\": {}} trailing", RestClient.JSON));
        assertError(400, rest.send("POST", DEVICES, "{\"device\": {}, \"device\": {}}", RestClient.JSON));
        assertError(400, rest.send("POST", CONFIGS, "[]", RestClient.JSON));
        assertError(400, rest.send("POST", CONFIGS, "", RestClient.JSON));
        before.assertUnchanged();
    }

    @Test
    void wrongTypesAndInvalidAddressesAreRefused() {
        String mac = RestClient.uniqueDigiumMac();
        String id = newDevice(object("mac", mac, "ip", "10.6.0.1"));
        Snapshot before = snapshot();
        Response notAnObject = rest.post(DEVICES, object("device", 5));
        assertError(400, notAnObject);
        assertTrue(notAnObject.error().contains("device"), notAnObject.toString());
        Response macNotAString = rest.post(DEVICES, object("device", object("mac", 5)));
        assertError(400, macNotAString);
        assertTrue(macNotAString.error().contains("mac"), macNotAString.toString());
        assertError(400, rest.post(DEVICES, object("devices", object("mac", RestClient.uniqueDigiumMac()))));
        for (String invalid : List.of("zz", "00:0f:d3:00:00", "00:0f:d3:00:00:00:00", "00:0f:d3:gg:00:00")) {
            Response refused = rest.post(DEVICES, object("device", object("mac", invalid)));
            assertError(400, refused);
            assertTrue(refused.error().contains("mac"), refused.toString());
        }
        assertError(400, rest.post(DEVICES, object("device", object("mac", RestClient.uniqueDigiumMac(),
                "ip", "10.6.0.256"))));
        assertError(400, rest.put(DEVICES + "/" + id, object("device", object("mac", "not-a-mac"))));
        assertError(400, rest.put(DEVICES + "/" + id, object("device", "x")));
        assertError(400, rest.post(CONFIGS, object("config", List.of())));
        assertError(400, rest.post(CONFIGS, object("config", object("parent_ids", "base"))));
        before.assertUnchanged();
        JsonNode device = ok(rest.get(DEVICES + "/" + id)).get("device");
        assertEquals(mac, device.get("mac").asText());
        assertEquals("10.6.0.1", device.get("ip").asText());
    }

    @Test
    void unknownIdsAre404() {
        String none = RestClient.uniqueId("none-");
        Snapshot before = snapshot();
        List<Response> responses = List.of(
                rest.get(DEVICES + "/" + none),
                rest.put(DEVICES + "/" + none, object("device", object("mac", RestClient.uniqueDigiumMac()))),
                rest.delete(DEVICES + "/" + none),
                rest.get(CONFIGS + "/" + none),
                rest.get(CONFIGS + "/" + none + "/raw"),
                rest.put(CONFIGS + "/" + none, object("config", object("parent_ids", List.of("base")))),
                rest.delete(CONFIGS + "/" + none),
                rest.get(ROOT + "/pg_mgr/plugins/" + none),
                rest.get(ROOT + "/pg_mgr/plugins/" + none + "/info"),
                rest.get(ROOT + "/operation/" + none),
                rest.delete(ROOT + "/operation/" + none),
                rest.get(ROOT + "/dev_mgr/synchronize/" + none),
                rest.get(ROOT + "/configure/" + none),
                rest.put(ROOT + "/configure/" + none, object("param", object("value", "x"))));
        for (Response response : responses) {
            assertError(404, response);
            assertTrue(response.error().contains(none), response.toString());
        }
        before.assertUnchanged();
    }

    @Test
    void aBodyOverOneMebibyteIs413() {
        Snapshot before = snapshot();
        Response tooLarge = rest.sendHeadOnly("POST", DEVICES, RestClient.JSON, (1 << 20) + 1);
        assertError(413, tooLarge);
        assertTrue(tooLarge.error().contains("1048576"), tooLarge.toString());
        before.assertUnchanged();
        // exactly 1 MiB is fine
        String mac = RestClient.uniqueDigiumMac();
        String json = RestClient.json(object("device", object("mac", mac, "description", "x".repeat(1000))));
        String fits = json + " ".repeat((1 << 20) - json.length());
        assertEquals(1 << 20, fits.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        Response created = rest.send("POST", DEVICES, fits, RestClient.JSON);
        assertEquals(201, created.status(), created.toString());
        assertEquals(1, devicesWithMac(mac).size());
    }

    @Test
    void aBodyThatIsNotJsonByItsTypeIs415() {
        Snapshot before = snapshot();
        String body = RestClient.json(object("device", object("mac", RestClient.uniqueDigiumMac())));
        Response plain = rest.send("POST", DEVICES, body, "text/plain");
        assertError(415, plain);
        assertTrue(plain.error().contains("text/plain"), plain.toString());
        assertError(415, rest.send("POST", DEVICES, body, null));
        assertError(415, rest.send("POST", DEVICES, body, "application/x-www-form-urlencoded"));
        before.assertUnchanged();
    }

    @Test
    void bothJsonMediaTypesAreAcceptedAndTheProvdTypeIsAnsweredWhenAskedFor() {
        String mac = RestClient.uniqueDigiumMac();
        Response provdType = rest.send("POST", DEVICES, RestClient.json(object("device", object("mac", mac))),
                RestClient.PROVD_JSON);
        assertEquals(201, provdType.status(), provdType.toString());
        assertEquals(RestClient.PROVD_JSON, provdType.contentType());
        Response withCharset = rest.send("POST", DEVICES, RestClient.json(object("device",
                object("mac", RestClient.uniqueDigiumMac()))), "application/json; charset=utf-8");
        assertEquals(201, withCharset.status(), withCharset.toString());
        assertEquals(RestClient.JSON, withCharset.contentType());

        String device = provdType.location();
        assertEquals(RestClient.JSON, ok(rest, rest.get(device)).contentType());
        Response asked = rest.send("GET", device, null, null, "Accept", RestClient.PROVD_JSON);
        assertEquals(200, asked.status());
        assertEquals(RestClient.PROVD_JSON, asked.contentType());
        assertEquals(mac, asked.json().get("device").get("mac").asText());
        Response askedError = rest.send("GET", DEVICES + "/" + RestClient.uniqueId("none-"), null, null,
                "Accept", RestClient.PROVD_JSON);
        assertEquals(404, askedError.status());
        assertEquals(RestClient.PROVD_JSON, askedError.contentType());
    }

    @Test
    void unknownPathsAre404AndWrongMethods405WithAllow() {
        for (String path : List.of(ROOT + "/nope", ROOT + "/dev_mgr/nope", DEVICES + "/a/b", ROOT + "/cfg_mgr/configs/a/b",
                "/nope", "/provdx")) {
            assertError(404, rest.get(path));
        }
        Snapshot before = snapshot();
        Response patch = rest.send("PATCH", DEVICES, "{}", RestClient.JSON);
        assertError(405, patch);
        assertEquals("GET, POST", patch.header("Allow").orElse(null), patch.toString());
        Response delete = rest.delete(DEVICES);
        assertError(405, delete);
        assertEquals("GET, POST", delete.header("Allow").orElse(null));
        Response post = rest.post(DEVICES + "/" + RestClient.uniqueId("x-"), object("device", object()));
        assertError(405, post);
        assertEquals("DELETE, GET, PUT", post.header("Allow").orElse(null));
        Response get = rest.get(ROOT + "/dev_mgr/reconfigure");
        assertError(405, get);
        assertEquals("POST", get.header("Allow").orElse(null));
        Response putRoot = rest.put(ROOT, object());
        assertError(405, putRoot);
        assertEquals("GET", putRoot.header("Allow").orElse(null));
        Response deleteStatus = rest.delete(ROOT + "/status");
        assertError(405, deleteStatus);
        before.assertUnchanged();
    }

    // -------------------------------------------------------------------------------------------- helpers

    private static JsonNode ok(Response response) {
        return ok(rest, response).json();
    }

    private static Response ok(RestClient client, Response response) {
        assertEquals(200, response.status(), response.toString());
        String type = response.contentType();
        assertTrue(type.equals(RestClient.JSON) || type.equals(RestClient.PROVD_JSON), response.toString());
        assertEquals("no-store", response.header("Cache-Control").orElse(null), response.toString());
        return response;
    }

    static void assertError(int status, Response response) {
        assertEquals(status, response.status(), response.toString());
        assertFalse(response.error().isBlank(), response.toString());
        String type = response.contentType();
        assertTrue(type.equals(RestClient.JSON) || type.equals(RestClient.PROVD_JSON), response.toString());
    }

    /** A duplicate: 409 (the spec allows 400 too). */
    private static void assertConflict(Response response) {
        assertTrue(response.status() == 409 || response.status() == 400, response.toString());
        assertNotEquals("", response.error());
    }

    private static String newDevice(Map<String, Object> device) {
        Response created = rest.post(DEVICES, object("device", device));
        assertEquals(201, created.status(), created.toString());
        return created.json().get("id").asText();
    }

    private static List<JsonNode> devicesWithMac(String mac) {
        List<JsonNode> found = new ArrayList<>();
        ok(rest.get(DEVICES, Map.of("q", RestClient.json(object("mac", mac))))).get("devices").forEach(found::add);
        return found;
    }

    /** {@code {"links": [{"href", "rel"}]}} as href → rel. */
    private static Map<String, String> links(JsonNode node) {
        JsonNode links = node.get("links");
        assertTrue(links != null && links.isArray(), "no links array in " + node);
        Map<String, String> byHref = new LinkedHashMap<>();
        for (JsonNode link : links) {
            assertEquals(Set.of("href", "rel"), fieldNames(link), link.toString());
            byHref.put(link.get("href").asText(), link.get("rel").asText());
        }
        return byHref;
    }

    static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> texts = new ArrayList<>();
        array.forEach(element -> texts.add(element.get(field).asText()));
        return texts;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(element -> texts.add(element.asText()));
        return texts;
    }

    private static Snapshot snapshot() {
        return new Snapshot(inventory());
    }

    /** Every device (id, mac, config) and every config (id, parents, raw values), to compare after a refusal. */
    private static String inventory() {
        List<String> lines = new ArrayList<>();
        ok(rest.get(DEVICES, Map.of("fields", "id,mac,ip,config,model,description"))).get("devices")
                .forEach(d -> lines.add("device " + d));
        ok(rest.get(CONFIGS)).get("configs").forEach(c -> lines.add("config " + c.get("id") + " "
                + c.get("parent_ids") + " " + c.get("raw_config")));
        lines.sort(null);
        return String.join("\n", lines);
    }

    /** What the API lists now; {@link #assertUnchanged} fails if that is no longer so. */
    private record Snapshot(String inventory) {
        void assertUnchanged() {
            assertEquals(inventory, inventory(), "a refused request changed the devices or configs");
        }
    }
}
