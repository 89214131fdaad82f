import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** What a phone does on the network: its HTTP and TFTP fetches, from its own address. */
final class Clients {
    private Clients() {
    }

    /** The phone's files over its protocol: TFTP or HTTP. */
    static List<byte[]> fetch(Phone phone, InetSocketAddress http, InetSocketAddress tftp, List<String> files)
            throws BootFailure {
        return phone.tftp() ? tftpFetch(phone, tftp, files) : httpFetch(phone, http, files);
    }

    /** HTTP/1.1 GETs over one connection from the phone's own address, as a phone does. */
    static List<byte[]> httpFetch(Phone phone, InetSocketAddress server, List<String> paths) throws BootFailure {
        List<byte[]> bodies = new ArrayList<>();
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(10_000);
            socket.bind(new InetSocketAddress(phone.address(), 0));
            socket.connect(server, 5_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream(), 16_384);
            for (String path : paths) {
                String request = "GET /" + path + " HTTP/1.1\r\nHost: " + server.getHostString() + ":"
                        + server.getPort() + "\r\nUser-Agent: " + phone.userAgent() + "\r\nAccept: */*\r\n\r\n";
                out.write(request.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String status = line(in);
                if (status == null) {
                    throw new BootFailure("http closed", path + ": connection closed");
                }
                long length = -1;
                for (String header; !(header = headerLine(in, path)).isEmpty(); ) {
                    int colon = header.indexOf(':');
                    if (colon > 0 && header.substring(0, colon).equalsIgnoreCase("Content-Length")) {
                        length = Long.parseLong(header.substring(colon + 1).trim());
                    }
                }
                byte[] body = length < 0 ? new byte[0] : in.readNBytes((int) length);
                if (body.length != Math.max(0, length)) {
                    throw new BootFailure("http truncated", path + ": " + body.length + " of " + length + " bytes");
                }
                String code = status.length() >= 12 ? status.substring(9, 12) : status;
                if (!code.equals("200")) {
                    throw new BootFailure("http " + code, path + ": " + status);
                }
                bodies.add(body);
            }
        } catch (SocketTimeoutException e) {
            throw new BootFailure("http timeout", e.getMessage());
        } catch (IOException e) {
            throw new BootFailure("http " + e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
        }
        return bodies;
    }

    private static String headerLine(InputStream in, String path) throws IOException, BootFailure {
        String line = line(in);
        if (line == null) {
            throw new BootFailure("http closed", path + ": connection closed in the headers");
        }
        return line;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) != -1; ) {
            if (c == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) c);
        }
        return line.length() == 0 ? null : line.toString();
    }

    /** TFTP read requests (octet, 512-byte blocks, lockstep), from the phone's own address. */
    static List<byte[]> tftpFetch(Phone phone, InetSocketAddress server, List<String> files) throws BootFailure {
        List<byte[]> bodies = new ArrayList<>();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(phone.address(), 0))) {
            for (String file : files) {
                bodies.add(tftpGet(socket, server, file));
            }
        } catch (IOException e) {
            throw new BootFailure("tftp " + e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
        }
        return bodies;
    }

    private static byte[] tftpGet(DatagramSocket socket, InetSocketAddress server, String file)
            throws IOException, BootFailure {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.write(0);
        request.write(1);
        request.writeBytes(file.getBytes(StandardCharsets.US_ASCII));
        request.write(0);
        request.writeBytes("octet".getBytes(StandardCharsets.US_ASCII));
        request.write(0);
        DatagramPacket last = new DatagramPacket(request.toByteArray(), request.size(), server);
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        byte[] buffer = new byte[4 + 512];
        DatagramPacket received = new DatagramPacket(buffer, buffer.length);
        InetSocketAddress peer = null;
        int expected = 1;
        int timeouts = 0;
        socket.send(last);
        socket.setSoTimeout(1_000);
        while (true) {
            try {
                received.setLength(buffer.length);
                socket.receive(received);
            } catch (SocketTimeoutException e) {
                if (++timeouts > 5) {
                    throw new BootFailure("tftp timeout", file + ": no answer after " + timeouts + " tries");
                }
                socket.send(last);
                continue;
            }
            InetSocketAddress from = (InetSocketAddress) received.getSocketAddress();
            if (peer == null) {
                peer = from;
            } else if (!peer.equals(from)) {
                continue;
            }
            int opcode = ((buffer[0] & 0xff) << 8) | (buffer[1] & 0xff);
            int number = ((buffer[2] & 0xff) << 8) | (buffer[3] & 0xff);
            if (opcode == 5) {
                String message = new String(buffer, 4, Math.max(0, received.getLength() - 5), StandardCharsets.UTF_8);
                throw new BootFailure("tftp error " + number, file + ": " + message);
            }
            if (opcode != 3) {
                throw new BootFailure("tftp protocol", file + ": opcode " + opcode);
            }
            if (number == (expected & 0xffff)) {
                content.write(buffer, 4, received.getLength() - 4);
                expected++;
            }
            byte[] ack = {0, 4, buffer[2], buffer[3]};
            last = new DatagramPacket(ack, 4, peer);
            socket.send(last);
            if (number == ((expected - 1) & 0xffff) && received.getLength() < buffer.length) {
                return content.toByteArray();
            }
        }
    }
}
