package provd.core.internal.sync;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Asterisk manager interface's line protocol over one connection: a banner line, then packets of
 * {@code Key: Value} lines, each ended by an empty line, both ways. Lines and packets are bounded, so that a
 * misbehaving server cannot make us read forever.
 */
final class AmiConnection {
    private static final int MAX_LINE = 8192;
    private static final int MAX_PACKET_LINES = 256;

    private final InputStream in;
    private final OutputStream out;
    private final Duration timeout;

    /** @param timeout how long an awaited response may take, however many other packets come first */
    AmiConnection(InputStream in, OutputStream out, Duration timeout) {
        this.in = new BufferedInputStream(in);
        this.out = out;
        this.timeout = timeout;
    }

    /** One line, without its line end. */
    String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        for (int b; (b = in.read()) != '\n';) {
            if (b < 0) {
                throw new EOFException("the AMI closed the connection");
            }
            if (line.size() == MAX_LINE) {
                throw new IOException("the AMI sent a line longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /** Sends one packet: the lines, then the empty line. */
    void send(List<String> lines) throws IOException {
        StringBuilder packet = new StringBuilder(256);
        lines.forEach(line -> packet.append(line).append("\r\n"));
        packet.append("\r\n");
        out.write(packet.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /**
     * The response to the action {@code actionId}, skipping events and other answers; a response without an
     * ActionID (older servers) is taken as ours.
     *
     * @return its keys in lower case, each with its first value
     */
    Map<String, String> response(String actionId) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<String, String> packet = readPacket();
            String id = packet.get("actionid");
            if (packet.containsKey("response") && (id == null || id.equals(actionId))) {
                return packet;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new SocketTimeoutException("no response to " + actionId);
            }
        }
    }

    private Map<String, String> readPacket() throws IOException {
        Map<String, String> packet = new LinkedHashMap<>();
        for (int count = 0; count < MAX_PACKET_LINES; count++) {
            String line = readLine();
            if (line.isEmpty()) {
                if (!packet.isEmpty()) {
                    return packet;
                }
                continue; // empty lines between packets
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                packet.putIfAbsent(line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).strip());
            }
        }
        throw new IOException("the AMI sent a packet of more than " + MAX_PACKET_LINES + " lines");
    }
}
