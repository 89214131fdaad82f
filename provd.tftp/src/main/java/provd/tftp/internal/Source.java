package provd.tftp.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** What a transfer reads its blocks from: the file, open, or its content kept in memory. */
interface Source extends Closeable {
    /**
     * Reads into {@code destination} from {@code position}, as {@link FileChannel#read(ByteBuffer, long)} does.
     *
     * @return the bytes read, -1 at the end
     */
    int read(ByteBuffer destination, long position) throws IOException;

    long size() throws IOException;

    static Source of(FileChannel file) {
        return new Source() {
            @Override
            public int read(ByteBuffer destination, long position) throws IOException {
                return file.read(destination, position);
            }

            @Override
            public long size() throws IOException {
                return file.size();
            }

            @Override
            public void close() throws IOException {
                file.close();
            }
        };
    }

    /** @param content read from its position to its limit, never changed */
    static Source of(ByteBuffer content) {
        return new Source() {
            @Override
            public int read(ByteBuffer destination, long position) {
                long available = content.remaining() - position;
                if (available <= 0) {
                    return -1;
                }
                int n = (int) Math.min(available, destination.remaining());
                int from = content.position() + (int) position;
                destination.put(content.duplicate().position(from).limit(from + n));
                return n;
            }

            @Override
            public long size() {
                return content.remaining();
            }

            @Override
            public void close() {
                // nothing held
            }
        };
    }
}
