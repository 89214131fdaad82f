package provd.fetchfw.internal.recipe;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;

import org.apache.commons.compress.archivers.ArchiveException;
import org.apache.commons.compress.archivers.ArchiveStreamFactory;
import org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry;
import org.apache.commons.compress.archivers.sevenz.SevenZFile;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZUtils;

/**
 * Extracts tar (plain, gzip, bzip2 or xz, told apart by their magic bytes as Python's {@code tarfile.open} does, not
 * by file name), zip and 7z archives into a node with Commons Compress. Only regular files and directories are
 * extracted: a symbolic or hard link, wherever it points, a device, a fifo, a socket or any other kind of entry makes
 * the whole archive unsafe, as does a name leaving the node ({@link EntryWriter}) or more entries or bytes than the
 * run's {@link ExpansionBudget}. Phone firmware needs none of these, and refusing every link is simpler to trust than
 * deciding where one resolves. Permissions and times of entries are not restored: the files are served, not run.
 * The thread's interrupt is checked between entries and while copying.
 */
final class ArchiveExtractor {
    /** 7z's LZMA dictionaries are allocated up front; 64 MiB is 7-Zip's largest preset, so this leaves room. */
    private static final int MAX_7Z_MEMORY_KIB = 256 * 1024;
    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFDIR = 0040000;
    /** 7-Zip marks Windows attributes that carry a Unix mode in their high 16 bits with this bit. */
    private static final int SEVEN_ZIP_UNIX_EXTENSION = 0x8000;
    private static final int WINDOWS_REPARSE_POINT = 0x400;

    private final ExpansionBudget budget;

    ArchiveExtractor(ExpansionBudget budget) {
        this.budget = budget;
    }

