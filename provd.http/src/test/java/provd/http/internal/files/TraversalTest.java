package provd.http.internal.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import provd.http.internal.RawHttp;
import provd.http.internal.files.TestSupport.CountingGuard;
import provd.http.internal.files.TestSupport.DirectoryRouter;

/**
 * Requests trying to reach files outside the area, sent over a raw socket so that no client normalises them. A secret
 * lies just outside the area (and at the paths the payloads aim at); no response may contain it, and every one must
 * be 400 or 404.
 */
class TraversalTest {
    /** Request targets, exactly as they go on the wire. */
    static final List<String> CORPUS = List.of(
            "/../../etc/passwd",
            "/../secret.txt",
            "/../../../../../../../../etc/passwd",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/%2e%2e/secret.txt",
            "/%2E%2E/secret.txt",
            "/.%2e/secret.txt",
            "/%2e./secret.txt",
            "/%252e%252e/secret.txt",
            "/%252e%252e/%252e%252e/etc/passwd",
            "/%25%32%65%25%32%65/secret.txt",
            "/..%2fsecret.txt",
            "/..%2Fetc%2Fpasswd",
            "/%2e%2e%2fsecret.txt",
            "/%2fetc%2fpasswd",
            "/..\\secret.txt",
            "/..\\..\\etc\\passwd",
            "/%5c..%5csecret.txt",
            "/%5c..%5c..%5cetc%5cpasswd",
            "/..%5csecret.txt",
            "/%2e%2e%5csecret.txt",
            "/..%255csecret.txt",
            "/foo%00.cfg",
            "/../secret.txt%00.cfg",
            "/%00../secret.txt",
            "/..%00/secret.txt",
            "/.%00./secret.txt",
            "//etc/passwd",
            "///etc/passwd",
            "//../secret.txt",
            "/./../secret.txt",
            "/././../secret.txt",
            "/%c0%ae%c0%ae/secret.txt",
            "/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
            "/%e0%80%ae%e0%80%ae/secret.txt",
            "/%c0%af../secret.txt",
            "/..%c0%afsecret.txt",
            "/%c1%9c..%c1%9csecret.txt",
            "/%ef%bc%8e%ef%bc%8e/secret.txt",
            "/%u002e%u002e/secret.txt",
            "/..%u2215secret.txt",
            "/Test/..;/..;/etc/passwd",
            "/..;/secret.txt",
            "/;/../secret.txt",
            "/sub/..;/../secret.txt",
            "/%2e%2e;/secret.txt",
            "/sub;x=1/../../secret.txt",
            "http://localhost/../secret.txt",
            "http://localhost/../../etc/passwd",
            "http://localhost/%2e%2e/secret.txt",
            "http://localhost//etc/passwd",
            "/sub/../../secret.txt",
            "/sub/./../../secret.txt",
            "/sub/%2e%2e/%2e%2e/secret.txt",
            "/.../secret.txt",
            "/..../secret.txt",
            "/..%20/secret.txt",
            "/%20../secret.txt",
            "/..%09/secret.txt",
            "/link.cfg",
            "/sub/link-up.cfg",
            "/sub",
            "/sub/",
            "/",
            "/?/../secret.txt",
            "/#/../secret.txt",
            "/area/../secret.txt",
            "/etc/passwd",
            "/C:/Windows/win.ini",
            "/C:%5cWindows%5cwin.ini",
            "/file:///etc/passwd",
            "\\..\\secret.txt",
            "../secret.txt",
            "*",
            "/%",
            "/%2",
            "/%zz/secret.txt",
            "/secret.txt/..",
            "/....//secret.txt",
            "/.%2e%2f.%2e%2fsecret.txt");

    @TempDir
    static Path root;
    static String secret;
    static PhoneHttpServer server;
    static DirectoryRouter router;
    static String realPasswd;

