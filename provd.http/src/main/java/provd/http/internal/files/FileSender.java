package provd.http.internal.files;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;

/**
 * Writes a byte range of an open file as the body of a response, in chunks read by positional reads into one
 * buffer: a file of any size costs one buffer of at most {@link #CHUNK} bytes, and a small one a single read and a
 * single write. The next chunk is read only when the previous one has been written, so a slow phone holds no more
 * than one chunk. The channel is closed when the transfer ends, whichever way.
 *
 * <p>The buffer is the transfer's own, from the heap, like every buffer of provd's HTTP servers: a pooled buffer
 * can be handed to another connection while a failing one still uses it (see {@link provd.http.internal.HttpEndpoint}).
 */
final class FileSender extends IteratingCallback {
    /** The largest chunk read and written at once. */
    static final int CHUNK = 64 * 1024;

    private final Response response;
    private final Callback callback;
    private final FileChannel channel;
    private final PhoneHttpStatistics statistics;
    private final ByteBuffer buffer;
    private long position;
    private long remaining;
    private int pending;

    private FileSender(Response response, Callback callback, FileChannel channel, long offset, long length,
            PhoneHttpStatistics statistics) {
        this.response = response;
        this.callback = callback;
        this.channel = channel;
        this.position = offset;
        this.remaining = length;
        this.statistics = statistics;
        this.buffer = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(1, length)));
    }

    /**
     * Sends {@code length} bytes of {@code channel} from {@code offset}, then completes {@code callback}; closes
     * {@code channel} in every case. The response's headers must be set.
     */
    static void send(Response response, Callback callback, FileChannel channel, long offset, long length,
            PhoneHttpStatistics statistics) {
        if (length == 0) {
            close(channel);
            response.write(true, null, callback);
            return;
        }
        FileSender sender;
        try {
            sender = new FileSender(response, callback, channel, offset, length, statistics);
        } catch (RuntimeException e) {
            close(channel);
            callback.failed(e);
            return;
        }
        sender.iterate();
    }

    @Override
    protected Action process() throws IOException {
        if (remaining == 0) {
            return Action.SUCCEEDED;
        }
        buffer.clear();
        int want = (int) Math.min(buffer.capacity(), remaining);
        buffer.limit(want);
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + buffer.position());
            if (n < 0) {
                // the file shrank since its length was sent: the response cannot be completed
                throw new EOFException("file shorter than its announced length");
            }
        }
        buffer.flip();
        position += want;
        remaining -= want;
        pending = want;
        response.write(remaining == 0, buffer, this);
        return Action.SCHEDULED;
    }

    @Override
    protected void onSuccess() {
        statistics.countSent(pending);
        pending = 0;
    }

    /** Called once, when the transfer has ended. */
    @Override
    protected void onCompleted(Throwable failure) {
        close(channel);
        if (failure == null) {
            callback.succeeded();
        } else {
            callback.failed(failure);
        }
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // read-only channel: nothing was lost
        }
    }
}