    void untar(Path archive, Path node) throws StepFailure, InterruptedException {
        String name = archive.getFileName().toString();
        EntryWriter writer = new EntryWriter(node, name, false);
        try (InputStream file = new BufferedInputStream(Files.newInputStream(archive));
                InputStream stream = new BufferedInputStream(budget.meter(decompressed(file, name), name));
                TarArchiveInputStream tar = new TarArchiveInputStream(requireTar(stream, name), "UTF-8")) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                next(name);
                String entryName = entry.getName();
                if (entry.isSymbolicLink()) {
                    throw writer.refuse(entryName, "is a symbolic link (to " + entry.getLinkName()
                            + "); links are never extracted");
                } else if (entry.isLink()) {
                    throw writer.refuse(entryName, "is a hard link (to " + entry.getLinkName()
                            + "); links are never extracted");
                } else if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
                    throw writer.refuse(entryName, "is a device or a fifo");
                } else if (entry.isDirectory()) {
                    writer.directory(entryName);
                } else if (isRegular(entry.getLinkFlag())) {
                    writer.file(entryName, tar);
                } else {
                    throw writer.refuse(entryName, "is a tar entry of type '" + (char) entry.getLinkFlag()
                            + "', which is neither a file nor a directory");
                }
            }
        } catch (IOException e) {
            budget.checkOverrun();
            throw StepFailure.failed(name + " is not a readable tar archive (corrupt or truncated?)", e);
        }
    }

    void unzip(Path archive, Path node) throws StepFailure, InterruptedException {
        String name = archive.getFileName().toString();
        EntryWriter writer = new EntryWriter(node, name, false);
        try (SeekableByteChannel channel = Files.newByteChannel(archive);
                ZipFile zip = ZipFile.builder().setSeekableByteChannel(channel).get()) {
            for (Enumeration<ZipArchiveEntry> entries = zip.getEntriesInPhysicalOrder(); entries.hasMoreElements(); ) {
                ZipArchiveEntry entry = entries.nextElement();
                next(name);
                String entryName = entry.getName();
                int type = entry.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX ? entry.getUnixMode() & S_IFMT : 0;
                if (entry.isUnixSymlink()) {
                    throw writer.refuse(entryName, "is a symbolic link; links are never extracted");
                } else if (type != 0 && type != S_IFREG && type != S_IFDIR) {
                    throw writer.refuse(entryName, "is neither a file nor a directory (Unix mode "
                            + Integer.toOctalString(entry.getUnixMode()) + ")");
                } else if (entry.isDirectory()) {
                    writer.directory(entryName);
                } else if (!zip.canReadEntryData(entry)) {
                    throw StepFailure.failed(name + ": entry " + entryName + " is encrypted or compressed with a "
                            + "method Commons Compress does not read");
                } else {
                    try (InputStream content = budget.meter(zip.getInputStream(entry), name)) {
                        writer.file(entryName, content);
                    }
                }
            }
        } catch (IOException e) {
            budget.checkOverrun();
            throw StepFailure.failed(name + " is not a readable zip archive (corrupt or truncated?)", e);
        }
    }

    /** Flattened, as xivo-fetchfw's {@code 7zr e}: see {@link EntryWriter#EntryWriter}. */
    void un7z(Path archive, Path node) throws StepFailure, InterruptedException {
        String name = archive.getFileName().toString();
        EntryWriter writer = new EntryWriter(node, name, true);
        try (SeekableByteChannel channel = Files.newByteChannel(archive);
                SevenZFile sevenZ = SevenZFile.builder().setSeekableByteChannel(channel)
                        .setMaxMemoryLimitKiB(MAX_7Z_MEMORY_KIB).get()) {
            InputStream content = budget.meter(new InputStream() {
                // the current entry's content: SevenZFile reads entries in order
                @Override
                public int read() throws IOException {
                    return sevenZ.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    return sevenZ.read(buffer, offset, length);
                }
            }, name);
            for (SevenZArchiveEntry entry; (entry = sevenZ.getNextEntry()) != null; ) {
                next(name);
                String entryName = entry.getName();
                int attributes = entry.getHasWindowsAttributes() ? entry.getWindowsAttributes() : 0;
                int type = (attributes & SEVEN_ZIP_UNIX_EXTENSION) != 0 ? (attributes >>> 16) & S_IFMT : 0;
                if ((attributes & WINDOWS_REPARSE_POINT) != 0 || (type != 0 && type != S_IFREG && type != S_IFDIR)) {
                    throw writer.refuse(entryName, "is a link or neither a file nor a directory");
                } else if (entry.isAntiItem()) {
                    // a deletion marker of an update archive: nothing to delete in a new node
                    continue;
                } else if (entry.isDirectory()) {
                    writer.directory(entryName);
                } else {
                    writer.file(entryName, entry.hasStream() ? content : InputStream.nullInputStream());
                }
            }
        } catch (IOException e) {
            budget.checkOverrun();
            throw StepFailure.failed(name + " is not a readable 7z archive (corrupt or truncated?)", e);
        }
    }

    private void next(String archive) throws StepFailure, InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        budget.countEntry(archive);
    }

    private static boolean isRegular(byte linkFlag) {
        return linkFlag == TarConstants.LF_NORMAL || linkFlag == TarConstants.LF_OLDNORM
                || linkFlag == TarConstants.LF_CONTIG;
    }

    /**
     * The tar stream inside {@code file}. Only the compressions Python's tarfile reads are probed, each by its own
     * magic: {@code CompressorStreamFactory.detect} knows a dozen more and takes a plain tar whose first name starts
     * with {@code x^} for a zlib stream.
     */
    private static InputStream decompressed(InputStream file, String name) throws IOException, StepFailure {
        byte[] magic = new byte[6];
        file.mark(magic.length);
        int n = file.readNBytes(magic, 0, magic.length);
        file.reset();
        if (GzipCompressorInputStream.matches(magic, n)) {
            return new GzipCompressorInputStream(file, true);
        }
        if (BZip2CompressorInputStream.matches(magic, n)) {
            return new BZip2CompressorInputStream(file, true);
        }
        if (XZUtils.matches(magic, n)) {
            if (!XZUtils.isXZCompressionAvailable()) {
                throw StepFailure.failed(name + " is compressed with xz, and the org.tukaani.xz bundle is missing");
            }
            return new XZCompressorInputStream(file, true);
        }
        return file;
    }

    private InputStream requireTar(InputStream stream, String name) throws StepFailure {
        String format;
        try {
            format = ArchiveStreamFactory.detect(stream);
        } catch (ArchiveException e) {
            format = null;
        }
        if (!ArchiveStreamFactory.TAR.equals(format)) {
            // detect() swallows the I/O errors of the stream it reads, the budget's overrun among them
            budget.checkOverrun();
            throw StepFailure.failed(name + " is not a tar archive" + (format == null ? "" : " but a " + format
                    + " one") + "; untar reads tar, tar.gz, tar.bz2 and tar.xz");
        }
        return stream;
    }
}
