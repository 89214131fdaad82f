package provd.it.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A minimal TFTP client (RFC 1350 octet read requests, no options) whose source address can be chosen, so that one
 * test can play many phones from 127.x.y.z addresses.
 */
public final class TftpClient {
    /** What a read request got: the file, or the server's error. */
    public record Result(byte[] data, int errorCode, String errorMessage) {
        public boolean ok() {
            return errorCode < 0;
        }
    }

    private TftpClient() {
    }

    public static Result get(String from, int port, String file) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(from), 0))) {
            socket.setSoTimeout(2000);
            byte[] name = file.getBytes(StandardCharsets.UTF_8);
            ByteBuffer rrq = ByteBuffer.allocate(2 + name.length + 1 + 6);
            rrq.putShort((short) 1).put(name).put((byte) 0).put("octet".getBytes(StandardCharsets.US_ASCII)).put((byte) 0);
            socket.send(new DatagramPacket(rrq.array(), rrq.position(), InetAddress.getLoopbackAddress(), port));
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            byte[] buffer = new byte[516];
            int expected = 1;
            while (true) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException e) {
                    throw new IOException("no answer from the TFTP server for " + file, e);
                }
                ByteBuffer in = ByteBuffer.wrap(packet.getData(), 0, packet.getLength());
                int opcode = in.getShort() & 0xffff;
                if (opcode == 5) {
                    int code = in.getShort() & 0xffff;
                    String message = new String(packet.getData(), 4, Math.max(0, packet.getLength() - 5),
                            StandardCharsets.UTF_8);
                    return new Result(null, code, message);
                }
                int block = in.getShort() & 0xffff;
                if (opcode != 3) {
                    throw new IOException("unexpected TFTP opcode " + opcode);
                }
                if (block == (expected & 0xffff)) {
                    data.write(packet.getData(), 4, packet.getLength() - 4);
                    expected++;
                }
                byte[] ack = ByteBuffer.allocate(4).putShort((short) 4).putShort((short) block).array();
                socket.send(new DatagramPacket(ack, 4, packet.getAddress(), packet.getPort()));
                if (packet.getLength() < 516 && block == ((expected - 1) & 0xffff)) {
                    return new Result(data.toByteArray(), -1, "");
                }
            }
        }
    }
}
