package provd.fetchfw.internal.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static provd.fetchfw.internal.download.TestConfigs.config;
import static provd.fetchfw.internal.download.TestFiles.content;
import static provd.fetchfw.internal.download.TestFiles.names;
import static provd.fetchfw.internal.download.TestFiles.sha1;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import provd.fetchfw.api.Download;
import provd.fetchfw.api.DownloadException;
import provd.fetchfw.api.DownloadException.Reason;
import provd.fetchfw.api.DownloadProgress;

/** The downloader against a real HTTP server: verification, the cache, statuses, redirects, timeouts, threads. */
class CachingDownloaderTest {
    private static final byte[] FIRMWARE = content(300_000, 1);
    private static final String FIRMWARE_SHA1 = sha1(FIRMWARE);

    @TempDir
    Path home;
    Path cache;
    TestHttpServer server;
    CachingDownloader downloader;

    @BeforeEach
    void start() throws Exception {
        server = new TestHttpServer();
        server.file("/fw.bin", FIRMWARE);
        downloader = new CachingDownloader(home, config());
        cache = home.resolve("data/cache");
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private Download firmware() {
        return Download.of(server.uri("/fw.bin"), "fw.bin", FIRMWARE.length, FIRMWARE_SHA1);
    }

    private DownloadException failure(Download download) {
        return assertThrows(DownloadException.class, () -> downloader.fetch(download, DownloadProgress.NONE));
    }

    @Test
    void theCacheIsUnderTheHomeByDefault() {
        assertEquals(home.resolve("data/cache").toAbsolutePath(), downloader.cacheDirectory());
    }

    @Test
    void aDownloadArrivesWholeAndTellsItsProgressUpToTheTotal() throws Exception {
        TestFiles.Progress progress = new TestFiles.Progress();
        Path file = downloader.fetch(firmware(), progress);

        assertEquals(cache.resolve("fw.bin"), file);
        assertArrayEquals(FIRMWARE, Files.readAllBytes(file));
        assertEquals(List.of("fw.bin"), names(cache), "no part file left");
        assertEquals(new TestFiles.Progress.Call(FIRMWARE.length, FIRMWARE.length), progress.last());
        assertTrue(progress.calls.size() >= FIRMWARE.length / (64 * 1024), progress.calls.toString());
        long previous = 0;
        for (TestFiles.Progress.Call call : progress.calls) {
            assertEquals(FIRMWARE.length, call.total());
            assertTrue(call.done() >= previous && call.done() - previous <= 64 * 1024, progress.calls.toString());
            previous = call.done();
        }
    }

    @Test
    void aVerifiedCachedCopyIsReturnedWithoutARequest() throws Exception {
        downloader.fetch(firmware(), DownloadProgress.NONE);
        TestFiles.Progress progress = new TestFiles.Progress();
        // a new instance, as after a restart: the cache on disk is what counts
        Path again = new CachingDownloader(home, config()).fetch(firmware(), progress);

        assertArrayEquals(FIRMWARE, Files.readAllBytes(again));
        assertEquals(1, server.requestsFor("/fw.bin").size());
        assertEquals(List.of(new TestFiles.Progress.Call(FIRMWARE.length, FIRMWARE.length)), progress.calls);
    }

    @Test
    void aCachedFileThatDoesNotMatchIsReplaced() throws Exception {
        Files.createDirectories(cache);
        Files.write(cache.resolve("fw.bin"), content(FIRMWARE.length, 2));

        assertArrayEquals(FIRMWARE, Files.readAllBytes(downloader.fetch(firmware(), DownloadProgress.NONE)));
        assertEquals(1, server.requestsFor("/fw.bin").size());
    }

    @Test
    void aWrongSha1LeavesNothingAndTheMessageGivesBothSums() throws Exception {
        String expected = "0123456789abcdef0123456789abcdef01234567";
        DownloadException e = failure(Download.of(server.uri("/fw.bin"), "fw.bin", FIRMWARE.length, expected));

        assertEquals(Reason.CHECKSUM_MISMATCH, e.reason());
        assertTrue(e.getMessage().contains("expected SHA-1 " + expected + ", got " + FIRMWARE_SHA1), e.getMessage());
        assertEquals(List.of(), names(cache));
    }

    @Test
    void aFileLongerThanExpectedIsRefusedOnceItExceedsTheSize() throws Exception {
        long expected = FIRMWARE.length - 100_000;
        TestFiles.Progress progress = new TestFiles.Progress();
        DownloadException e = assertThrows(DownloadException.class, () -> downloader.fetch(
                Download.of(server.uri("/fw.bin"), "fw.bin", expected, FIRMWARE_SHA1), progress));

        assertEquals(Reason.SIZE_MISMATCH, e.reason());
        assertTrue(e.getMessage().contains("expected " + expected + " bytes, got at least "), e.getMessage());
        assertTrue(progress.calls.stream().allMatch(c -> c.done() <= expected), "nothing past the expected size");
        assertEquals(List.of(), names(cache));
    }

    @Test
    void aFileShorterThanExpectedIsRefused() throws Exception {
        long expected = FIRMWARE.length + 10;
        DownloadException e = failure(Download.of(server.uri("/fw.bin"), "fw.bin", expected, FIRMWARE_SHA1));

        assertEquals(Reason.SIZE_MISMATCH, e.reason());
        assertTrue(e.getMessage().endsWith("expected " + expected + " bytes, got " + FIRMWARE.length),
                e.getMessage());
        assertEquals(List.of(), names(cache), "the server said it was done: nothing to continue");
    }

    @Test
    void aFileWithNothingKnownIsDownloadedEveryTimeWithTheServersSizeAsTotal() throws Exception {
        TestFiles.Progress progress = new TestFiles.Progress();
        Download index = Download.unchecked(server.uri("/fw.bin"), "index.bin");
        downloader.fetch(index, DownloadProgress.NONE);
        Path file = downloader.fetch(index, progress);

        assertArrayEquals(FIRMWARE, Files.readAllBytes(file));
        assertEquals(2, server.requestsFor("/fw.bin").size());
        assertTrue(progress.calls.stream().allMatch(c -> c.total() == FIRMWARE.length), progress.calls.toString());
    }

    @Test
    void anErrorStatusNamesTheStatusAndTheUrlWithoutItsSecrets() throws Exception {
        URI source = URI.create("http://operator:hunter2@127.0.0.1:" + server.port() + "/missing.bin?token=s3cret");
        DownloadException e = failure(Download.of(source, "missing.bin", 10, FIRMWARE_SHA1));

        assertEquals(Reason.HTTP_STATUS, e.reason());
        assertTrue(e.getMessage().contains("HTTP 404 from http://127.0.0.1:" + server.port() + "/missing.bin?..."),
                e.getMessage());
        assertFalse(e.getMessage().contains("hunter2") || e.getMessage().contains("s3cret"), e.getMessage());
        assertEquals(null, server.requests.get(0).proxyAuthorization());
        assertEquals(List.of(), names(cache), "no empty part file left");
    }

    @Test
    void redirectsAreFollowedAbsoluteOrRelative() throws Exception {
        server.redirect("/a", 301, server.uri("/b").toString());
        server.redirect("/b", 302, "c");
        server.redirect("/c", 307, "/d");
        server.redirect("/d", 308, "/fw.bin");
        Path file = downloader.fetch(Download.of(server.uri("/a"), "fw.bin", FIRMWARE.length, FIRMWARE_SHA1),
                DownloadProgress.NONE);

        assertArrayEquals(FIRMWARE, Files.readAllBytes(file));
        assertEquals(List.of("/a", "/b", "/c", "/d", "/fw.bin"),
                server.requests.stream().map(TestHttpServer.Seen::path).toList());
    }

    @Test
    void redirectsBeyondTheLimitFail() throws Exception {
        server.redirect("/loop", 302, "/loop");
        DownloadException e = failure(Download.of(server.uri("/loop"), "fw.bin", 1, FIRMWARE_SHA1));

        assertEquals(Reason.HTTP_STATUS, e.reason());
        assertTrue(e.getMessage().contains("more than 5 redirects"), e.getMessage());
        assertEquals(6, server.requestsFor("/loop").size(), "the first request and 5 redirects");

        downloader.modified(config("max_redirects", 0));
        server.redirect("/once", 302, "/fw.bin");
        assertEquals(Reason.HTTP_STATUS, failure(Download.of(server.uri("/once"), "fw.bin", 1, FIRMWARE_SHA1))
                .reason());
    }

    @Test
    void aRedirectToAnotherSchemeIsNotFollowed() throws Exception {
        server.redirect("/ftp", 302, "ftp://127.0.0.1/fw.bin");
        assertEquals(Reason.UNSUPPORTED_SOURCE, failure(Download.of(server.uri("/ftp"), "fw.bin", 1, FIRMWARE_SHA1))
                .reason());
    }

    @Test
    void aServerSendingNothingForTheReadTimeoutFailsAndTheDownloadCanContinueLater() throws Exception {
        downloader.apply(DownloadSettings.of(config(), home).withReadTimeout(Duration.ofMillis(300)));
        server.stallAfter("/stall.bin", FIRMWARE, 100_000);
        Download stalled = Download.of(server.uri("/stall.bin"), "fw.bin", FIRMWARE.length, FIRMWARE_SHA1);

        long started = System.nanoTime();
        DownloadException e = failure(stalled);
        assertEquals(Reason.TIMEOUT, e.reason());
        assertTrue(e.getMessage().contains("nothing received from " + server.uri("/stall.bin") + " for 300 ms"),
                e.getMessage());
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5));
        assertEquals(100_000, Files.size(cache.resolve("fw.bin.part")), "kept for a resume");

