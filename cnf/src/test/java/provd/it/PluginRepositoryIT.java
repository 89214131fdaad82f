package provd.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static provd.it.support.RestClient.object;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import provd.it.support.Await;
import provd.it.support.ProvdProcess;
import provd.it.support.WebServer;
import provd.it.support.RestClient;
import provd.it.support.RestClient.Response;
import provd.it.support.TestPluginBundle;

/**
 * The plugin repository against provd.jar and a repository served by Jetty on the loopback: the index read over
 * REST and Gogo, a plugin installed with its download's progress, upgraded live while a phone keeps fetching its
 * file (no request fails, and the new version renders it), uninstalled, kept across a restart; and every download
 * or bundle that cannot be verified or does not provide its plugin refused, with nothing installed.
 */
class PluginRepositoryIT {
    private static final String ROOT = "/provd";
    private static final String INSTALL = ROOT + "/pg_mgr/install";
    private static final String PLUGIN = "repo-test";
    private static final String MAC = "00:1a:2b:3c:4d:5e";
    private static final String PHONE_FILE = "/RepoTest/001a2b3c4d5e.cfg";
    private static final HttpClient PHONE = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;
    private WebServer repository;
    private Path v1;
    private Path v2;

    @BeforeEach
    void serve() throws Exception {
        repository = WebServer.start();
        v1 = TestPluginBundle.repositoryPlugin(dir, 1);
        v2 = TestPluginBundle.repositoryPlugin(dir, 2);
        repository.put(v1.getFileName().toString(), Files.readAllBytes(v1));
        repository.put(v2.getFileName().toString(), Files.readAllBytes(v2));
    }

    @AfterEach
    void stop() throws Exception {
        repository.close();
    }

    /** A home whose plugin_server is the test repository (or none), and plugins given 3 s to start. */
    private Path home(boolean withServer) throws Exception {
        Path home = dir.resolve("home");
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/provd.repository.cfg"), "start.timeout.seconds = 3\n");
        if (withServer) {
            Files.writeString(home.resolve("etc/provd.params.cfg"), "plugin_server = " + repository.url() + "\n");
        }
        return home;
    }

    // ------------------------------------------------------------------------------------------ the index

