package provd.fetchfw.internal.download;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

import provd.fetchfw.api.DownloadException;
import provd.fetchfw.api.DownloadException.Reason;

/** Files from {@code file:} URLs: copied whole into the cache, and verified there like any download. */
final class FileSource implements Source {

    /** The local file of {@code uri}. */
    static Path path(String name, URI uri) throws DownloadException {
        try {
            return Path.of(uri);
        } catch (IllegalArgumentException | FileSystemNotFoundException e) {
            throw new DownloadException(Reason.UNSUPPORTED_SOURCE, name + ": " + SafeUri.show(uri)
                    + " is not a local file (file:///absolute/path)");
        }
    }

    @Override
    public boolean resumes() {
        // reading the file again costs as much as hashing the partial copy
        return false;
    }

    @Override
    public void transfer(URI uri, Transfer transfer) throws DownloadException, IOException, InterruptedException {
        Path file = path(transfer.name(), uri);
        transfer.restart();
        FileChannel in;
        try {
            in = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new DownloadException(Reason.IO, transfer.name() + ": no file " + file, e);
        } catch (IOException e) {
            throw new DownloadException(Reason.IO, transfer.name() + ": cannot read " + file + ": " + e.getMessage(),
                    e);
        }
        try (in) {
            transfer.announceSize(OptionalLong.of(in.size()));
            ByteBuffer buffer = ByteBuffer.allocate(Sha1.BUFFER_SIZE);
            while (in.read(buffer) >= 0) {
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                buffer.flip();
                transfer.accept(buffer);
                buffer.clear();
            }
        }
    }
}
