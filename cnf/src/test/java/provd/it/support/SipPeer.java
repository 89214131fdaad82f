package provd.it.support;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A phone's SIP side on the loopback interface: receives NOTIFYs and answers each with the status line set last
 * ({@code SIP/2.0 200 OK}; null for silence), echoing Via, From, To, Call-ID and CSeq as a user agent does.
 */
public final class SipPeer implements AutoCloseable {
    private final DatagramSocket socket;
    private final List<String> received = Collections.synchronizedList(new ArrayList<>());
    private volatile String statusLine;

    public SipPeer(String statusLine) throws SocketException {
        this.statusLine = statusLine;
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread thread = new Thread(this::serve, "sip-peer");
        thread.setDaemon(true);
        thread.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** Answers the next requests with {@code statusLine} (null: silence). */
    public void answer(String statusLine) {
        this.statusLine = statusLine;
    }

    /** Every request received, as text. */
    public List<String> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** A header of a request received, by its exact name; null when absent. */
    public static String header(String request, String name) {
        return headers(request).get(name);
    }

    private static Map<String, String> headers(String request) {
        Map<String, String> headers = new LinkedHashMap<>();
        int end = request.indexOf("\r\n\r\n");
        String[] lines = (end < 0 ? request : request.substring(0, end)).split("\r\n");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(lines[i].substring(0, colon), lines[i].substring(colon + 1).strip());
            }
        }
        return headers;
    }

    private void serve() {
        byte[] buffer = new byte[65535];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                String request = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
                received.add(request);
                String answer = statusLine;
                if (answer != null) {
                    Map<String, String> h = headers(request);
                    byte[] response = (answer + "\r\nVia: " + h.get("Via") + "\r\nFrom: " + h.get("From")
                            + "\r\nTo: " + h.get("To") + ";tag=peer\r\nCall-ID: " + h.get("Call-ID")
                            + "\r\nCSeq: " + h.get("CSeq") + "\r\nContent-Length: 0\r\n\r\n")
                            .getBytes(StandardCharsets.UTF_8);
                    socket.send(new DatagramPacket(response, response.length, packet.getSocketAddress()));
                }
            } catch (IOException closed) {
                return;
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