    /** An index entry for a file: its size and SHA-1 as they are, unless given. */
    private static Map<String, Object> entry(String version, String filename, long size, String sha1) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("version", version);
        entry.put("description", "RepoTest phones");
        entry.put("description_fr", "Téléphones RepoTest");
        entry.put("dsize", size);
        entry.put("sha1sum", sha1);
        entry.put("filename", filename);
        entry.put("capabilities", object("RepoTest, R1, " + version, object("sip.lines", 1)));
        return entry;
    }

    private static Map<String, Object> entry(String version, Path jar) throws Exception {
        return entry(version, jar.getFileName().toString(), Files.size(jar), sha1(Files.readAllBytes(jar)));
    }

    private static String sha1(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(content));
    }

    private void publish(Map<String, Object> index) {
        repository.put("plugins.db", RestClient.json(index).getBytes(UTF_8));
    }

    // ------------------------------------------------------------------------------------------ REST helpers

    /** Starts a long action, answered 201 with the Location of its operation below the action's path. */
    private static String start(RestClient rest, String action, Object body) {
        Response started = rest.post(INSTALL + "/" + action, body);
        assertEquals(201, started.status(), started.toString());
        assertTrue(started.location().startsWith(INSTALL + "/" + action + "/"), started.toString());
        return started.location();
    }

    /** Polls an operation until it ends; returns its last status object. */
    private static JsonNode await(RestClient rest, String operation) {
        JsonNode[] last = new JsonNode[1];
        Await.until("the end of " + operation, () -> {
            Response status = rest.get(operation);
            assertEquals(200, status.status(), status.toString());
            last[0] = status.json();
            return last[0].get("status").asText().matches("\\w+\\|(success|fail).*");
        }, () -> String.valueOf(last[0]));
        return last[0];
    }

    private static JsonNode failed(RestClient rest, String operation) {
        JsonNode status = await(rest, operation);
        assertTrue(status.get("status").asText().startsWith(operation.split("/")[4] + "|fail"), status.toString());
        return status;
    }

    private static JsonNode ok(Response response) {
        assertEquals(200, response.status(), response.toString());
        return response.json();
    }

    private static void assertError(int status, Response response) {
        assertEquals(status, response.status(), response.toString());
        assertFalse(response.error().isBlank(), response.toString());
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> plugins(RestClient rest) {
        return names(ok(rest.get(ROOT + "/pg_mgr/plugins")).get("plugins"));
    }

    private static JsonNode device(RestClient rest) {
        JsonNode devices = ok(rest.get(ROOT + "/dev_mgr/devices", Map.of("q", RestClient.json(object("mac", MAC)))))
                .get("devices");
        assertEquals(1, devices.size(), devices.toString());
        return devices.get(0);
    }

    private static HttpResponse<String> phoneFetch(ProvdProcess provd) throws Exception {
        return PHONE.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + provd.httpPort() + PHONE_FILE))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Nothing of the test plugins is installed: no plugin, no bundle, no directory, no kept copy. */
    private static void assertNothingInstalled(ProvdProcess provd, RestClient rest, String id) throws Exception {
        assertEquals(Set.of("digium-2.8.1"), plugins(rest));
        String bundles = provd.command("felix:lb");
        assertFalse(bundles.contains("RepoTest") || bundles.contains(TestPluginBundle.REPOSITORY_SYMBOLIC_NAME)
                || bundles.contains(TestPluginBundle.SYMBOLIC_NAME), bundles);
        assertFalse(Files.exists(provd.home().resolve("data/plugins/" + id)), "a plugin directory for " + id);
        assertFalse(Files.exists(provd.home().resolve("data/repository/bundles/" + id + ".jar")));
    }

    // ------------------------------------------------------------------------------------------ tests

    @Test
    void whatCannotBeVerifiedOrDoesNotProvideItsPluginIsRefusedAndNothingIsInstalled() throws Exception {
        try (ProvdProcess provd = ProvdProcess.start(home(false))) {
            RestClient rest = RestApiIT.awaitRest(provd);
            assertEquals(6, ok(rest.get(INSTALL)).get("links").size());

            // no repository yet: the update says what to set, and there is nothing to install
            JsonNode noServer = failed(rest, start(rest, "update", object()));
            assertTrue(noServer.get("error").asText().contains("plugin_server"), noServer.toString());
            assertEquals(0, ok(rest.get(INSTALL + "/installable")).get("pkgs").size());
            assertError(404, rest.post(INSTALL + "/install", object("id", PLUGIN)));

            assertEquals(204, rest.put(ROOT + "/configure/plugin_server",
                    object("param", object("value", repository.url()))).status());
            // an index with one bad entry is refused whole, naming it
            Map<String, Object> bad = entry("1.0", v1);
            bad.put("sha1sum", "not-a-sha1");
            publish(object("fine", entry("1.0", v1), "broken", bad));
            // right after the PUT that set plugin_server: the repository reads it as it is now
            JsonNode refused = failed(rest, start(rest, "update", object()));
            assertTrue(refused.get("error").asText().contains("entry 'broken' is refused: sha1sum"),
                    refused.toString());
            assertEquals(0, ok(rest.get(INSTALL + "/installable")).get("pkgs").size());

            // entries that lie about their file, or whose file is no plugin bundle
            Path junk = Files.write(dir.resolve("junk.jar"), "not a jar at all".getBytes(UTF_8));
            repository.put("junk.jar", Files.readAllBytes(junk));
            Path stranger = TestPluginBundle.v1(dir); // provides test-1.0, listed as something else
            repository.put(stranger.getFileName().toString(), Files.readAllBytes(stranger));
            String good = sha1(Files.readAllBytes(v1));
            long size = Files.size(v1);
            publish(object(
                    "bad-sha1", entry("1.0", v1.getFileName().toString(), size, "0".repeat(40)),
                    "bad-size", entry("1.0", v1.getFileName().toString(), size + 1, good),
                    "missing", entry("1.0", "missing.jar", size, good),
                    "not-a-bundle", entry("1.0", junk),
                    "stranger", entry("1.0", stranger)));
            JsonNode updated = await(rest, start(rest, "update", object()));
            assertTrue(updated.get("status").asText().startsWith("update|success"), updated.toString());
            assertEquals(Set.of("bad-sha1", "bad-size", "missing", "not-a-bundle", "stranger"),
                    names(ok(rest.get(INSTALL + "/installable")).get("pkgs")));

            Map<String, String> expected = new TreeMap<>(Map.of(
                    "bad-sha1", "SHA-1",
                    "bad-size", "expected " + (size + 1) + " bytes, got " + size,
                    "missing", "404",
                    "not-a-bundle", "cannot be installed as a bundle",
                    "stranger", "did not provide plugin 'stranger'"));
            for (Map.Entry<String, String> refusal : expected.entrySet()) {
                JsonNode status = failed(rest, start(rest, "install", object("id", refusal.getKey())));
                assertTrue(status.get("error").asText().contains(refusal.getValue()), status.toString());
                assertNothingInstalled(provd, rest, refusal.getKey());
            }
            assertNothingInstalled(provd, rest, "test-1.0");

            // refusals made at once, and operations only found under their own action's path
            assertError(404, rest.post(INSTALL + "/uninstall", object("id", PLUGIN)));
            assertError(404, rest.post(INSTALL + "/upgrade", object("id", PLUGIN)));
            assertError(409, rest.post(INSTALL + "/uninstall", object("id", "digium-2.8.1")));
            assertError(404, rest.post(INSTALL + "/install", object("id", "digium-2.8.1")));
            assertError(400, rest.post(INSTALL + "/install", object()));
            String operation = start(rest, "update", object());
            await(rest, operation);
            String id = operation.substring(operation.lastIndexOf('/') + 1);
            assertError(404, rest.get(INSTALL + "/install/" + id));
            assertEquals(204, rest.delete(operation).status());
            assertError(404, rest.get(operation));
            assertTrue(provd.command("provd:install nothing-such").contains("no plugin 'nothing-such'"));

            // without provd.fetchfw the repository is gone and says so; the rest of the core stays
            String fetchfw = bundleId(provd, "provd.fetchfw");
            provd.command("felix:stop " + fetchfw);
            Await.until("the repository gone", () -> rest.get(INSTALL + "/installable").status() == 503);
            assertTrue(rest.post(INSTALL + "/update", object()).error().contains("provd.fetchfw"));
            assertEquals(Set.of("digium-2.8.1"), plugins(rest));
            assertTrue(provd.command("provd:repo-list").contains("Command not found"));
            provd.command("felix:start " + fetchfw);
            Await.until("the repository back", () -> rest.get(INSTALL + "/installable").status() == 200);
        }
    }

    /** The id of the bundle with this symbolic name, from {@code felix:lb -s}. */
    private static String bundleId(ProvdProcess provd, String symbolicName) throws Exception {
        String listing = provd.command("felix:lb -s");
        Matcher line = Pattern.compile("(?m)^\\s*(\\d+)\\|.*\\|\\s*" + Pattern.quote(symbolicName) + "\\b")
                .matcher(listing);
        assertTrue(line.find(), "no bundle " + symbolicName + " in " + listing);
        return line.group(1);
    }

    @Test
    void aPluginIsInstalledWithProgressUpgradedLiveWithoutAFailedRequestAndUninstalled() throws Exception {
        publish(object(PLUGIN, entry("1.0", v1)));
        repository.slow(v1.getFileName().toString(), 150);
        try (ProvdProcess provd = ProvdProcess.start(home(true))) {
            RestClient rest = RestApiIT.awaitRest(provd);
            await(rest, start(rest, "update", object()));
            JsonNode installable = ok(rest.get(INSTALL + "/installable")).get("pkgs").get(PLUGIN);
            assertEquals("1.0", installable.get("version").asText());
            assertEquals(Files.size(v1), installable.get("dsize").asLong());
            assertEquals(sha1(Files.readAllBytes(v1)), installable.get("sha1sum").asText());
            assertEquals("Téléphones RepoTest", installable.get("description_fr").asText());
            assertFalse(installable.has("filename"), installable.toString());

            // the install, its download seen under way
            String operation = start(rest, "install", object("id", PLUGIN));
            long size = Files.size(v1);
            Pattern downloading = Pattern.compile("install\\|progress\\(download\\|progress;(\\d+)/" + size + "\\).*");
            Set<String> seen = ConcurrentHashMap.newKeySet();
            Await.until("the download under way", () -> {
                String status = rest.get(operation).json().get("status").asText();
                seen.add(status);
                Matcher m = downloading.matcher(status);
                return m.matches() && Long.parseLong(m.group(1)) > 0 && Long.parseLong(m.group(1)) < size;
            }, seen::toString);
            JsonNode installed = await(rest, operation);
            assertEquals("install|success(download|success;" + size + "/" + size + ")(install|success)",
                    installed.get("status").asText());
            assertEquals(Set.of("digium-2.8.1", PLUGIN), plugins(rest));
            JsonNode info = ok(rest.get(INSTALL + "/installed")).get("pkgs").get(PLUGIN);
            assertEquals("1.0", info.get("version").asText());
            assertEquals("RepoTest phones, generation 1", info.get("description").asText());
            assertEquals(1, info.get("capabilities").get("RepoTest, R1, 1.0").get("sip.lines").asInt());
            assertError(409, rest.post(INSTALL + "/install", object("id", PLUGIN)));

            // a phone gets its file from the plugin's file area
            HttpResponse<String> first = phoneFetch(provd);
            assertEquals(200, first.statusCode(), first.body());
            assertTrue(first.body().startsWith("generation=1\n"), first.body());
            assertEquals(PLUGIN, device(rest).get("plugin").asText());

            // version 1.1 published; the phone keeps fetching its file while the plugin is upgraded from the shell
            publish(object(PLUGIN, entry("1.1", v2)));
            assertTrue(provd.command("provd:repo-update").contains("plugin index updated: 1 plugin(s)"));
            String listing = provd.command("provd:repo-list");
            assertTrue(listing.matches("(?s).*\\nrepo-test +1\\.1 +1\\.0 +RepoTest phones\\n.*"), listing);
            assertTrue(listing.matches("(?s).*\\ndigium-2\\.8\\.1 +- +\\S+ +.*"), "the distribution's plugin: " + listing);
            AtomicBoolean fetching = new AtomicBoolean(true);
            AtomicInteger requests = new AtomicInteger();
            List<String> failures = new CopyOnWriteArrayList<>();
            Set<String> contents = ConcurrentHashMap.newKeySet();
            Thread phone = new Thread(() -> {
                while (fetching.get()) {
                    try {
                        HttpResponse<String> response = phoneFetch(provd);
                        requests.incrementAndGet();
                        if (response.statusCode() != 200) {
                            failures.add(response.statusCode() + " " + response.body());
                        } else {
                            contents.add(response.body().lines().findFirst().orElse(""));
                        }
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                }
            }, "phone");
            phone.start();
            try {
                Await.until("the phone fetching", () -> requests.get() > 20);
                // an upgrade to a bundle that does not provide the plugin: refused, the previous version put back
                Path stranger = TestPluginBundle.v1(dir);
                repository.put(stranger.getFileName().toString(), Files.readAllBytes(stranger));
                publish(object(PLUGIN, entry("9.9", stranger)));
                provd.command("provd:repo-update");
                String refused = provd.command("provd:upgrade " + PLUGIN);
                assertTrue(refused.contains("upgrade failed: plugin 'repo-test' could not be upgraded to 9.9: its "
                        + "bundle provd.it.testplugin 1.0.0 started but did not provide plugin 'repo-test'"), refused);
                assertTrue(refused.contains("the previous version (1.0.0) is back"), refused);
                assertEquals("1.0", ok(rest.get(INSTALL + "/installed")).get("pkgs").get(PLUGIN).get("version")
                        .asText());
                assertFalse(plugins(rest).contains("test-1.0"), "the stranger's plugin left with it");
                int before = requests.get();
                Await.until("more requests after the failed upgrade", () -> requests.get() > before + 20);
                assertEquals(Set.of("generation=1"), contents);

                publish(object(PLUGIN, entry("1.1", v2)));
                provd.command("provd:repo-update");
                String upgraded = provd.command("provd:upgrade " + PLUGIN);
                assertTrue(upgraded.contains("plugin repo-test upgraded to 1.1"), upgraded);
                assertTrue(upgraded.contains("download"), "its progress is shown: " + upgraded);
                Await.until("the file rendered by version 1.1", () -> contents.contains("generation=2"),
                        contents::toString);
                int after = requests.get();
                Await.until("more requests after the upgrade", () -> requests.get() > after + 20);
            } finally {
                fetching.set(false);
                phone.join(10_000);
            }
            assertEquals(List.of(), failures, "failed phone requests during the upgrade, of " + requests.get());
            // the plugin's services did leave and come back while the phone was fetching
            provd.awaitLog("plugin " + PLUGIN + " left for its replacement");
            provd.awaitLog("plugin " + PLUGIN + " replaced");
            assertEquals(Set.of("generation=1", "generation=2"), contents);
            assertEquals(PLUGIN, device(rest).get("plugin").asText());
            assertTrue(device(rest).get("configured").asBoolean());
            assertEquals("1.1", ok(rest.get(INSTALL + "/installed")).get("pkgs").get(PLUGIN).get("version").asText());

            // uninstalled: the bundle and its directory gone, the device kept without a plugin
            Response uninstalled = rest.post(INSTALL + "/uninstall", object("id", PLUGIN));
            assertEquals(204, uninstalled.status(), uninstalled.toString());
            assertNothingInstalled(provd, rest, PLUGIN);
            Await.until("the device without a plugin", () -> device(rest).path("plugin").asText("").isEmpty(),
                    () -> device(rest).toString());
            assertEquals(404, phoneFetch(provd).statusCode());
        }
    }

    @Test
    void aPluginInstalledFromTheShellIsStillThereAfterARestart() throws Exception {
        publish(object(PLUGIN, entry("1.0", v1)));
        Path home = home(true);
        try (ProvdProcess provd = ProvdProcess.start(home)) {
            // the shell answers before every component is there
            provd.commandUntil("provd:repo-update", updated -> updated.contains("1 plugin(s) installable"));
            String installed = provd.command("provd:install " + PLUGIN);
            assertTrue(installed.contains("plugin repo-test 1.0 installed"), installed);
            assertTrue(installed.contains("download"), "its progress is shown: " + installed);
            assertTrue(provd.command("provd:install " + PLUGIN).contains("is installed already"));
            provd.send("felix:stop 0");
            provd.awaitExit(Duration.ofSeconds(30));
        }
        repository.remove("plugins.db"); // what is installed and installable comes from the home alone
        try (ProvdProcess provd = ProvdProcess.start(home)) {
            provd.commandUntil("provd:plugins", plugins -> plugins.contains(PLUGIN));
            String listing = provd.commandUntil("provd:repo-list", list -> list.contains(PLUGIN + " "));
            assertTrue(listing.matches("(?s).*\\nrepo-test +1\\.0 +1\\.0 +RepoTest phones\\n.*"), listing);
            HttpResponse<String> file = phoneFetch(provd);
            assertEquals(200, file.statusCode(), file.body());
            assertTrue(file.body().startsWith("generation=1\n"), file.body());

            assertTrue(provd.command("provd:uninstall " + PLUGIN).contains("plugin repo-test uninstalled"));
            assertTrue(provd.command("provd:uninstall " + PLUGIN).contains("is not installed"));
            assertFalse(provd.command("provd:plugins").contains(PLUGIN));
            assertFalse(Files.exists(home.resolve("data/plugins/" + PLUGIN)));
        }
    }
}
