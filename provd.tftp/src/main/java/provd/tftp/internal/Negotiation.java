package provd.tftp.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The transfer parameters agreed for a read request (RFC 2347): the options the server accepts, and the OACK that
 * lists them. Unknown, malformed and out-of-range options are ignored, never fatal. Immutable.
 */
final class Negotiation {
    private final int blksize;
    private final int windowsize;
    private final long timeoutMillis;
    private final boolean timeoutNegotiated;
    private final byte[] oack;

    private Negotiation(int blksize, int windowsize, long timeoutMillis, boolean timeoutNegotiated, byte[] oack) {
        this.blksize = blksize;
        this.windowsize = windowsize;
        this.timeoutMillis = timeoutMillis;
        this.timeoutNegotiated = timeoutNegotiated;
        this.oack = oack;
    }

    /**
     * Negotiates the options of {@code request}.
     *
     * @param fileSize the size of the file served, for tsize
     */
    static Negotiation of(ReadRequest request, Settings settings, long fileSize) {
        int blksize = Packets.DEFAULT_BLKSIZE;
        int windowsize = 1;
        long timeoutMillis = settings.timeoutMillis();
        boolean timeoutNegotiated = false;
        ByteArrayOutputStream oack = new ByteArrayOutputStream();
        for (Map.Entry<String, String> option : request.options().entrySet()) {
            long value = number(option.getValue());
            // A read request's tsize carries no information (RFC 2349 has it 0; atftp 0.8 sends "enable"): any
            // value is taken. The other options need a number.
            if (value < 0 && !option.getKey().equals("tsize")) {
                continue;
            }
            String accepted;
            switch (option.getKey()) {
                case "blksize":
                    if (value < Packets.MIN_BLKSIZE) {
                        continue;
                    }
                    blksize = (int) Math.min(value, settings.maxBlksize());
                    accepted = Integer.toString(blksize);
                    break;
                case "timeout":
                    if (value < 1 || value > 255) {
                        continue;
                    }
                    timeoutMillis = value * 1000;
                    timeoutNegotiated = true;
                    accepted = Long.toString(value);
                    break;
                case "tsize":
                    // The size of a netascii transfer is only known once converted: offered in octet mode only.
                    // Not for an empty file either: curl takes tsize 0 in an OACK for an illegal operation, and
                    // the size tells nothing there.
                    if (request.mode() != ReadRequest.Mode.OCTET || fileSize == 0) {
                        continue;
                    }
                    accepted = Long.toString(fileSize);
                    break;
                case "windowsize":
                    if (value < 1 || value > Packets.MAX_WINDOWSIZE) {
                        continue;
                    }
                    windowsize = (int) Math.min(value, settings.maxWindowsize());
                    accepted = Integer.toString(windowsize);
                    break;
                default:
                    continue;
            }
            oack.writeBytes(option.getKey().getBytes(StandardCharsets.US_ASCII));
            oack.write(0);
            oack.writeBytes(accepted.getBytes(StandardCharsets.US_ASCII));
            oack.write(0);
        }
        byte[] packet = null;
        if (oack.size() > 0) {
            byte[] body = oack.toByteArray();
            packet = new byte[2 + body.length];
            packet[1] = Packets.OACK;
            System.arraycopy(body, 0, packet, 2, body.length);
        }
        return new Negotiation(blksize, windowsize, timeoutMillis, timeoutNegotiated, packet);
    }

    /** A non-negative decimal number of at most 10 digits, or -1. */
    private static long number(String text) {
        if (text.isEmpty() || text.length() > 10) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    int blksize() {
        return blksize;
    }

    int windowsize() {
        return windowsize;
    }

    /** The first retransmission timeout. */
    long timeoutMillis() {
        return timeoutMillis;
    }

    /** Whether the client asked for the timeout (which is then kept, without back-off). */
    boolean timeoutNegotiated() {
        return timeoutNegotiated;
    }

    /** The OACK to send, or null when no option was accepted (the transfer starts with DATA 1). */
    byte[] oack() {
        return oack == null ? null : oack.clone();
    }

    boolean hasOack() {
        return oack != null;
    }
}
