package provd.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

class HttpEndpointTest {
    private static final Path SOMAXCONN = Path.of("/proc/sys/net/core/somaxconn");
    private static final Handler OK = new Handler.Abstract() {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            response.setStatus(204);
            callback.succeeded();
            return true;
        }
    };

    @Test
    void hundredsOfConnectionsArrivingAtOnceWaitInTheKernelInsteadOfBeingDropped() throws Exception {
        HttpEndpoint endpoint = HttpEndpoint.start("endpoint-test", "127.0.0.1", 0, 16, 30_000, OK, status -> { });
        List<Socket> sockets = new ArrayList<>();
        try {
            endpoint.setAccepting(false);
            // the kernel caps every accept queue at net.core.somaxconn (4096 by default)
            int expected = Math.min(400, Integer.parseInt(Files.readString(SOMAXCONN).trim()));
            int connected = 0;
            for (int i = 0; i < expected; i++) {
                Socket socket = new Socket();
                sockets.add(socket);
                try {
                    // a SYN dropped because the accept queue is full is only sent again after a second
                    socket.connect(new InetSocketAddress("127.0.0.1", endpoint.port()), 500);
                    connected++;
                } catch (IOException dropped) {
                    break;
                }
            }
            assertEquals(expected, connected, "connections completed by the kernel while none was accepted");
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
            endpoint.stop();
        }
    }

    @Test
    void eachRequestOfAConnectionIsReadForItselfWithNoHeaderCache() throws Exception {
        Handler echoAgent = new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.setStatus(204);
                response.getHeaders().put("X-Agent", request.getHeaders().get(HttpHeader.USER_AGENT));
                callback.succeeded();
                return true;
            }
        };
        HttpEndpoint endpoint = HttpEndpoint.start("endpoint-test", "127.0.0.1", 0, 16, 30_000, echoAgent,
                status -> { });
        try (Socket socket = new Socket("127.0.0.1", endpoint.port())) {
            assertEquals(0, endpoint.headerCacheSize(), "header cache entries per connection");
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            for (String agent : List.of("Digium/1.0", "Digium/1.0", "Digium/2.0", "Digium/1.0")) {
                out.write(("GET /f HTTP/1.1\r\nHost: x\r\nUser-Agent: " + agent + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertEquals("HTTP/1.1 204 No Content", in.readLine());
                String echoed = null;
                for (String line; !(line = in.readLine()).isEmpty(); ) {
                    if (line.startsWith("X-Agent: ")) {
                        echoed = line.substring("X-Agent: ".length());
                    }
                }
                assertEquals(agent, echoed, "the User-Agent this request sent");
            }
        } finally {
            endpoint.stop();
        }
    }

    @Test
    void aReleasedBufferIsNeverHandedOutAgain() throws Exception {
        HttpEndpoint endpoint = HttpEndpoint.start("endpoint-test", "127.0.0.1", 0, 16, 30_000, OK, status -> { });
        try {
            ByteBufferPool pool = endpoint.bufferPool();
            for (boolean direct : new boolean[] {false, true}) {
                RetainableByteBuffer first = pool.acquire(4096, direct);
                ByteBuffer released = first.getByteBuffer();
                first.release();
                RetainableByteBuffer second = pool.acquire(4096, direct);
                // a pool would give the same one back: Jetty's gave it while a failing connection still used it
                assertNotSame(released, second.getByteBuffer());
                second.release();
            }
        } finally {
            endpoint.stop();
        }
    }
}
