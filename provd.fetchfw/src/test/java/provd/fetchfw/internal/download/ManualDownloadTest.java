package provd.fetchfw.internal.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static provd.fetchfw.internal.download.TestConfigs.config;
import static provd.fetchfw.internal.download.TestFiles.content;
import static provd.fetchfw.internal.download.TestFiles.sha1;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import provd.fetchfw.api.Download;
import provd.fetchfw.api.DownloadException;
import provd.fetchfw.api.DownloadException.Reason;
import provd.fetchfw.api.DownloadProgress;

/** Files the operator puts into the cache by hand: looked for, checked, never deleted. */
class ManualDownloadTest {
    private static final byte[] FIRMWARE = content(70_000, 9);
    private static final String FIRMWARE_SHA1 = sha1(FIRMWARE);
    private static final Download MANUAL = Download.manual("licensed.zip", FIRMWARE.length, FIRMWARE_SHA1);

    @TempDir
    Path home;
    Path cache;
    CachingDownloader downloader;

    @BeforeEach
    void create() {
        cache = home.resolve("files/cache");
        downloader = new CachingDownloader(home, config("cache_directory", "files/cache"));
    }

    private DownloadException failure() {
        return assertThrows(DownloadException.class, () -> downloader.fetch(MANUAL, DownloadProgress.NONE));
    }

    @Test
    void aMissingFileTellsWhatToPutWhere() {
        DownloadException e = failure();
        assertEquals(Reason.MISSING_MANUAL_FILE, e.reason());
        assertEquals("licensed.zip must be downloaded by hand: put it into " + cache + " as licensed.zip ("
                + FIRMWARE.length + " bytes, SHA-1 " + FIRMWARE_SHA1 + ")", e.getMessage());
    }

    @Test
    void theFileInPlaceIsReturned() throws Exception {
        Files.createDirectories(cache);
        Files.write(cache.resolve("licensed.zip"), FIRMWARE);
        TestFiles.Progress progress = new TestFiles.Progress();

        Path file = downloader.fetch(MANUAL, progress);
        assertEquals(cache.resolve("licensed.zip"), file);
        assertArrayEquals(FIRMWARE, Files.readAllBytes(file));
        assertEquals(new TestFiles.Progress.Call(FIRMWARE.length, FIRMWARE.length), progress.last());
    }

    @Test
    void aFileWithAnotherSizeIsReportedAndLeftInPlace() throws Exception {
        Files.createDirectories(cache);
        Files.write(cache.resolve("licensed.zip"), new byte[10]);

        DownloadException e = failure();
        assertEquals(Reason.SIZE_MISMATCH, e.reason());
        assertTrue(e.getMessage().contains("expected " + FIRMWARE.length + " bytes, got 10"), e.getMessage());
        assertTrue(e.getMessage().contains("replace it"), e.getMessage());
        assertEquals(10, Files.size(cache.resolve("licensed.zip")));
    }

    @Test
    void aFileWithAnotherSha1IsReportedAndLeftInPlace() throws Exception {
        byte[] other = content(FIRMWARE.length, 10);
        Files.createDirectories(cache);
        Files.write(cache.resolve("licensed.zip"), other);

        DownloadException e = failure();
        assertEquals(Reason.CHECKSUM_MISMATCH, e.reason());
        assertTrue(e.getMessage().contains("expected SHA-1 " + FIRMWARE_SHA1 + ", got " + sha1(other)),
                e.getMessage());
        assertArrayEquals(other, Files.readAllBytes(cache.resolve("licensed.zip")));
    }
}
