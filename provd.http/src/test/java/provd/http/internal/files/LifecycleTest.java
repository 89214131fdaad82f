package provd.http.internal.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import provd.http.internal.HttpEndpoint;
import provd.http.internal.RawHttp;
import provd.http.internal.files.TestSupport.CountingGuard;
import provd.http.internal.files.TestSupport.DirectoryRouter;

/** Rebinding through modified(), and surviving an address that cannot be bound. */
class LifecycleTest {
    @TempDir
    Path area;

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The old endpoint of a move stops in the background. */
    private static void awaitClosed(int port, String when) throws InterruptedException {
        long deadline = System.nanoTime() + 2 * HttpEndpoint.DRAIN_MS * 1_000_000;
        while (accepts(port) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(accepts(port), "port " + port + " is closed " + when);
    }

    @Test
    void rebindsOnModified() throws Exception {
        Files.writeString(area.resolve("a.cfg"), "hello");
        PhoneHttpServer server = new PhoneHttpServer(new DirectoryRouter(area), new CountingGuard(),
                TestSupport.localConfig());
        try {
            int first = server.port();
            assertEquals(200, RawHttp.get(first, "/a.cfg", "x").status());

            // a change that keeps the listener: same port, same server
            server.modified(TestSupport.localConfig("port", first, "trusted_proxies", 1, "idle_timeout_ms", 5000L));
            assertEquals(first, server.port());
            assertEquals(200, RawHttp.get(first, "/a.cfg", "x").status());

            int second = freePort();
            server.modified(TestSupport.localConfig("port", second));
            assertEquals(second, server.port());
            assertEquals("hello", RawHttp.get(second, "/a.cfg", "x").text());
            awaitClosed(first, "soon after the move");

            // back to an ephemeral port: a new one
            server.modified(TestSupport.localConfig("port", 0));
            assertNotEquals(-1, server.port());
            awaitClosed(second, "soon after the move");
            assertEquals(200, RawHttp.get(server.port(), "/a.cfg", "x").status());
            assertEquals(4, server.statistics().served(), "statistics survive a rebind");
        } finally {
            server.deactivate();
        }
        assertEquals(-1, server.port());
        assertFalse(server.isListening());
    }

    @Test
    void aMoveLetsTheRequestsUnderWayFinishOnTheOldPort() throws Exception {
        byte[] big = new byte[32 << 20];
        new Random(7).nextBytes(big);
        Files.write(area.resolve("firmware.bin"), big);
        Files.writeString(area.resolve("a.cfg"), "hello");
        PhoneHttpServer server = new PhoneHttpServer(new DirectoryRouter(area), new CountingGuard(),
                TestSupport.localConfig());
        try (Socket download = new Socket("127.0.0.1", server.port())) {
            int first = server.port();
            download.getOutputStream().write(("GET /firmware.bin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = download.getInputStream();
            byte[] start = in.readNBytes(64 << 10); // under way: most of the file is still to be sent

            int second = freePort();
            long before = System.nanoTime();
            server.modified(TestSupport.localConfig("port", second));
            long movedMs = (System.nanoTime() - before) / 1_000_000;

            assertEquals(second, server.port());
            assertEquals("hello", RawHttp.get(second, "/a.cfg", "x").text(), "the new port serves at once");
            assertTrue(movedMs < HttpEndpoint.DRAIN_MS / 2, "the move does not wait for the old requests: " + movedMs);
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            reply.write(start);
            in.transferTo(reply);
            byte[] all = reply.toByteArray();
            int body = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII)) + 4;
            assertTrue(new String(all, 0, body, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200"));
            assertEquals(big.length, all.length - body, "the download under way is not cut");
            assertTrue(Arrays.equals(big, Arrays.copyOfRange(all, body, all.length)));
            awaitClosed(first, "once its requests are done");
        } finally {
            server.deactivate();
        }
    }

    private static int indexOf(byte[] data, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= data.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (data[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void bindFailureLeavesTheComponentAlive() throws Exception {
        Files.writeString(area.resolve("a.cfg"), "hello");
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = taken.getLocalPort();
            String log;
            PhoneHttpServer server;
            PrintStream stderr = System.err;
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                server = new PhoneHttpServer(new DirectoryRouter(area), new CountingGuard(),
                        TestSupport.localConfig("port", port));
            } finally {
                System.setErr(stderr);
            }
            log = captured.toString(StandardCharsets.UTF_8);
            stderr.print(log);
            try {
                assertFalse(server.isListening());
                assertEquals(-1, server.port());
                assertTrue(log.contains("ERROR"), log);
                assertTrue(log.contains("127.0.0.1:" + port), log);
                assertTrue(log.contains("Address already in use"), log);

                // the same configuration again: still taken, still alive
                server.modified(TestSupport.localConfig("port", port));
                assertFalse(server.isListening());

                // a free port: it listens
                server.modified(TestSupport.localConfig("port", 0));
                assertTrue(server.isListening());
                assertEquals(200, RawHttp.get(server.port(), "/a.cfg", "x").status());
            } finally {
                server.deactivate();
            }
        }
    }

    @Test
    void bindFailureThenThePortFrees() throws Exception {
        Files.writeString(area.resolve("a.cfg"), "hello");
        ServerSocket taken = new ServerSocket();
        taken.bind(new InetSocketAddress("127.0.0.1", 0));
        int port = taken.getLocalPort();
        PhoneHttpServer server = new PhoneHttpServer(new DirectoryRouter(area), new CountingGuard(),
                TestSupport.localConfig("port", port));
        try {
            assertFalse(server.isListening());
            taken.close();
            // any configuration event retries while not listening
            server.modified(TestSupport.localConfig("port", port));
            assertEquals(port, server.port());
            assertEquals(200, RawHttp.get(port, "/a.cfg", "x").status());
        } finally {
            server.deactivate();
        }
    }

    @Test
    void unresolvableBindAddressIsLoggedNotThrown() throws Exception {
        PhoneHttpServer server = new PhoneHttpServer(new DirectoryRouter(area), new CountingGuard(),
                TestSupport.localConfig("bind", "192.0.2.254"));
        try {
            assertFalse(server.isListening(), "an address this host does not have");
        } finally {
            server.deactivate();
        }
        PhoneHttpServer bad = new PhoneHttpServer(new DirectoryRouter(area), new CountingGuard(),
                TestSupport.localConfig("port", 70000));
        assertFalse(bad.isListening());
        bad.deactivate();
    }

    @Test
    void closedAfterDeactivate() throws Exception {
        PhoneHttpServer server = new PhoneHttpServer(new DirectoryRouter(area), new CountingGuard(),
                TestSupport.localConfig());
        int port = server.port();
        server.deactivate();
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
        server.deactivate(); // twice is harmless
    }
}
