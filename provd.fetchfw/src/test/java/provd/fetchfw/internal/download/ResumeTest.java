package provd.fetchfw.internal.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static provd.fetchfw.internal.download.TestConfigs.config;
import static provd.fetchfw.internal.download.TestFiles.content;
import static provd.fetchfw.internal.download.TestFiles.names;
import static provd.fetchfw.internal.download.TestFiles.sha1;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import provd.fetchfw.api.Download;
import provd.fetchfw.api.DownloadException;
import provd.fetchfw.api.DownloadException.Reason;
import provd.fetchfw.api.DownloadProgress;

/** Partial files: kept when a transfer breaks off, continued with a range, verified whole. */
class ResumeTest {
    private static final byte[] FIRMWARE = content(200_000, 3);
    private static final String FIRMWARE_SHA1 = sha1(FIRMWARE);

    @TempDir
    Path home;
    Path cache;
    Path part;
    TestHttpServer server;
    CachingDownloader downloader;

    @BeforeEach
    void start() throws Exception {
        server = new TestHttpServer();
        downloader = new CachingDownloader(home, config());
        cache = home.resolve("data/cache");
        part = cache.resolve("fw.bin.part");
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private Download firmware() {
        return Download.of(server.uri("/fw.bin"), "fw.bin", FIRMWARE.length, FIRMWARE_SHA1);
    }

    private void partHolds(byte[] bytes) throws Exception {
        Files.createDirectories(cache);
        Files.write(part, bytes);
    }

    @Test
    void aTransferCutShortKeepsItsPartAndTheNextOneContinuesIt() throws Exception {
        server.cutOnce("/fw.bin", FIRMWARE, 120_000);
        DownloadException e = assertThrows(DownloadException.class,
                () -> downloader.fetch(firmware(), DownloadProgress.NONE));
        assertEquals(Reason.IO, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains("broke off after"), e.getMessage());
        long kept = Files.size(part);
        assertTrue(kept > 0 && kept <= 120_000, "kept " + kept);
        assertEquals(List.of("fw.bin.part"), names(cache));

        TestFiles.Progress progress = new TestFiles.Progress();
        Path file = downloader.fetch(firmware(), progress);

        assertArrayEquals(FIRMWARE, Files.readAllBytes(file));
        assertEquals(List.of("fw.bin"), names(cache));
        assertEquals("bytes=" + kept + "-", server.requests.get(1).range());
        assertTrue(progress.calls.get(0).done() > kept, "the progress counts what was there");
        assertEquals(new TestFiles.Progress.Call(FIRMWARE.length, FIRMWARE.length), progress.last());
    }

    @Test
    void aServerIgnoringTheRangeSendsTheWholeFileWhichReplacesThePart() throws Exception {
        partHolds(Arrays.copyOf(FIRMWARE, 50_000));
        server.fileIgnoringRanges("/fw.bin", FIRMWARE);

        assertArrayEquals(FIRMWARE, Files.readAllBytes(downloader.fetch(firmware(), DownloadProgress.NONE)));
        assertEquals(1, server.requests.size());
        assertEquals("bytes=50000-", server.requests.get(0).range());
    }

    @Test
    void aPartLongerThanTheFileOnTheServerStartsOverOnceAfterA416() throws Exception {
        byte[] shorter = content(30_000, 4);
        partHolds(content(50_000, 5));
        server.file("/fw.bin", shorter);
        // no size known: only the server's 416 tells the part is too long
        Download download = new Download(Optional.of(server.uri("/fw.bin")), "fw.bin", OptionalLong.empty(),
                Optional.of(sha1(shorter)));

        assertArrayEquals(shorter, Files.readAllBytes(downloader.fetch(download, DownloadProgress.NONE)));
        assertEquals(2, server.requests.size());
        assertEquals("bytes=50000-", server.requests.get(0).range());
        assertNull(server.requests.get(1).range());
    }

    @Test
    void aPartAsLongAsTheFileIsDownloadedAgainWithoutARange() throws Exception {
        partHolds(FIRMWARE);
        server.file("/fw.bin", FIRMWARE);

        assertArrayEquals(FIRMWARE, Files.readAllBytes(downloader.fetch(firmware(), DownloadProgress.NONE)));
        assertNull(server.requests.get(0).range());
    }

    @Test
    void aRangeStartingElsewhereStartsOverOnce() throws Exception {
        partHolds(Arrays.copyOf(FIRMWARE, 50_000));
        server.route("/fw.bin", (request, response, callback) -> {
            if (request.getHeaders().get("Range") != null) {
                // a server answering another range than the one asked for
                response.setStatus(206);
                response.getHeaders().put("Content-Range", "bytes 0-99/" + FIRMWARE.length);
                response.getHeaders().put("Content-Length", 100);
                response.write(true, java.nio.ByteBuffer.wrap(FIRMWARE, 0, 100), callback);
            } else {
                TestHttpServer.serve(request, response, callback, FIRMWARE, false);
            }
        });

        assertArrayEquals(FIRMWARE, Files.readAllBytes(downloader.fetch(firmware(), DownloadProgress.NONE)));
        assertEquals(2, server.requests.size());
    }

    @Test
    void theSha1CoversWhatThePartAlreadyHeld() throws Exception {
        partHolds(content(50_000, 6));
        server.file("/fw.bin", FIRMWARE);
        DownloadException e = assertThrows(DownloadException.class,
                () -> downloader.fetch(firmware(), DownloadProgress.NONE));

        assertEquals(Reason.CHECKSUM_MISMATCH, e.reason());
        assertEquals("bytes=50000-", server.requests.get(0).range());
        assertEquals(List.of(), names(cache), "the mixed file is deleted");
    }

    @Test
    void withoutASha1APartIsNotContinued() throws Exception {
        partHolds(content(50_000, 7));
        server.file("/fw.bin", FIRMWARE);
        Download unchecked = new Download(Optional.of(server.uri("/fw.bin")), "fw.bin",
                OptionalLong.of(FIRMWARE.length), Optional.empty());

        assertArrayEquals(FIRMWARE, Files.readAllBytes(downloader.fetch(unchecked, DownloadProgress.NONE)));
        assertNull(server.requests.get(0).range());
    }

    @Test
    void anErrorStatusKeepsThePartForLater() throws Exception {
        partHolds(Arrays.copyOf(FIRMWARE, 50_000));
        DownloadException e = assertThrows(DownloadException.class,
                () -> downloader.fetch(firmware(), DownloadProgress.NONE));
        assertEquals(Reason.HTTP_STATUS, e.reason());
        assertEquals(50_000, Files.size(part));

        server.file("/fw.bin", FIRMWARE);
        assertArrayEquals(FIRMWARE, Files.readAllBytes(downloader.fetch(firmware(), DownloadProgress.NONE)));
    }
}
