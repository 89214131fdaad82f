package provd.fetchfw.internal.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static provd.fetchfw.internal.download.TestConfigs.config;
import static provd.fetchfw.internal.download.TestFiles.content;
import static provd.fetchfw.internal.download.TestFiles.sha1;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import provd.fetchfw.api.Download;
import provd.fetchfw.api.DownloadException;
import provd.fetchfw.api.DownloadException.Reason;
import provd.fetchfw.api.DownloadProgress;

/**
 * The proxies of the configuration. The files are at {@code firmware.invalid}, a name that never resolves: only a
 * proxy can answer for it.
 */
class ProxyTest {
    private static final byte[] FIRMWARE = content(100_000, 8);
    private static final String FIRMWARE_SHA1 = sha1(FIRMWARE);
    private static final URI REMOTE = URI.create("http://firmware.invalid/fw.bin");
    private static final String PASSWORD = "pr0xy-s3cret";

    @TempDir
    Path home;
    TestHttpServer proxy;
    CachingDownloader downloader;

    @BeforeEach
    void start() throws Exception {
        proxy = new TestHttpServer();
        proxy.file("/fw.bin", FIRMWARE);
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
    }

    private static Download firmware(URI source) {
        return Download.of(source, "fw.bin", FIRMWARE.length, FIRMWARE_SHA1);
    }

    @Test
    void httpUrlsGoThroughTheHttpProxy() throws Exception {
        downloader = new CachingDownloader(home, config("_http_proxy", "127.0.0.1:" + proxy.port()));
        Path file = downloader.fetch(firmware(REMOTE), DownloadProgress.NONE);

        assertArrayEquals(FIRMWARE, Files.readAllBytes(file));
        assertEquals("http://firmware.invalid/fw.bin", proxy.requests.get(0).target());
        assertNull(proxy.requests.get(0).proxyAuthorization());
    }

    @Test
    void aProxyAskingForCredentialsGetsThoseOfItsSetting() throws Exception {
        proxy.requireProxyCredentials("provd", PASSWORD);
        String log = capturingTheLog(() -> {
            downloader = new CachingDownloader(home,
                    config("_http_proxy", "http://provd:" + PASSWORD + "@127.0.0.1:" + proxy.port() + "/"));
            downloader.fetch(firmware(REMOTE), DownloadProgress.NONE);
        });

        assertArrayEquals(FIRMWARE, Files.readAllBytes(home.resolve("data/cache/fw.bin")));
        assertNotNull(proxy.requests.get(proxy.requests.size() - 1).proxyAuthorization());
        assertFalse(log.contains(PASSWORD), log);
        assertTrue(log.contains("(with credentials)"), log);
    }

    @Test
    void refusedCredentialsAppearNeitherInTheMessageNorInTheLog() throws Exception {
        proxy.requireProxyCredentials("provd", "another password");
        DownloadException[] thrown = new DownloadException[1];
        String log = capturingTheLog(() -> {
            downloader = new CachingDownloader(home,
                    config("_http_proxy", "http://provd:" + PASSWORD + "@127.0.0.1:" + proxy.port()));
            thrown[0] = assertThrows(DownloadException.class,
                    () -> downloader.fetch(firmware(REMOTE), DownloadProgress.NONE));
        });

        DownloadException e = thrown[0];
        assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            assertFalse(String.valueOf(cause.getMessage()).contains(PASSWORD), cause.toString());
        }
        assertFalse(log.contains(PASSWORD), log);
        assertFalse(log.isEmpty());
    }

    @Test
    void httpsUrlsGoThroughTheHttpsProxyAndHttpUrlsDoNot() throws Exception {
        try (ConnectRecorder httpsProxy = new ConnectRecorder(); TestHttpServer direct = new TestHttpServer()) {
            direct.file("/fw.bin", FIRMWARE);
            downloader = new CachingDownloader(home, config("_https_proxy", "127.0.0.1:" + httpsProxy.port()));

            assertThrows(DownloadException.class, () -> downloader.fetch(
                    firmware(URI.create("https://firmware.invalid/fw.bin")), DownloadProgress.NONE));
            assertTrue(httpsProxy.heads.get(0).startsWith("CONNECT firmware.invalid:443 HTTP/1.1\r\n"),
                    httpsProxy.heads.toString());

            downloader.fetch(firmware(direct.uri("/fw.bin")), DownloadProgress.NONE);
            assertEquals(1, direct.requests.size());
            assertEquals(1, httpsProxy.heads.size());
        }
    }

    @Test
    void aProxyForHttpsAskingForCredentialsSaysWhatToCheck() throws Exception {
        try (ConnectRecorder httpsProxy = new ConnectRecorder("407 Proxy Authentication Required")) {
            downloader = new CachingDownloader(home,
                    config("_https_proxy", "http://provd:" + PASSWORD + "@127.0.0.1:" + httpsProxy.port()));
            DownloadException e = assertThrows(DownloadException.class, () -> downloader.fetch(
                    firmware(URI.create("https://firmware.invalid/fw.bin")), DownloadProgress.NONE));

            assertEquals(Reason.HTTP_STATUS, e.reason());
            assertTrue(e.getMessage().contains("HTTP 407 from https://firmware.invalid/fw.bin (proxy "
                    + "authentication required: check the user and password of .https.proxy"), e.getMessage());
            assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
        }
    }

    @Test
    void aChangedConfigurationAppliesToTheNextDownload() throws Exception {
        downloader = new CachingDownloader(home, config());
        DownloadException e = assertThrows(DownloadException.class,
                () -> downloader.fetch(firmware(REMOTE), DownloadProgress.NONE));
        assertEquals(Reason.IO, e.reason(), "firmware.invalid does not resolve");

        downloader.modified(config("_http_proxy", "http://127.0.0.1:" + proxy.port()));
        assertArrayEquals(FIRMWARE, Files.readAllBytes(downloader.fetch(firmware(REMOTE), DownloadProgress.NONE)));

        downloader.modified(config());
        Files.delete(home.resolve("data/cache/fw.bin"));
        assertThrows(DownloadException.class, () -> downloader.fetch(firmware(REMOTE), DownloadProgress.NONE));
        assertEquals(1, proxy.requests.size());
    }

    @Test
    void anUnusableProxySettingRefusesItsDownloadsRatherThanGoingDirect() throws Exception {
        try (TestHttpServer direct = new TestHttpServer()) {
            direct.file("/fw.bin", FIRMWARE);
            downloader = new CachingDownloader(home,
                    config("_http_proxy", "socks5://user:" + PASSWORD + "@proxy:1080"));
            DownloadException e = assertThrows(DownloadException.class,
                    () -> downloader.fetch(firmware(direct.uri("/fw.bin")), DownloadProgress.NONE));

            assertEquals(Reason.IO, e.reason());
            assertTrue(e.getMessage().contains(".http.proxy is neither host:port nor"), e.getMessage());
            assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
            assertTrue(direct.requests.isEmpty());
        }
    }

    /** Runs {@code action} and returns what was logged meanwhile (slf4j-simple writes to the current System.err). */
    private static String capturingTheLog(ThrowingRunnable action) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        original.print(log);
        return log;
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
