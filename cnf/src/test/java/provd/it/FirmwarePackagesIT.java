package provd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static provd.it.support.RestClient.object;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import provd.it.support.Await;
import provd.it.support.ProvdProcess;
import provd.it.support.RestClient;
import provd.it.support.RestClient.Response;
import provd.it.support.TestPluginBundle;
import provd.it.support.TftpClient;
import provd.it.support.WebServer;

/**
 * Firmware packages end to end, on the running distribution: a test plugin bundle declares a catalog whose files a
 * web server in the test serves; packages are listed, installed, served to phones over HTTP and TFTP, upgraded with
 * a new version of the plugin, and uninstalled, through the REST API and the shell. Every bad download and every
 * unsafe archive is refused with nothing installed and nothing written outside the scratch directory.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FirmwarePackagesIT {
    private static final String PACKAGES = "/provd/pg_mgr/plugins/test-1.0/install";
    private static final String MAC = "000fd3ee0001";

    @TempDir
    static Path dir;

    private static WebServer web;
    private static ProvdProcess provd;
    private static RestClient rest;
    private static Path area;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        web = WebServer.start();
        Path home = dir.resolve("home");
        // a small expansion limit, so that the zip bomb needs only a few megabytes to prove it
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/provd.fetchfw.cfg"), "max.expanded.megabytes = 8\n");
        provd = ProvdProcess.start(home);
        rest = RestApiIT.awaitRest(provd);
        area = home.resolve("data/plugins/test-1.0/var/tftpboot");
        Files.write(home.resolve("deploy/testplugin.jar"), Files.readAllBytes(
                TestPluginBundle.v1WithPackages(dir.resolve("v1"), catalog("1.0", firmware("1.0", Map.of(
                        "fw-1.0/phone.eff", "firmware one", "fw-1.0/old.eff", "only in one",
                        "fw-1.0/notes.txt", "not copied"))))));
        provd.commandUntil("provd:plugins", plugins -> plugins.contains("test-1.0"));
        Await.until("the test plugin's packages", () -> rest.get(PACKAGES + "/installable").status() == 200);
    }

    @AfterAll
    static void stop() throws Exception {
        if (provd != null) {
            provd.close();
        }
        if (web != null) {
            web.close();
        }
    }

    @Test
    @Order(1)
    void installServeUpgradeAndUninstallAPackage() throws Exception {
        JsonNode installable = rest.get(PACKAGES + "/installable").json().path("pkgs");
        assertEquals("1.0", installable.path("firmware").path("version").asText(), installable.toString());
        assertEquals("Test firmware", installable.path("firmware").path("description").asText());
        assertTrue(installable.path("firmware").path("dsize").asLong() > 0, installable.toString());
        assertEquals("{}", rest.get(PACKAGES + "/installed").json().path("pkgs").toString());

        assertEquals("success", await(rest.post(PACKAGES + "/install", object("id", "firmware"))));
        assertEquals(Set.of("firmware/phone.eff", "firmware/old.eff"), filesIn(area));
        assertEquals("1.0", rest.get(PACKAGES + "/installed").json().path("pkgs").path("firmware").path("version")
                .asText());
        assertFalse(rest.get(PACKAGES + "/installable").json().path("pkgs").has("firmware"),
                "installed in the catalog's version: nothing to install");
        assertEquals(409, rest.post(PACKAGES + "/install", object("id", "firmware")).status());

        // a phone of the plugin fetches it over HTTP and TFTP
        String http = "http://127.0.0.1:" + provd.httpPort();
        assertEquals(200, get(http + "/Test/" + MAC + ".cfg").statusCode());
        HttpResponse<byte[]> firmware = get(http + "/firmware/phone.eff");
        assertEquals(200, firmware.statusCode());
        assertEquals("firmware one", new String(firmware.body(), StandardCharsets.UTF_8));
        TftpClient.Result viaTftp = TftpClient.get("127.0.0.1", provd.tftpPort(), "firmware/phone.eff");
        assertTrue(viaTftp.ok(), viaTftp.errorMessage());
        assertEquals("firmware one", new String(viaTftp.data(), StandardCharsets.UTF_8));

        // version 1.1 of the plugin brings firmware 2.0: upgrade replaces the files, drops the one 2.0 lacks
        Files.write(provd.home().resolve("deploy/testplugin.jar"), Files.readAllBytes(
                TestPluginBundle.v1WithPackages(dir.resolve("v1.1"), catalog("2.0", firmware("2.0", Map.of(
                        "fw-2.0/phone.eff", "firmware two", "fw-2.0/new.eff", "only in two"))))));
        Await.until("firmware 2.0 offered", () -> rest.get(PACKAGES + "/installable").json().path("pkgs")
                .path("firmware").path("version").asText().equals("2.0"));
        assertEquals("success", await(rest.post(PACKAGES + "/upgrade", object("id", "firmware"))));
        assertEquals(Set.of("firmware/phone.eff", "firmware/new.eff"), filesIn(area));
        assertEquals("firmware two", new String(get(http + "/firmware/phone.eff").body(), StandardCharsets.UTF_8));
        assertEquals(404, get(http + "/firmware/old.eff").statusCode());

        // uninstalled through the shell: exactly its files go, and the directory it made
        String listing = provd.command("fetchfw:list test-1.0");
        assertTrue(listing.contains("test-1.0  firmware  2.0  installed 2.0  Test firmware"), listing);
        String uninstalled = provd.command("fetchfw:uninstall test-1.0 firmware");
        assertTrue(uninstalled.contains("uninstalled firmware of test-1.0"), uninstalled);
        assertEquals(Set.of(), filesIn(area));
        assertFalse(Files.exists(area.resolve("firmware")));
        assertTrue(Files.exists(area.resolve("Test/" + MAC + ".cfg")), "the device's own file stays");
        assertEquals(400, rest.post(PACKAGES + "/uninstall", object("id", "firmware")).status());

        // and installed again from the shell, with its progress drawn
        String ambiguous = provd.command("fetchfw:install firmware");
        assertTrue(ambiguous.contains("digium-2.8.1, test-1.0 all have a package 'firmware'"), ambiguous);
        String installed = provd.command("fetchfw:install test-1.0 firmware");
        assertTrue(installed.contains("[1/4] download firmware-2.0.tar.gz"), installed);
        assertTrue(installed.contains("[4/4] install firmware into the file area of test-1.0"), installed);
        assertTrue(installed.contains("installed firmware 2.0"), installed);
        assertEquals(Set.of("firmware/phone.eff", "firmware/new.eff"), filesIn(area));
        provd.command("fetchfw:uninstall test-1.0 firmware");
    }

    @Test
    @Order(2)
    void badDownloadsAndUnsafeArchivesInstallNothing() throws Exception {
        Map<String, String> refusals = new LinkedHashMap<>();
        refusals.put("badsha", "expected");
        refusals.put("wrongsize", "bytes");
        refusals.put("missing", "404");
        refusals.put("dotdot", "evil");
        refusals.put("absolute", "evil");
        refusals.put("symlink", "link");
        refusals.put("bomb", "limit");
        refusals.put("manual", "cache");
        refusals.put("rar", "not supported");
        Set<String> before = filesIn(provd.home());
        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            Response started = rest.post(PACKAGES + "/install", object("id", refusal.getKey()));
            if (started.status() == 400) {
                // refused before it started (unsupported, or a manual file missing): fine as long as it says why
                assertTrue(started.error().contains(refusal.getValue()), refusal + ": " + started);
                continue;
            }
            assertEquals(201, started.status(), started.toString());
            String[] status = {""};
            Await.until(refusal.getKey() + " to fail", () -> {
                status[0] = rest.get(started.location().replaceFirst("^http://[^/]+", "")).json().toString();
                return status[0].contains("fail");
            }, () -> status[0]);
            assertTrue(status[0].contains(refusal.getValue()), refusal + ": " + status[0]);
        }
        assertEquals("{}", rest.get(PACKAGES + "/installed").json().path("pkgs").toString());
        Set<String> after = filesIn(provd.home());
        // what the server itself keeps changing, and the cache where downloads land
        for (Set<String> files : List.of(before, after)) {
            files.removeIf(file -> Stream.of("data/cache/", "log/", "data/jsondb/", "data/framework/")
                    .anyMatch(file::startsWith));
        }
        assertEquals(before, after, "nothing written outside the cache");
        try (Stream<Path> everything = Files.walk(dir)) {
            List<Path> evil = everything.filter(p -> p.getFileName().toString().startsWith("evil")).toList();
            assertEquals(List.of(), evil);
        }
        assertEquals(404, rest.post(PACKAGES + "/install", object("id", "nosuch")).status());
        assertEquals(404, rest.post("/provd/pg_mgr/plugins/nosuch/install/install", object("id", "x")).status());
    }

    @Test
    @Order(3)
    void theCatalogLeavesWithItsBundle() throws Exception {
        assertEquals(200, rest.get(PACKAGES + "/installable").status());
        Files.delete(provd.home().resolve("deploy/testplugin.jar"));
        Await.until("the packages gone with the plugin", () -> rest.get(PACKAGES + "/installable").status() == 404);
        assertTrue(provd.command("fetchfw:list").contains("digium-2.8.1  firmware  2.8.1  not installed"));
    }

    /** Waits for the operation a 201 answer points to, and gives its root state. */
    private static String await(Response started) {
        assertEquals(201, started.status(), started.toString());
        String path = started.location().replaceFirst("^http://[^/]+", "");
        String[] status = {""};
        Await.until("the operation at " + path, () -> {
            status[0] = rest.get(path).json().path("status").asText();
            String state = rootState(status[0]);
            return state.equals("success") || state.equals("fail");
        }, () -> status[0]);
        return rootState(status[0]) + (rootState(status[0]).equals("fail") ? " " + status[0] : "");
    }

    /** {@code install firmware|progress;1/3(download ...|success)} → {@code progress}. */
    private static String rootState(String status) {
        String root = status.contains("(") ? status.substring(0, status.indexOf('(')) : status;
        root = root.substring(root.lastIndexOf('|') + 1);
        return root.contains(";") ? root.substring(0, root.indexOf(';')) : root;
    }

    private HttpResponse<byte[]> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static Set<String> filesIn(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString())
                    .filter(p -> !p.startsWith("Test/")).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    // --- the catalog and its files

    /** The good package, in a version, with its tarball's entries. */
    private static String firmware(String version, Map<String, String> entries) throws IOException {
        byte[] tarball = tarGz(entries);
        String name = "firmware-" + version + ".tar.gz";
        URI url = web.put(name, tarball);
        return "[pkg_firmware]\ndescription: Test firmware\ndescription_fr: Micrologiciel de test\nversion: "
                + version + "\nfiles: fw\ninstall: fw\n\n"
                + "[install_fw]\na-b: untar $FILE1\nb-c: cp */*.eff firmware/\n\n"
                + file("fw", url, tarball.length, sha1(tarball));
    }

    /** The catalog: the good package plus one package per way of going wrong. */
    private static String catalog(String version, String firmware) throws IOException {
        StringBuilder catalog = new StringBuilder(firmware);
        catalog.append("[install_untar]\na-b: untar $FILE1\n\n");
        catalog.append("[install_unzip]\na-b: unzip $FILE1\n\n");
        byte[] good = tarGz(Map.of("x.eff", "x"));
        URI goodUrl = web.put("good-" + version + ".tar.gz", good);
        bad(catalog, "badsha", "untar", file("badsha", goodUrl, good.length, sha1("other".getBytes())));
        bad(catalog, "wrongsize", "untar", file("wrongsize", goodUrl, good.length + 1, sha1(good)));
        bad(catalog, "missing", "untar", file("missing", web.uri("missing.tar.gz"), 10, sha1(good)));
        served(catalog, "dotdot", "untar", tar(entry("../../../../evil-dotdot", "x")));
        served(catalog, "absolute", "untar", tar(entry("/tmp/evil-absolute", "x")));
        TarArchiveEntry link = new TarArchiveEntry("link", TarArchiveEntry.LF_SYMLINK);
        link.setLinkName("../../../../../..");
        served(catalog, "symlink", "untar", tar(new Object[] {link, null}, entry("link/tmp/evil-symlink", "x")));
        served(catalog, "bomb", "unzip", zipOfZeros("zeros.bin", 32 << 20));
        catalog.append("[pkg_manual]\nversion: 1\nfiles: manual\ninstall: untar\n\n[file_manual]\nurl:\n"
                + "filename: vendor-only.tar.gz\nsize: 10\nsha1sum: " + sha1(good) + "\n\n");
        catalog.append("[pkg_rar]\nversion: 1\nfiles: rar\ninstall: unrar\n\n[install_unrar]\na-b: unrar $FILE1\n\n"
                + file("rar", goodUrl, good.length, sha1(good)));
        return catalog.toString();
    }

    private static void served(StringBuilder catalog, String id, String recipe, byte[] archive) {
        URI url = web.put(id + ".bin", archive);
        bad(catalog, id, recipe, file(id, url, archive.length, sha1(archive)));
    }

    private static void bad(StringBuilder catalog, String id, String recipe, String file) {
        catalog.append("[pkg_").append(id).append("]\nversion: 1\nfiles: ").append(id).append("\ninstall: ")
                .append(recipe).append("\n\n").append(file);
    }

    private static String file(String id, URI url, long size, String sha1) {
        return "[file_" + id + "]\nurl: " + url + "\nsize: " + size + "\nsha1sum: " + sha1 + "\n\n";
    }

    private static Object[] entry(String name, String content) {
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        entry.setSize(bytes.length);
        return new Object[] {entry, bytes};
    }

    private static byte[] tarGz(Map<String, String> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            for (Map.Entry<String, String> e : new TreeMap<>(entries).entrySet()) {
                byte[] content = e.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** A plain tar of raw entries: each an entry and its bytes (null for none), names kept as they are. */
    private static byte[] tar(Object[]... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Object[] e : entries) {
                tar.putArchiveEntry((TarArchiveEntry) e[0]);
                if (e[1] != null) {
                    tar.write((byte[]) e[1]);
                }
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] zipOfZeros(String name, int size) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
            zip.putArchiveEntry(new ZipArchiveEntry(name));
            byte[] zeros = new byte[1 << 20];
            for (int written = 0; written < size; written += zeros.length) {
                zip.write(zeros);
            }
            zip.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    private static String sha1(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
