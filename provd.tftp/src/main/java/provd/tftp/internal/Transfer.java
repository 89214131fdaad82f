package provd.tftp.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.Arrays;

import provd.core.api.ProvisioningRoute;

/**
 * One read transfer, on its own UDP port (its TID), driven by the engine's selector thread only.
 *
 * <p>Blocks are numbered from 1 as {@code long}s; the wire carries the low 16 bits, so numbers roll over from 65535
 * to 0. The window holds blocks {@code acked+1 .. acked+windowsize}; an ACK for a block of the window slides it
 * (RFC 7440: an ACK for an earlier block than the last sent resends from the block after it); a duplicate ACK, or
 * one for a block never sent, is ignored, so only a timeout retransmits (no Sorcerer's Apprentice). Nothing of the
 * file is held: each DATA packet is read with a positional read (from the file, or from its content the server keeps
 * in memory) into the engine's one send buffer, at the time it is sent. A netascii transfer keeps, for each block
 * of the window, where its conversion starts.
 */
final class Transfer {
    private static final byte CR = '\r';
    private static final byte LF = '\n';
    /** Back-off doubles the timeout up to this many times. */
    private static final int MAX_BACKOFF_SHIFT = 4;

    private final Engine engine;
    private final TftpStatistics stats;
    private final DatagramChannel channel;
    private final InetSocketAddress client;
    private final ReadRequest request;
    private final ProvisioningRoute route;
    private final String filename;
    private final Source file;
    private final boolean netascii;
    private final int blksize;
    private final int windowsize;
    private final long timeoutNanos;
    private final boolean backoff;
    private final int maxRetries;
    private final byte[] oack;

    private SelectionKey key;
    private boolean awaitingOackAck;
    private boolean oackSent;
    /** The highest block acknowledged (0: none, or the OACK). */
    private long acked;
    private long nextToSend;
    private long windowEnd;
    private long highestSent;
    /** The last block: the first one shorter than blksize, once read. */
    private long lastBlock = Long.MAX_VALUE;
    private int retries;
    private long deadline;
    private boolean writeInterest;
    private boolean finished;

    /** Netascii: for block b, the file position its conversion starts at and the byte still owed from the last. */
    private final long[] asciiPosition;
    private final int[] asciiPending;

    Transfer(Engine engine, TftpStatistics stats, DatagramChannel channel, InetSocketAddress client,
            ReadRequest request, ProvisioningRoute route, Source file, Negotiation negotiation, int maxRetries) {
        this.engine = engine;
        this.stats = stats;
        this.channel = channel;
        this.client = client;
        this.request = request;
        this.route = route;
        this.filename = request.filename();
        this.file = file;
        this.netascii = request.mode() == ReadRequest.Mode.NETASCII;
        this.blksize = negotiation.blksize();
        this.windowsize = negotiation.windowsize();
        this.timeoutNanos = negotiation.timeoutMillis() * 1_000_000L;
        this.backoff = !negotiation.timeoutNegotiated();
        this.maxRetries = maxRetries;
        this.oack = negotiation.oack();
        if (netascii) {
            asciiPosition = new long[windowsize + 1];
            asciiPending = new int[windowsize + 1];
            Arrays.fill(asciiPending, -1);
        } else {
            asciiPosition = null;
            asciiPending = null;
        }
    }

    InetSocketAddress client() {
        return client;
    }

    String filename() {
        return filename;
    }

    ReadRequest request() {
        return request;
    }

    /** Where the core routed the request. */
    ProvisioningRoute route() {
        return route;
    }

    boolean isFinished() {
        return finished;
    }

    /** Whether the last block was sent (the client may have it all). */
    boolean lastBlockSent() {
        return highestSent >= lastBlock;
    }

    DatagramChannel channel() {
        return channel;
    }

    long deadline() {
        return deadline;
    }

    /** Starts the transfer: its OACK, or the first window. */
    void start(SelectionKey key, long now) {
        this.key = key;
        if (oack != null) {
            awaitingOackAck = true;
            sendOack();
            armTimer(now);
        } else {
            openWindow(now);
        }
    }

    /** Reads what arrived on the transfer port. */
    void onReadable(long now) {
        ByteBuffer buf = engine.receiveBuffer();
        for (int i = 0; i < 64 && !finished; i++) {
            buf.clear();
            SocketAddress from;
            try {
                from = channel.receive(buf);
            } catch (IOException e) {
                fail("receive failed: " + e.getMessage(), -1, null);
                return;
            }
            if (from == null) {
                return;
            }
            buf.flip();
            int opcode = Packets.opcode(buf);
            if (!client.equals(from)) {
                if (opcode != Packets.ERROR) {
                    engine.sendError(channel, from, Packets.ERR_UNKNOWN_TID, "Unknown transfer ID");
                }
                continue;
            }
            if (opcode == Packets.ACK && buf.remaining() >= 4) {
                onAck(Packets.blockNumber(buf), now);
            } else if (opcode == Packets.ERROR) {
                int code = Packets.errorCode(buf);
                String reason = code == Packets.ERR_OPTION_REFUSED ? "client refused the options"
                        : "client aborted (error " + code + " " + Packets.errorMessage(buf) + ")";
                fail(reason, -1, null);
            }
            // Anything else from the client (a stray DATA, a repeated RRQ) is ignored.
        }
    }

    void onWritable(long now) {
        if (!finished) {
            pump();
        }
    }

