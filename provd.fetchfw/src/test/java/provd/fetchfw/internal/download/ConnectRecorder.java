package provd.fetchfw.internal.download;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A proxy for HTTPS that refuses every tunnel and remembers the head of each CONNECT request it was sent: enough to
 * see that HTTPS downloads go through the configured proxy, without a TLS server.
 */
final class ConnectRecorder implements AutoCloseable {
    final List<String> heads = new CopyOnWriteArrayList<>();
    private final ServerSocket socket;
    private final Thread acceptor;
    private final String answer;

    /** Answers 403 to every CONNECT. */
    ConnectRecorder() throws IOException {
        this("403 Forbidden");
    }

    /** Answers {@code status} (such as {@code 407 Proxy Authentication Required}) to every CONNECT. */
    ConnectRecorder(String status) throws IOException {
        answer = "HTTP/1.1 " + status + "\r\nProxy-Authenticate: Basic realm=\"test\"\r\nContent-Length: 0\r\n"
                + "Connection: close\r\n\r\n";
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::serve, "connect-recorder");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                heads.add(readHead(client.getInputStream()));
                client.getOutputStream().write(answer.getBytes(StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                // closed, or a client gone: next one
            }
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        for (int b; matched < end.length && (b = in.read()) >= 0;) {
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws Exception {
        socket.close();
        acceptor.join(5000);
    }
}