        server.file("/stall.bin", FIRMWARE);
        assertArrayEquals(FIRMWARE, Files.readAllBytes(downloader.fetch(stalled, DownloadProgress.NONE)));
        assertEquals("bytes=100000-", server.requestsFor("/stall.bin").get(1).range());
    }

    @Test
    void aServerNotAnsweringForTheReadTimeoutFails() throws Exception {
        downloader.apply(DownloadSettings.of(config(), home).withReadTimeout(Duration.ofMillis(300)));
        server.silent("/silent.bin");
        DownloadException e = failure(Download.of(server.uri("/silent.bin"), "fw.bin", 1, FIRMWARE_SHA1));

        assertEquals(Reason.TIMEOUT, e.reason());
        assertTrue(e.getMessage().contains("no answer from"), e.getMessage());
    }

    @Test
    void aRefusedConnectionFailsAsIo() throws Exception {
        int port = server.port();
        server.close();
        DownloadException e = failure(Download.of(URI.create("http://127.0.0.1:" + port + "/fw.bin"), "fw.bin", 1,
                FIRMWARE_SHA1));
        assertEquals(Reason.IO, e.reason());
    }

    @Test
    void aFileUrlIsCopiedIntoTheCacheAndVerified(@TempDir Path elsewhere) throws Exception {
        Path local = Files.write(elsewhere.resolve("local.bin"), FIRMWARE);
        TestFiles.Progress progress = new TestFiles.Progress();
        Path file = downloader.fetch(Download.of(local.toUri(), "fw.bin", FIRMWARE.length, FIRMWARE_SHA1), progress);

        assertEquals(cache.resolve("fw.bin"), file);
        assertArrayEquals(FIRMWARE, Files.readAllBytes(file));
        assertEquals(new TestFiles.Progress.Call(FIRMWARE.length, FIRMWARE.length), progress.last());
        Files.delete(file);

        DownloadException e = failure(Download.of(local.toUri(), "fw.bin", FIRMWARE.length, sha1(new byte[0])));
        assertEquals(Reason.CHECKSUM_MISMATCH, e.reason());
        assertEquals(List.of(), names(cache));

        e = failure(Download.of(elsewhere.resolve("absent.bin").toUri(), "fw.bin", 1, FIRMWARE_SHA1));
        assertEquals(Reason.IO, e.reason());
        assertTrue(e.getMessage().contains("absent.bin"), e.getMessage());
    }

    @Test
    void otherSchemesAreNotSupported() {
        for (String url : List.of("ftp://ftp.example.com/fw.bin", "file://server/share/fw.bin", "mailto:a@b.c")) {
            DownloadException e = failure(Download.of(URI.create(url), "fw.bin", 1, FIRMWARE_SHA1));
            assertEquals(Reason.UNSUPPORTED_SOURCE, e.reason(), url);
        }
    }

    @Test
    void twoThreadsFetchingOneFileMakeOneRequestAndGetTheSameFile() throws Exception {
        CountDownLatch asked = new CountDownLatch(1);
        server.route("/slow.bin", (request, response, callback) -> {
            asked.countDown();
            Thread.sleep(200);
            TestHttpServer.serve(request, response, callback, FIRMWARE, true);
        });
        Download slow = Download.of(server.uri("/slow.bin"), "fw.bin", FIRMWARE.length, FIRMWARE_SHA1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Callable<Path> fetch = () -> downloader.fetch(slow, DownloadProgress.NONE);
            Future<Path> first = threads.submit(fetch);
            assertTrue(asked.await(5, TimeUnit.SECONDS));
            Future<Path> second = threads.submit(fetch);

            assertEquals(first.get(5, TimeUnit.SECONDS), second.get(5, TimeUnit.SECONDS));
            assertArrayEquals(FIRMWARE, Files.readAllBytes(first.get()));
            assertEquals(1, server.requestsFor("/slow.bin").size());
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void anInterruptedDownloadThrowsInterruptedExceptionAndKeepsItsPart() throws Exception {
        server.stallAfter("/stall.bin", FIRMWARE, 50_000);
        Download stalled = Download.of(server.uri("/stall.bin"), "fw.bin", FIRMWARE.length, FIRMWARE_SHA1);
        Path part = cache.resolve("fw.bin.part");
        Throwable[] thrown = new Throwable[1];
        Thread fetching = new Thread(() -> {
            try {
                downloader.fetch(stalled, DownloadProgress.NONE);
            } catch (Throwable t) {
                thrown[0] = t;
            }
        });
        fetching.start();
        awaitSize(part, 50_000);
        fetching.interrupt();
        fetching.join(5000);

        assertFalse(fetching.isAlive());
        assertTrue(thrown[0] instanceof InterruptedException, String.valueOf(thrown[0]));
        assertEquals(50_000, Files.size(part));
    }

    @Test
    void anInterruptWhileWaitingForTheAnswerThrowsInterruptedException() throws Exception {
        server.silent("/silent.bin");
        Throwable[] thrown = new Throwable[1];
        Thread fetching = new Thread(() -> {
            try {
                downloader.fetch(Download.of(server.uri("/silent.bin"), "fw.bin", 1, FIRMWARE_SHA1),
                        DownloadProgress.NONE);
            } catch (Throwable t) {
                thrown[0] = t;
            }
        });
        fetching.start();
        while (server.requestsFor("/silent.bin").isEmpty()) {
            Thread.sleep(10);
        }
        fetching.interrupt();
        fetching.join(5000);

        assertFalse(fetching.isAlive());
        assertTrue(thrown[0] instanceof InterruptedException, String.valueOf(thrown[0]));
    }

    @Test
    void anInvalidUrlIsRefused() {
        Download download = new Download(Optional.of(URI.create("http:relative")), "fw.bin", OptionalLong.empty(),
                Optional.empty());
        assertEquals(Reason.UNSUPPORTED_SOURCE, failure(download).reason());
    }

    private static void awaitSize(Path file, long size) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!(Files.exists(file) && Files.size(file) >= size)) {
            assertTrue(System.nanoTime() < deadline, file + " never reached " + size + " bytes");
            Thread.sleep(5);
        }
    }
}
