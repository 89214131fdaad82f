package provd.fetchfw.internal.recipe;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry;
import org.apache.commons.compress.archivers.sevenz.SevenZOutputFile;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;

/** Archives written with Commons Compress for the tests: entries as they are listed, unsafe ones included. */
final class TestArchives {
    enum Compression { NONE, GZIP, BZIP2, XZ }

    private enum Kind { FILE, DIRECTORY, SYMLINK, HARDLINK, CHAR_DEVICE, FIFO }

    private record Entry(Kind kind, String name, byte[] content, String link, long zeros) { }

    private final List<Entry> entries = new ArrayList<>();

    static TestArchives entries() {
        return new TestArchives();
    }

    TestArchives file(String name, String content) {
        return file(name, content.getBytes(StandardCharsets.UTF_8));
    }

    TestArchives file(String name, byte[] content) {
        entries.add(new Entry(Kind.FILE, name, content, null, 0));
        return this;
    }

    /** A file of {@code size} zero bytes, streamed into the archive (a bomb's payload). */
    TestArchives zeros(String name, long size) {
        entries.add(new Entry(Kind.FILE, name, null, null, size));
        return this;
    }

    TestArchives directory(String name) {
        entries.add(new Entry(Kind.DIRECTORY, name, null, null, 0));
        return this;
    }

    TestArchives symlink(String name, String target) {
        entries.add(new Entry(Kind.SYMLINK, name, null, target, 0));
        return this;
    }

    TestArchives hardLink(String name, String target) {
        entries.add(new Entry(Kind.HARDLINK, name, null, target, 0));
        return this;
    }

    TestArchives charDevice(String name) {
        entries.add(new Entry(Kind.CHAR_DEVICE, name, null, null, 0));
        return this;
    }

    TestArchives fifo(String name) {
        entries.add(new Entry(Kind.FIFO, name, null, null, 0));
        return this;
    }

    Path tar(Path file, Compression compression) throws IOException {
        try (OutputStream out = compress(new BufferedOutputStream(Files.newOutputStream(file)), compression);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Entry entry : entries) {
                // preserveAbsolutePath: Commons Compress would otherwise strip the leading / of /etc/evil
                TarArchiveEntry tarEntry = switch (entry.kind()) {
                    case FILE -> new TarArchiveEntry(entry.name(), true);
                    case DIRECTORY -> new TarArchiveEntry(entry.name().endsWith("/") ? entry.name()
                            : entry.name() + "/", true);
                    case SYMLINK -> new TarArchiveEntry(entry.name(), TarConstants.LF_SYMLINK, true);
                    case HARDLINK -> new TarArchiveEntry(entry.name(), TarConstants.LF_LINK, true);
                    case CHAR_DEVICE -> new TarArchiveEntry(entry.name(), TarConstants.LF_CHR, true);
                    case FIFO -> new TarArchiveEntry(entry.name(), TarConstants.LF_FIFO, true);
                };
                if (entry.link() != null) {
                    tarEntry.setLinkName(entry.link());
                }
                if (entry.kind() == Kind.FILE) {
                    tarEntry.setSize(size(entry));
                }
                tar.putArchiveEntry(tarEntry);
                writeContent(tar, entry);
                tar.closeArchiveEntry();
            }
        }
        return file;
    }

    Path zip(Path file) throws IOException {
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(file)) {
            for (Entry entry : entries) {
                String name = entry.kind() == Kind.DIRECTORY && !entry.name().endsWith("/") ? entry.name() + "/"
                        : entry.name();
                ZipArchiveEntry zipEntry = new UnixEntry(name);
                switch (entry.kind()) {
                    case FILE -> zipEntry.setUnixMode(0100644);
                    case DIRECTORY -> zipEntry.setUnixMode(0040755);
                    case SYMLINK -> zipEntry.setUnixMode(0120777);
                    case CHAR_DEVICE -> zipEntry.setUnixMode(0020644);
                    case FIFO -> zipEntry.setUnixMode(0010644);
                    case HARDLINK -> throw new IllegalArgumentException("zip has no hard links");
                }
                zip.putArchiveEntry(zipEntry);
                if (entry.kind() == Kind.SYMLINK) {
                    zip.write(entry.link().getBytes(StandardCharsets.UTF_8));
                } else {
                    writeContent(zip, entry);
                }
                zip.closeArchiveEntry();
            }
        }
        return file;
    }

    Path sevenZ(Path file) throws IOException {
        try (SevenZOutputFile sevenZ = new SevenZOutputFile(file.toFile())) {
            for (Entry entry : entries) {
                SevenZArchiveEntry sevenZEntry = new SevenZArchiveEntry();
                sevenZEntry.setName(entry.name());
                sevenZEntry.setDirectory(entry.kind() == Kind.DIRECTORY);
                if (entry.kind() == Kind.SYMLINK) {
                    // 7-Zip's Unix extension: the mode in the high 16 bits of the Windows attributes
                    sevenZEntry.setHasWindowsAttributes(true);
                    sevenZEntry.setWindowsAttributes(0x8000 | (0120777 << 16));
                } else if (entry.kind() != Kind.FILE && entry.kind() != Kind.DIRECTORY) {
                    throw new IllegalArgumentException("not written into 7z: " + entry.kind());
                }
                sevenZ.putArchiveEntry(sevenZEntry);
                if (entry.kind() == Kind.FILE) {
                    sevenZ.write(entry.content());
                } else if (entry.kind() == Kind.SYMLINK) {
                    sevenZ.write(entry.link().getBytes(StandardCharsets.UTF_8));
                }
                sevenZ.closeArchiveEntry();
            }
        }
        return file;
    }

    private static OutputStream compress(OutputStream out, Compression compression) throws IOException {
        return switch (compression) {
            case NONE -> out;
            case GZIP -> new GzipCompressorOutputStream(out);
            case BZIP2 -> new BZip2CompressorOutputStream(out);
            case XZ -> new XZCompressorOutputStream(out);
        };
    }

    private static long size(Entry entry) {
        return entry.content() != null ? entry.content().length : entry.zeros();
    }

    private static void writeContent(OutputStream out, Entry entry) throws IOException {
        if (entry.content() != null) {
            out.write(entry.content());
        } else {
            byte[] block = new byte[1 << 20];
            for (long left = entry.zeros(); left > 0; left -= block.length) {
                out.write(block, 0, (int) Math.min(block.length, left));
            }
        }
    }

    /** A zip entry made on Unix: its name is kept as written, a backslash included. */
    private static final class UnixEntry extends ZipArchiveEntry {
        UnixEntry(String name) {
            super("x");
            setUnixMode(0100644);
            setName(name);
        }
    }
}
