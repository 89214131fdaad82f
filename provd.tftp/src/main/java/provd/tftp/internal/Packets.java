package provd.tftp.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** TFTP opcodes, error codes and packet encoding (RFC 1350, RFC 2347). */
final class Packets {
    static final int RRQ = 1;
    static final int WRQ = 2;
    static final int DATA = 3;
    static final int ACK = 4;
    static final int ERROR = 5;
    static final int OACK = 6;

    static final int ERR_UNDEFINED = 0;
    static final int ERR_FILE_NOT_FOUND = 1;
    static final int ERR_ACCESS_VIOLATION = 2;
    static final int ERR_ILLEGAL_OPERATION = 4;
    static final int ERR_UNKNOWN_TID = 5;
    static final int ERR_OPTION_REFUSED = 8;

    /** The highest error code RFC 1350 and RFC 2347 define. */
    static final int MAX_ERROR_CODE = 8;

    /** The largest payload a DATA packet carries (RFC 2348's maximum block size). */
    static final int MAX_BLKSIZE = 65464;
    static final int MIN_BLKSIZE = 8;
    static final int DEFAULT_BLKSIZE = 512;
    static final int MAX_WINDOWSIZE = 65535;

    /** The size of a receive buffer that holds any UDP datagram. */
    static final int MAX_DATAGRAM = 65536;

    private Packets() {
    }

    /** The opcode of {@code packet} (read from its position, which it keeps), or -1 when it has fewer than 2 bytes. */
    static int opcode(ByteBuffer packet) {
        return packet.remaining() < 2 ? -1 : packet.getShort(packet.position()) & 0xffff;
    }

    /** Writes an ERROR packet into {@code buf} (cleared first) and flips it for sending. */
    static ByteBuffer error(ByteBuffer buf, int code, String message) {
        buf.clear();
        buf.putShort((short) ERROR).putShort((short) code);
        byte[] text = message.getBytes(StandardCharsets.US_ASCII);
        buf.put(text, 0, Math.min(text.length, buf.remaining() - 1)).put((byte) 0);
        return buf.flip();
    }

    /** A new ERROR packet, ready to send. */
    static ByteBuffer error(int code, String message) {
        return error(ByteBuffer.allocate(5 + message.length()), code, message);
    }

    /** Reads the block number of an ACK or DATA packet positioned at its opcode; -1 when it is too short. */
    static int blockNumber(ByteBuffer packet) {
        return packet.remaining() < 4 ? -1 : packet.getShort(packet.position() + 2) & 0xffff;
    }

    /** The error code of an ERROR packet positioned at its opcode; -1 when it is too short. */
    static int errorCode(ByteBuffer packet) {
        return packet.remaining() < 4 ? -1 : packet.getShort(packet.position() + 2) & 0xffff;
    }

    /** The message of an ERROR packet positioned at its opcode, up to its NUL or its end, for the log. */
    static String errorMessage(ByteBuffer packet) {
        int start = packet.position() + 4;
        int end = start;
        while (end < packet.limit() && packet.get(end) != 0) {
            end++;
        }
        byte[] text = new byte[Math.max(0, Math.min(end - start, 200))];
        packet.get(start, text);
        StringBuilder b = new StringBuilder(text.length);
        for (byte c : text) {
            b.append(c >= 0x20 && c < 0x7f ? (char) c : '?');
        }
        return b.toString();
    }
}
