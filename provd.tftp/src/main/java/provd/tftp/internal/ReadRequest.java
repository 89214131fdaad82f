package provd.tftp.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A parsed read request: {@code | 01 | filename | 0 | mode | 0 | [ option | 0 | value | 0 ]* |}. Options are kept
 * as sent (names lower-cased, the first occurrence of a name wins); an option without its value or its NUL is
 * dropped. Immutable.
 */
final class ReadRequest {
    /** The longest file name accepted, in bytes. */
    static final int MAX_FILENAME_BYTES = 512;

    enum Mode {
        OCTET, NETASCII
    }

    private final String filename;
    private final Mode mode;
    private final Map<String, String> options;

    private ReadRequest(String filename, Mode mode, Map<String, String> options) {
        this.filename = filename;
        this.mode = mode;
        this.options = options;
    }

    String filename() {
        return filename;
    }

    Mode mode() {
        return mode;
    }

    /** The options requested, in the client's order, keyed by lower-case name. */
    Map<String, String> options() {
        return options;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ReadRequest)) {
            return false;
        }
        ReadRequest r = (ReadRequest) o;
        return filename.equals(r.filename) && mode == r.mode && options.equals(r.options);
    }

    @Override
    public int hashCode() {
        return filename.hashCode() * 31 + mode.hashCode();
    }

    @Override
    public String toString() {
        return filename + " (" + mode.name().toLowerCase(Locale.ROOT) + (options.isEmpty() ? "" : ", " + options)
                + ")";
    }

    /** Refusal of a request, with the TFTP error to answer. */
    static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;
        final int code;

        Rejected(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    /**
     * Parses a read request positioned at its opcode (which must be RRQ).
     *
     * @throws Rejected when the packet is malformed or asks for a mode provd does not serve
     */
    static ReadRequest parse(ByteBuffer packet) throws Rejected {
        int pos = packet.position() + 2;
        int end = packet.limit();
        int nameEnd = indexOfNul(packet, pos, end);
        if (nameEnd < 0) {
            throw new Rejected(Packets.ERR_ILLEGAL_OPERATION, "Illegal TFTP operation: file name not terminated");
        }
        if (nameEnd - pos > MAX_FILENAME_BYTES) {
            throw new Rejected(Packets.ERR_ILLEGAL_OPERATION, "Illegal TFTP operation: file name too long");
        }
        if (nameEnd == pos) {
            throw new Rejected(Packets.ERR_ILLEGAL_OPERATION, "Illegal TFTP operation: empty file name");
        }
        int modeEnd = indexOfNul(packet, nameEnd + 1, end);
        if (modeEnd < 0) {
            throw new Rejected(Packets.ERR_ILLEGAL_OPERATION, "Illegal TFTP operation: mode not terminated");
        }
        String modeName = ascii(packet, nameEnd + 1, modeEnd).toLowerCase(Locale.ROOT);
        Mode mode;
        switch (modeName) {
            case "octet":
                mode = Mode.OCTET;
                break;
            case "netascii":
                mode = Mode.NETASCII;
                break;
            case "mail":
                throw new Rejected(Packets.ERR_UNDEFINED, "Mail mode not supported");
            default:
                throw new Rejected(Packets.ERR_ILLEGAL_OPERATION, "Illegal TFTP operation: unknown mode");
        }
        String filename = filename(packet, pos, nameEnd);
        Map<String, String> options = new LinkedHashMap<>();
        int p = modeEnd + 1;
        while (p < end) {
            int keyEnd = indexOfNul(packet, p, end);
            if (keyEnd < 0) {
                break;
            }
            int valueEnd = indexOfNul(packet, keyEnd + 1, end);
            if (valueEnd < 0) {
                break;
            }
            String key = ascii(packet, p, keyEnd).toLowerCase(Locale.ROOT);
            if (!key.isEmpty()) {
                options.putIfAbsent(key, ascii(packet, keyEnd + 1, valueEnd));
            }
            p = valueEnd + 1;
        }
        return new ReadRequest(filename, mode, Collections.unmodifiableMap(options));
    }

    private static int indexOfNul(ByteBuffer packet, int from, int end) {
        for (int i = from; i < end; i++) {
            if (packet.get(i) == 0) {
                return i;
            }
        }
        return -1;
    }

    /** Bytes as text, ISO-8859-1 (options and modes are ASCII; anything else only fails to match). */
    private static String ascii(ByteBuffer packet, int from, int to) {
        byte[] b = new byte[to - from];
        packet.get(from, b);
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** The file name, read as UTF-8 when it is valid UTF-8 (plain ASCII is), otherwise as ISO-8859-1. */
    private static String filename(ByteBuffer packet, int from, int to) {
        byte[] b = new byte[to - from];
        packet.get(from, b);
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return new String(b, StandardCharsets.ISO_8859_1);
        }
    }
}
