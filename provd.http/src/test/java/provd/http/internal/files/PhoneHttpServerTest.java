package provd.http.internal.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import provd.core.api.Device;
import provd.core.api.ProvisioningRoute;
import provd.http.internal.RawHttp;
import provd.http.internal.files.TestSupport.CountingGuard;
import provd.http.internal.files.TestSupport.DirectoryRouter;

/** The phone file server on a real Jetty on an ephemeral port, with real HTTP clients. */
class PhoneHttpServerTest {
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    @TempDir
    Path area;
    DirectoryRouter router;
    CountingGuard guard;
    PhoneHttpServer server;
    HttpClient http;
    InetAddress loopback;

    @BeforeEach
    void start() throws Exception {
        loopback = InetAddress.getByName("127.0.0.1");
        router = new DirectoryRouter(area);
        guard = new CountingGuard();
        server = new PhoneHttpServer(router, guard, TestSupport.localConfig());
        assertTrue(server.isListening());
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @AfterEach
    void stop() {
        server.deactivate();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private byte[] write(String relative, int size) throws IOException {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        Path file = area.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.write(file, data);
        return data;
    }

    /** Bytes are counted when their write completes, which may be just after the client has read them. */
    static void awaitEquals(long expected, LongSupplier actual) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        while (actual.getAsLong() != expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(expected, actual.getAsLong());
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 64 * 1024, 64 * 1024 + 1, 5 * 1024 * 1024 + 123})
    void servesExactBytes(int size) throws Exception {
        byte[] data = write("Digium/file-" + size + ".bin", size);
        HttpResponse<byte[]> r = get("/Digium/file-" + size + ".bin");
        assertEquals(200, r.statusCode());
        assertEquals(String.valueOf(size), r.headers().firstValue("Content-Length").orElse(null));
        assertEquals("application/octet-stream", r.headers().firstValue("Content-Type").orElse(null));
        assertEquals(size, r.body().length);
        assertEquals(sha256(data), sha256(r.body()));
        assertTrue(r.headers().firstValue("Last-Modified").isPresent());
        assertTrue(r.headers().firstValue("ETag").isPresent());
        assertEquals("bytes", r.headers().firstValue("Accept-Ranges").orElse(null));
        assertTrue(r.headers().firstValue("Server").isEmpty(), "no Server header");
        awaitEquals(size, () -> server.statistics().bytesSent());
        assertEquals(1, server.statistics().served());
    }

    @Test
    void contentTypesByExtension() throws Exception {
        Files.writeString(area.resolve("000fd3054848.cfg"), "<config/>");
        Files.writeString(area.resolve("y000000000044.cfg"), "#!version:1.0.0.1");
        Files.writeString(area.resolve("phone.xml"), "<xml/>");
        Files.writeString(area.resolve("readme.txt"), "hi");
        Files.writeString(area.resolve("firmware.eff"), "fw");
        Files.writeString(area.resolve("NOEXT"), "fw");
        assertEquals("text/plain", get("/000fd3054848.cfg").headers().firstValue("Content-Type").orElseThrow());
        assertEquals("text/plain", get("/y000000000044.cfg").headers().firstValue("Content-Type").orElseThrow());
        assertEquals("application/xml", get("/phone.xml").headers().firstValue("Content-Type").orElseThrow());
        assertEquals("text/plain", get("/readme.txt").headers().firstValue("Content-Type").orElseThrow());
        assertEquals("application/octet-stream",
                get("/firmware.eff").headers().firstValue("Content-Type").orElseThrow());
        assertEquals("application/octet-stream", get("/NOEXT").headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void sensitiveFilesAreNotStored() throws Exception {
        Files.writeString(area.resolve("000fd3054848.cfg"), "secret=1");
        Files.writeString(area.resolve("firmware.bin"), "fw");
        assertEquals("no-store", get("/000fd3054848.cfg").headers().firstValue("Cache-Control").orElseThrow());
        assertFalse(get("/firmware.bin").headers().firstValue("Cache-Control").orElseThrow().contains("no-store"));
    }

    @Test
    void headSendsHeadersOnly() throws Exception {
        byte[] data = write("big.bin", 200_000);
        HttpResponse<byte[]> r = send("HEAD", "/big.bin");
        assertEquals(200, r.statusCode());
        assertEquals(String.valueOf(data.length), r.headers().firstValue("Content-Length").orElse(null));
        assertEquals(0, r.body().length);
        // on the wire too: nothing after the headers
        RawHttp.Reply raw = RawHttp.exchange(server.port(),
                "HEAD /big.bin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertEquals(200, raw.status());
        assertEquals("200000", raw.header("Content-Length"));
        assertEquals(0, raw.body().length);
        assertEquals(0, server.statistics().bytesSent());
    }

    @Test
    void notModifiedSince() throws Exception {
        write("a.bin", 1000);
        Instant mtime = Instant.parse("2024-05-01T10:00:00Z");
        Files.setLastModifiedTime(area.resolve("a.bin"), FileTime.from(mtime));
        HttpResponse<byte[]> first = get("/a.bin");
        assertEquals(HTTP_DATE.format(mtime), first.headers().firstValue("Last-Modified").orElseThrow());

        HttpResponse<byte[]> same = get("/a.bin", "If-Modified-Since", HTTP_DATE.format(mtime));
        assertEquals(304, same.statusCode());
        assertEquals(0, same.body().length);
        HttpResponse<byte[]> later = get("/a.bin", "If-Modified-Since", HTTP_DATE.format(mtime.plusSeconds(3600)));
        assertEquals(304, later.statusCode());
        HttpResponse<byte[]> earlier = get("/a.bin", "If-Modified-Since", HTTP_DATE.format(mtime.minusSeconds(1)));
        assertEquals(200, earlier.statusCode());
        assertEquals(1000, earlier.body().length);
        HttpResponse<byte[]> garbage = get("/a.bin", "If-Modified-Since", "yesterday");
        assertEquals(200, garbage.statusCode());
        assertEquals(2, server.statistics().notModified());
    }

    @Test
    void notModifiedKeepsTheConnectionUsable() throws Exception {
        byte[] data = write("a.bin", 1000);
        String lastModified = get("/a.bin").headers().firstValue("Last-Modified").orElseThrow();
        RawHttp.Reply r = RawHttp.exchange(server.port(), "GET /a.bin HTTP/1.1\r\nHost: x\r\nIf-Modified-Since: "
                + lastModified + "\r\n\r\nGET /a.bin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertEquals(304, r.status());
        assertEquals("1000", r.header("Content-Length"), "a 304 announces the length of the 200 (RFC 9110 8.6)");
        RawHttp.Reply next = RawHttp.parse(r.body());
        assertEquals(200, next.status(), "the 304 had no body: the next response follows at once");
        assertArrayEquals(data, next.body());
    }

    @Test
    void notModifiedByEtag() throws Exception {
        write("a.bin", 10);
        String etag = get("/a.bin").headers().firstValue("ETag").orElseThrow();
        assertEquals(304, get("/a.bin", "If-None-Match", etag).statusCode());
        assertEquals(304, get("/a.bin", "If-None-Match", "\"x\", W/" + etag).statusCode());
        assertEquals(304, get("/a.bin", "If-None-Match", "*").statusCode());
        assertEquals(200, get("/a.bin", "If-None-Match", "\"other\"").statusCode());
        // If-None-Match wins over If-Modified-Since
        assertEquals(200, get("/a.bin", "If-None-Match", "\"other\"", "If-Modified-Since",
                HTTP_DATE.format(Instant.now().plusSeconds(3600))).statusCode());
        write("a.bin", 11);
        assertEquals(200, get("/a.bin", "If-None-Match", etag).statusCode(), "a changed file has another tag");
    }

    @Test
    void ranges() throws Exception {
        byte[] data = write("fw.bin", 300_000);
        HttpResponse<byte[]> r = get("/fw.bin", "Range", "bytes=10-19");
        assertEquals(206, r.statusCode());
        assertEquals("bytes 10-19/300000", r.headers().firstValue("Content-Range").orElseThrow());
        assertEquals("10", r.headers().firstValue("Content-Length").orElseThrow());
        assertArrayEquals(slice(data, 10, 20), r.body());

        r = get("/fw.bin", "Range", "bytes=299990-");
        assertEquals(206, r.statusCode());
        assertEquals("bytes 299990-299999/300000", r.headers().firstValue("Content-Range").orElseThrow());
        assertArrayEquals(slice(data, 299_990, 300_000), r.body());

        r = get("/fw.bin", "Range", "bytes=-5");
        assertEquals(206, r.statusCode());
        assertArrayEquals(slice(data, 299_995, 300_000), r.body());

        r = get("/fw.bin", "Range", "bytes=100000-1000000000");
        assertEquals(206, r.statusCode(), "a last position past the end is clamped");
        assertEquals("bytes 100000-299999/300000", r.headers().firstValue("Content-Range").orElseThrow());
        assertArrayEquals(slice(data, 100_000, 300_000), r.body());

        r = get("/fw.bin", "Range", "bytes=1000-70000");
        assertEquals(206, r.statusCode(), "a range over several chunks");
        assertEquals(sha256(slice(data, 1000, 70_001)), sha256(r.body()));

        r = get("/fw.bin", "Range", "bytes=300000-");
        assertEquals(416, r.statusCode());
        assertEquals("bytes */300000", r.headers().firstValue("Content-Range").orElseThrow());
        assertEquals(416, get("/fw.bin", "Range", "bytes=-0").statusCode());

        r = get("/fw.bin", "Range", "bytes=0-1,5-6");
        assertEquals(200, r.statusCode(), "several ranges: the whole file");
        assertEquals(300_000, r.body().length);
        assertEquals(200, get("/fw.bin", "Range", "bytes=5-1").statusCode(), "invalid: ignored");
        assertEquals(200, get("/fw.bin", "Range", "items=0-1").statusCode(), "other unit: ignored");
        assertEquals(200, get("/fw.bin", "Range", "bytes=abc").statusCode(), "malformed: ignored");

        String etag = get("/fw.bin").headers().firstValue("ETag").orElseThrow();
        assertEquals(206, get("/fw.bin", "Range", "bytes=0-0", "If-Range", etag).statusCode());
        assertEquals(200, get("/fw.bin", "Range", "bytes=0-0", "If-Range", "\"stale\"").statusCode());
        assertEquals(200, send("HEAD", "/fw.bin", "Range", "bytes=0-0").statusCode(), "HEAD ignores Range");
        assertTrue(server.statistics().partial() >= 6);
        assertEquals(2, server.statistics().rangeNotSatisfiable());
    }

    @Test
    void rangesOfASmallFileServedFromMemory() throws Exception {
        byte[] data = write("Digium/small.cfg", 2000);
        assertArrayEquals(data, get("/Digium/small.cfg").body());

        HttpResponse<byte[]> r = get("/Digium/small.cfg", "Range", "bytes=10-19");
        assertEquals(206, r.statusCode());
        assertEquals("bytes 10-19/2000", r.headers().firstValue("Content-Range").orElseThrow());
        assertArrayEquals(slice(data, 10, 20), r.body());
        assertArrayEquals(slice(data, 1995, 2000), get("/Digium/small.cfg", "Range", "bytes=-5").body());
        assertArrayEquals(slice(data, 1000, 2000), get("/Digium/small.cfg", "Range", "bytes=1000-").body());
        assertArrayEquals(data, get("/Digium/small.cfg").body(), "a range served leaves the file whole");
        HttpResponse<byte[]> head = send("HEAD", "/Digium/small.cfg");
        assertEquals("2000", head.headers().firstValue("Content-Length").orElseThrow());
        assertEquals(0, head.body().length);
        awaitEquals(2000L * 2 + 10 + 5 + 1000, () -> server.statistics().bytesSent());
        assertEquals(1L, server.figures().get("file_cache_files"));
        assertEquals(2000L, server.figures().get("file_cache_bytes"));
    }

    @Test
    void aFileChangedOnDiskIsServedAsItIsNow() throws Exception {
        Path file = area.resolve("Digium/000fd3054848.cfg");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "username=first");
        assertEquals("username=first", new String(get("/Digium/000fd3054848.cfg").body(), StandardCharsets.UTF_8));

        // as provd writes it: a new file renamed over the old one, the same size
        Path next = Files.writeString(file.resolveSibling(".000fd3054848.cfg.1.tmp"), "username=other");
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        assertEquals("username=other", new String(get("/Digium/000fd3054848.cfg").body(), StandardCharsets.UTF_8));

        // as an operator's editor may: in place
        Files.writeString(file, "username=edited by hand");
        HttpResponse<byte[]> r = get("/Digium/000fd3054848.cfg");
        assertEquals("username=edited by hand", new String(r.body(), StandardCharsets.UTF_8));
        assertEquals(String.valueOf(r.body().length), r.headers().firstValue("Content-Length").orElseThrow());

        Files.delete(file);
        assertEquals(404, get("/Digium/000fd3054848.cfg").statusCode());
    }

    private static byte[] slice(byte[] data, int from, int to) {
        byte[] s = new byte[to - from];
        System.arraycopy(data, from, s, 0, s.length);
        return s;
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH", "PROPFIND"})
    void onlyGetAndHead(String method) throws Exception {
        write("a.bin", 10);
        RawHttp.Reply r = RawHttp.exchange(server.port(), method + " /a.bin HTTP/1.1\r\nHost: x\r\n"
                + "Content-Length: 0\r\nConnection: close\r\n\r\n");
        assertEquals(405, r.status(), r.raw());
        assertEquals("GET, HEAD", r.header("Allow"));
        assertTrue(r.text().length() < 100, r.text());
        if (!method.equals("TRACE") && !method.equals("PROPFIND")) {
            HttpResponse<byte[]> h = send(method, "/a.bin");
            assertEquals(405, h.statusCode());
            assertEquals("GET, HEAD", h.headers().firstValue("Allow").orElseThrow());
        }
        assertTrue(router.requests.isEmpty(), "never routed");
        assertTrue(server.statistics().methodNotAllowed() >= 1);
    }

    @Test
    void aRequestWhoseBodyIsStillArrivingIsAnsweredWithConnectionClose() throws Exception {
        try (Socket socket = connect()) {
            RawHttp.Reply r = RawHttp.exchange(socket, "POST /a.bin HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Length: 100000\r\n\r\nthe first bytes of a big body");
            assertEquals(405, r.status(), r.raw());
            assertEquals("close", r.header("Connection"), r.raw());
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    @Test
    void aRequestWithItsWholeBodyKeepsTheConnection() throws Exception {
        write("a.bin", 10);
        try (Socket socket = connect()) {
            RawHttp.Reply refused = RawHttp.exchange(socket, "POST /a.bin HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Length: 4\r\n\r\nbody");
            RawHttp.Reply next = RawHttp.exchange(socket, "GET /a.bin HTTP/1.1\r\nHost: x\r\n\r\n");

            assertEquals(405, refused.status(), refused.raw());
            assertNull(refused.header("Connection"), refused.raw());
            assertEquals(200, next.status(), next.raw());
            assertEquals(10, next.body().length);
        }
    }

    @Test
    void unknownFile() throws Exception {
        HttpResponse<byte[]> r = get("/Digium/nothing.bin");
        assertEquals(404, r.statusCode());
        assertEquals("404 Not Found\n", new String(r.body(), StandardCharsets.UTF_8));
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
        assertEquals(1, server.statistics().notFound());
    }

    @Test
    void noDirectoryListing() throws Exception {
        write("Digium/a.bin", 10);
        Files.createDirectories(area.resolve("Digium/sub"));
        for (String path : List.of("/", "/Digium", "/Digium/", "/Digium/sub", "/Digium/sub/", "/Digium/./")) {
            HttpResponse<byte[]> r = get(path);
            assertEquals(404, r.statusCode(), path);
            assertFalse(new String(r.body(), StandardCharsets.UTF_8).contains("a.bin"), path);
        }
    }

    @Test
    void noRoute() throws Exception {
        write("a.bin", 10);
        router.override = r -> ProvisioningRoute.nowhere(false);
        assertEquals(404, get("/a.bin").statusCode());
        router.override = r -> ProvisioningRoute.unserved(Device.of(Map.of("id", "d1")));
        assertEquals(404, get("/a.bin").statusCode());
        assertEquals(0, guard.misses(loopback));
    }

    @Test
    void requestAsTheRouterSeesIt() throws Exception {
        write("Digium/000fd3054848.cfg", 10);
        get("/Digium/000fd3054848.cfg", "User-Agent", "Digium D65 2_9_13", "X-Thing", "one",
                "Authorization", "Basic Zm9vOmJhcg==");
        var request = router.last();
        assertEquals("/Digium/000fd3054848.cfg", request.path());
        assertEquals(loopback, request.clientAddress());
        assertEquals("Digium D65 2_9_13", request.header("user-agent").orElseThrow());
        assertEquals("one", request.header("X-Thing").orElseThrow());
        assertTrue(request.header("Authorization").isEmpty(), "credentials are not handed to the core");
        assertEquals(provd.core.api.RequestType.HTTP, request.type());

        write("Digium/a b+c.bin", 3);
        assertEquals(200, get("/Digium/a%20b+c.bin").statusCode());
        assertEquals("/Digium/a b+c.bin", router.last().path(), "decoded");
        assertEquals(200, RawHttp.get(server.port(), "/Digium/a%20b%2bc.bin?x=1", "x").status());
        assertEquals("/Digium/a b+c.bin", router.last().path(), "decoded, without the query");
    }

    @Test
    void forwardedForIgnoredWithoutTrustedProxies() throws Exception {
        write("a.bin", 1);
        get("/a.bin", "X-Forwarded-For", "203.0.113.9");
        assertEquals(loopback, router.last().clientAddress());
    }

    @Test
    void forwardedForHonouredBehindTrustedProxies() throws Exception {
        write("a.bin", 1);
        server.modified(TestSupport.localConfig("port", server.port(), "trusted_proxies", 1));
        get("/a.bin", "X-Forwarded-For", "203.0.113.9");
        assertEquals(InetAddress.getByName("203.0.113.9"), router.last().clientAddress());
        get("/a.bin", "X-Forwarded-For", "198.51.100.1, 203.0.113.9");
        assertEquals(InetAddress.getByName("203.0.113.9"), router.last().clientAddress(), "the proxy's entry");
        get("/a.bin", "X-Forwarded-For", "not-an-address");
        assertEquals(loopback, router.last().clientAddress(), "malformed: the peer");
        get("/a.bin", "X-Forwarded-For", "garbage, 203.0.113.9");
        assertEquals(InetAddress.getByName("203.0.113.9"), router.last().clientAddress(),
                "what the client wrote left of the proxy's entry does not matter");
        get("/a.bin");
        assertEquals(loopback, router.last().clientAddress(), "no header: the peer");
        get("/a.bin", "X-Forwarded-For", "[2001:db8::7]:4711");
        assertEquals(InetAddress.getByName("2001:db8::7"), router.last().clientAddress());

        server.modified(TestSupport.localConfig("port", server.port(), "trusted_proxies", 2));
        get("/a.bin", "X-Forwarded-For", "198.51.100.1, 203.0.113.9");
        assertEquals(InetAddress.getByName("198.51.100.1"), router.last().clientAddress());
    }

    @Test
    void bannedClient() throws Exception {
        write("a.bin", 10);
        guard.banned.add(loopback);
        HttpResponse<byte[]> r = get("/a.bin");
        assertEquals(403, r.statusCode());
        assertEquals("403 Forbidden\n", new String(r.body(), StandardCharsets.UTF_8));
        assertTrue(router.requests.isEmpty(), "a banned client is not routed");
        assertEquals(1, server.statistics().forbidden());
    }

    @Test
    void bannedBehindProxy() throws Exception {
        write("a.bin", 10);
        server.modified(TestSupport.localConfig("port", server.port(), "trusted_proxies", 1));
        guard.banned.add(InetAddress.getByName("203.0.113.9"));
        assertEquals(403, get("/a.bin", "X-Forwarded-For", "203.0.113.9").statusCode());
        assertEquals(200, get("/a.bin", "X-Forwarded-For", "203.0.113.10").statusCode());
    }

    @Test
    void missesForSensitiveFilesOnly() throws Exception {
        assertEquals(404, get("/Digium/000fd3aabbcc.cfg").statusCode());
        assertEquals(1, guard.misses(loopback));
        assertEquals(List.of("/Digium/000fd3aabbcc.cfg"), guard.missedPaths);
        assertEquals(404, get("/Digium/firmware.bin").statusCode());
        assertEquals(1, guard.misses(loopback), "a missing non-sensitive file is no miss");

        router.override = r -> ProvisioningRoute.denied(Device.of(Map.of("id", "d2")), "test-1");
        assertEquals(404, get("/Digium/000fd3ddeeff.cfg").statusCode(), "denied: not found");
        assertEquals(1, guard.misses(loopback), "the core records the misses of denied requests");

        router.override = r -> ProvisioningRoute.nowhere(true);
        assertEquals(404, get("/Digium/000fd3001122.cfg").statusCode());
        assertEquals(2, guard.misses(loopback), "no plugin, but a sensitive path");
    }

    @Test
    void deniedEvenIfTheFileExists() throws Exception {
        write("Digium/000fd3ddeeff.cfg", 10);
        router.override = r -> ProvisioningRoute.denied(Device.of(Map.of("id", "d2")), "test-1");
        assertEquals(404, get("/Digium/000fd3ddeeff.cfg").statusCode());
    }

    @Test
    void routerFailureIsAShortError() throws Exception {
        router.override = r -> {
            throw new IllegalStateException("store broken");
        };
        HttpResponse<byte[]> r = get("/a.bin");
        assertEquals(500, r.statusCode());
        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertEquals("500 Server Error\n", body);
        assertEquals(1, server.statistics().serverErrors());
    }

    @Test
    void jettyRejectionsArePlainText() throws Exception {
        for (String target : List.of("/%2e%2e/x", "/a%2fb", "/..;/x", "/%c0%ae")) {
            RawHttp.Reply r = RawHttp.get(server.port(), target, "x");
            assertEquals(400, r.status(), target);
            assertEquals("400 Bad Request\n", r.text(), target);
            assertTrue(r.header("Content-Type").startsWith("text/plain"), target);
            assertNull(r.header("Server"));
        }
        RawHttp.Reply longUri = RawHttp.get(server.port(), "/" + "a".repeat(20_000), "x");
        assertTrue(longUri.status() == 414 || longUri.status() == 431 || longUri.status() == 400, longUri.raw());
        assertFalse(longUri.raw().contains("<"), longUri.raw());
        RawHttp.Reply bigHeader = RawHttp.exchange(server.port(), "GET /a HTTP/1.1\r\nHost: x\r\nX-Big: "
                + "b".repeat(20_000) + "\r\nConnection: close\r\n\r\n");
        assertEquals(431, bigHeader.status(), bigHeader.raw());
        assertFalse(bigHeader.raw().contains("<"), bigHeader.raw());
        RawHttp.Reply garbage = RawHttp.exchange(server.port(), "GARBAGE\r\n\r\n");
        assertEquals(400, garbage.status(), garbage.raw());
        assertFalse(garbage.raw().contains("<"), garbage.raw());
        assertFalse(garbage.raw().toLowerCase().contains("jetty"), garbage.raw());
        assertTrue(server.statistics().badRequest() >= 4);
    }

    @Test
    void anUnsupportedHttpVersionIsTheClientsBadRequestNotAServerError() throws Exception {
        for (String request : List.of("GET /a.bin\r\n", "GET /a.bin HTTP/9\r\nHost: x\r\n\r\n")) {
            RawHttp.Reply reply = RawHttp.exchange(server.port(), request);
            assertEquals(505, reply.status(), reply.raw());
        }
        awaitEquals(2L, () -> server.statistics().badRequest());
        assertEquals(0, server.statistics().serverErrors());
    }

    @Test
    void concurrentLargeDownloads() throws Exception {
        byte[] data = write("big.bin", 3 * 1024 * 1024);
        String digest = sha256(data);
        List<CompletableFuture<HttpResponse<byte[]>>> all = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            all.add(http.sendAsync(HttpRequest.newBuilder(uri("/big.bin")).build(),
                    HttpResponse.BodyHandlers.ofByteArray()));
        }
        for (CompletableFuture<HttpResponse<byte[]>> f : all) {
            HttpResponse<byte[]> r = f.get();
            assertEquals(200, r.statusCode());
            assertEquals(digest, sha256(r.body()));
        }
        awaitEquals(16L * data.length, () -> server.statistics().bytesSent());
    }

    @Test
    void theRemoteStateTriggerIsReportedWhenTheWholeFileWasWritten() throws Exception {
        String trigger = "/" + DirectoryRouter.TRIGGER;
        write(DirectoryRouter.TRIGGER, 3000);
        write("other.cfg", 10);

        HttpResponse<byte[]> full = get(trigger);
        assertEquals(200, full.statusCode());
        awaitEquals(1, () -> router.delivered.size());
        assertTrue(router.delivered.get(0).isRemoteStateTrigger());
        String etag = full.headers().firstValue("ETag").orElseThrow();
        assertEquals(304, get(trigger, "If-None-Match", etag).statusCode());
        awaitEquals(2, () -> router.delivered.size()); // the phone has the current file

        // not a delivery: headers only, part of the file, another file, no file
        assertEquals(200, send("HEAD", trigger).statusCode());
        assertEquals(304, send("HEAD", trigger, "If-None-Match", etag).statusCode());
        assertEquals(206, get(trigger, "Range", "bytes=0-9").statusCode());
        assertEquals(200, get("/other.cfg").statusCode());
        Files.delete(area.resolve(DirectoryRouter.TRIGGER));
        assertEquals(404, get(trigger).statusCode());
        Thread.sleep(200);
        assertEquals(2, router.delivered.size());
    }

    @Test
    void anAbortedDownloadOfTheTriggerIsNoDelivery() throws Exception {
        write(DirectoryRouter.TRIGGER, 5 * 1024 * 1024);
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.getOutputStream().write(("GET /" + DirectoryRouter.TRIGGER + " HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            s.getInputStream().readNBytes(100_000);
        }
        assertEquals(200, get("/" + DirectoryRouter.TRIGGER).statusCode());
        awaitEquals(1, () -> router.delivered.size());
        Thread.sleep(500); // the aborted one fails on its next write
        assertEquals(1, router.delivered.size());
    }

    @Test
    void abortedDownloadsLeakNoFile() throws Exception {
        write("big.bin", 5 * 1024 * 1024);
        long before = openFiles();
        for (int i = 0; i < 30; i++) {
            try (Socket s = new Socket("127.0.0.1", server.port())) {
                s.getOutputStream().write("GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                InputStream in = s.getInputStream();
                in.readNBytes(100_000);
            }
        }
        // the server notices the closed connections on its next write
        long deadline = System.currentTimeMillis() + 10_000;
        long after = openFiles();
        while (after > before + 3 && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            after = openFiles();
        }
        assertTrue(after <= before + 3, "open files before " + before + ", after " + after);
        assertEquals(206, get("/big.bin", "Range", "bytes=0-9").statusCode(), "still serving");
    }

    private static long openFiles() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    @Test
    void keepAliveServesManyRequestsOnOneConnection() throws Exception {
        write("a.cfg", 1500);
        for (int i = 0; i < 200; i++) {
            assertEquals(200, get("/a.cfg").statusCode());
        }
        assertEquals(200, server.statistics().served());
        awaitEquals(200L * 1500, () -> server.statistics().bytesSent());
    }
}