    /** Retransmits, or gives up, when the timer expired. */
    void onTimer(long now) {
        if (finished || now - deadline < 0) {
            return;
        }
        if (retries >= maxRetries) {
            fail(highestSent >= lastBlock ? "no ACK for the last block" : "timed out after " + retries
                    + " retransmissions", Packets.ERR_UNDEFINED, "Timeout");
            return;
        }
        retries++;
        if (awaitingOackAck) {
            sendOack();
        } else {
            nextToSend = acked + 1;
            windowEnd = acked + windowsize;
            pump();
        }
        armTimer(now);
    }

    private void onAck(int block, long now) {
        if (awaitingOackAck) {
            if (block == 0) {
                awaitingOackAck = false;
                retries = 0;
                openWindow(now);
            }
            return;
        }
        long delta = (block - acked) & 0xffff;
        if (delta == 0 || delta > highestSent - acked) {
            return; // a duplicate, or a block never sent
        }
        acked += delta;
        retries = 0;
        if (acked >= lastBlock) {
            complete();
            return;
        }
        openWindow(now);
    }

    private void openWindow(long now) {
        nextToSend = acked + 1;
        windowEnd = acked + windowsize;
        pump();
        armTimer(now);
    }

    private void armTimer(long now) {
        long timeout = backoff ? timeoutNanos << Math.min(retries, MAX_BACKOFF_SHIFT) : timeoutNanos;
        deadline = now + timeout;
        engine.deadlineSet(deadline);
    }

    /** Sends the window's blocks from {@code nextToSend}; waits for the socket when it is full. */
    private void pump() {
        while (!finished && nextToSend <= windowEnd && nextToSend <= lastBlock) {
            ByteBuffer buf = engine.sendBuffer();
            int payload;
            try {
                payload = fill(buf, nextToSend);
            } catch (IOException e) {
                fail("read failed: " + e.getMessage(), Packets.ERR_UNDEFINED, "Read error");
                return;
            }
            int sent;
            try {
                sent = channel.send(buf, client);
            } catch (IOException e) {
                fail("send failed: " + e.getMessage(), -1, null);
                return;
            }
            if (sent == 0) {
                setWriteInterest(true);
                return;
            }
            if (nextToSend <= highestSent) {
                stats.retransmitted();
            } else {
                highestSent = nextToSend;
            }
            stats.sent(payload);
            nextToSend++;
        }
        setWriteInterest(false);
    }

    private void sendOack() {
        try {
            channel.send(ByteBuffer.wrap(oack), client);
        } catch (IOException e) {
            fail("send failed: " + e.getMessage(), -1, null);
            return;
        }
        if (oackSent) {
            stats.retransmitted();
        }
        oackSent = true;
    }

    private void setWriteInterest(boolean on) {
        if (on != writeInterest && key.isValid()) {
            writeInterest = on;
            key.interestOps(on ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }
    }

    /** Writes DATA {@code block} into {@code buf}, flipped; returns its payload size. */
    private int fill(ByteBuffer buf, long block) throws IOException {
        buf.clear();
        buf.putShort((short) Packets.DATA).putShort((short) block);
        buf.limit(4 + blksize);
        if (netascii) {
            convert(buf, block);
        } else {
            long position = (block - 1) * blksize;
            while (buf.hasRemaining()) {
                if (file.read(buf, position + buf.position() - 4) < 0) {
                    break;
                }
            }
        }
        int payload = buf.position() - 4;
        buf.flip();
        if (payload < blksize && block < lastBlock) {
            lastBlock = block;
            windowEnd = Math.min(windowEnd, block);
        }
        return payload;
    }

    /**
     * Netascii: LF becomes CR LF, CR becomes CR NUL. A pair split by the end of a block owes its second byte to the
     * next one.
     */
    private void convert(ByteBuffer buf, long block) throws IOException {
        int slot = (int) (block % asciiPosition.length);
        long position = asciiPosition[slot];
        int pending = asciiPending[slot];
        if (pending >= 0) {
            buf.put((byte) pending);
            pending = -1;
        }
        ByteBuffer raw = engine.asciiBuffer();
        while (buf.hasRemaining()) {
            raw.clear().limit(Math.min(raw.capacity(), buf.remaining()));
            int n = file.read(raw, position);
            if (n < 0) {
                break;
            }
            raw.flip();
            while (raw.hasRemaining() && buf.hasRemaining()) {
                byte b = raw.get();
                if (b == LF || b == CR) {
                    buf.put(CR);
                    byte second = b == LF ? LF : 0;
                    if (buf.hasRemaining()) {
                        buf.put(second);
                    } else {
                        pending = second;
                    }
                } else {
                    buf.put(b);
                }
            }
            position += raw.position();
        }
        int next = (int) ((block + 1) % asciiPosition.length);
        asciiPosition[next] = position;
        asciiPending[next] = pending;
    }

    private void complete() {
        if (finish()) {
            stats.transferCompleted();
            engine.delivered(this);
        }
    }

    /**
     * Ends the transfer as failed.
     *
     * @param code the ERROR to send the client, or -1 for none
     */
    void fail(String reason, int code, String message) {
        if (finished) {
            return;
        }
        if (code >= 0) {
            engine.sendError(channel, client, code, message);
        }
        if (finish()) {
            stats.transferFailed();
            engine.logFailure(this, reason);
        }
    }

    private boolean finish() {
        if (finished) {
            return false;
        }
        finished = true;
        if (key != null) {
            key.cancel();
        }
        close();
        engine.finished(this);
        return true;
    }

    /** Closes the socket and the file, for a transfer that never started too. */
    void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to do
        }
        try {
            file.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    @Override
    public String toString() {
        return filename + " to " + client.getAddress().getHostAddress() + ":" + client.getPort();
    }
}