    @BeforeAll
    static void start() throws Exception {
        secret = "TOP-SECRET-" + UUID.randomUUID();
        Path area = TestSupport.areaBesideSecret(root, secret);
        Files.writeString(root.resolve("area.cfg"), secret);
        Files.writeString(area.resolve("000fd3054848.cfg"), "phone config");
        Files.writeString(area.resolve("sub/inside.txt"), "inside");
        Path passwd = Path.of("/etc/passwd");
        realPasswd = Files.isReadable(passwd) ? Files.readString(passwd).lines().findFirst().orElse("") : "";
        router = new DirectoryRouter(area);
        server = new PhoneHttpServer(router, new CountingGuard(), TestSupport.localConfig());
    }

    @AfterAll
    static void stop() {
        server.deactivate();
    }

    private static String hostOf(String target) {
        return target.startsWith("http://") ? target.substring(7, target.indexOf('/', 7)) : "localhost";
    }

    @Test
    void corpusIsLargeEnough() {
        assertTrue(CORPUS.size() >= 50, "payloads: " + CORPUS.size());
    }

    @Test
    void nothingOutsideTheAreaOverARawSocket() throws Exception {
        List<String> failures = new ArrayList<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (String target : CORPUS) {
            for (String method : List.of("GET", "HEAD")) {
                RawHttp.Reply r = RawHttp.exchange(server.port(), method + " " + target + " HTTP/1.1\r\nHost: "
                        + hostOf(target) + "\r\nConnection: close\r\n\r\n");
                statuses.merge(r.status(), 1, Integer::sum);
                if (r.status() != 400 && r.status() != 404) {
                    failures.add(method + " " + target + " -> " + r.status());
                }
                if (r.raw().contains(secret) || (!realPasswd.isEmpty() && r.raw().contains(realPasswd))) {
                    failures.add(method + " " + target + " -> leaked the secret");
                }
                String lower = r.raw().toLowerCase(Locale.ROOT);
                if (lower.contains("<html") || lower.contains("exception") || lower.contains("jetty")) {
                    failures.add(method + " " + target + " -> not a short plain error: " + r.raw());
                }
                if (r.body().length > 64) {
                    failures.add(method + " " + target + " -> long body " + r.body().length);
                }
            }
        }
        System.out.println("traversal corpus: " + CORPUS.size() + " targets x GET/HEAD, statuses " + statuses);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        // the area itself is served
        assertEquals(200, RawHttp.get(server.port(), "/000fd3054848.cfg", "localhost").status());
        assertEquals(200, RawHttp.get(server.port(), "/sub/inside.txt", "localhost").status());
        assertEquals(200, RawHttp.get(server.port(), "/sub/../sub/inside.txt", "localhost").status(),
                "dot segments inside the area are resolved by Jetty");
    }

    @Test
    void overHttp10AndWithoutHost() throws Exception {
        for (String target : List.of("/../secret.txt", "/%2e%2e/secret.txt", "/..\\secret.txt", "/link.cfg")) {
            RawHttp.Reply r = RawHttp.exchange(server.port(), "GET " + target + " HTTP/1.0\r\n\r\n");
            assertTrue(r.status() == 400 || r.status() == 404, target + " -> " + r.status());
            assertFalse(r.raw().contains(secret), target);
        }
    }

    /** curl with --path-as-is sends the dot segments as they are. */
    @Test
    void curlPathAsIs() throws Exception {
        for (String target : List.of("/../secret.txt", "/../../etc/passwd", "/%2e%2e/secret.txt", "/link.cfg",
                "/sub/../../secret.txt", "/..%2fsecret.txt")) {
            Process p = new ProcessBuilder("curl", "-s", "--path-as-is", "-o", "-", "-w", "\n%{http_code}",
                    "http://127.0.0.1:" + server.port() + target).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            String status = out.substring(out.lastIndexOf('\n') + 1).trim();
            assertTrue(status.equals("400") || status.equals("404"), target + " -> " + out);
            assertFalse(out.contains(secret), target);
        }
    }
}
