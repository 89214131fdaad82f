package provd.tftp.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import provd.core.api.AccessGuard;
import provd.core.api.Device;
import provd.core.api.ProvisioningRequest;
import provd.core.api.ProvisioningRoute;
import provd.core.api.ProvisioningService;

/** Test doubles (real, small implementations) and a raw TFTP client. */
final class TftpTestSupport {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private TftpTestSupport() {
    }

    /** A {@link TftpServer.Config} with the defaults, overridden by {@code values} (keyed by method name). */
    static TftpServer.Config config(Map<String, ?> values) {
        return (TftpServer.Config) Proxy.newProxyInstance(TftpServer.Config.class.getClassLoader(),
                new Class<?>[] {TftpServer.Config.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "annotationType":
                            return TftpServer.Config.class;
                        case "toString":
                            return "Config" + values;
                        case "hashCode":
                            return values.hashCode();
                        case "equals":
                            return proxy == args[0];
                        default:
                            Object v = values.get(method.getName());
                            return v != null ? v : method.getDefaultValue();
                    }
                });
    }

    /**
     * Routes every request to {@code area}; names ending in .cfg are sensitive, names starting denied are denied,
     * {@code trigger.cfg} is the remote-state trigger. Remembers the deliveries reported.
     */
    static final class Routing implements ProvisioningService {
        static final String TRIGGER = "trigger.cfg";
        final Path area;
        final AtomicInteger calls = new AtomicInteger();
        final List<ProvisioningRoute> delivered = new CopyOnWriteArrayList<>();
        volatile ProvisioningRequest last;
        volatile Function<ProvisioningRequest, ProvisioningRoute> override;

        Routing(Path area) {
            this.area = area;
        }

        @Override
        public ProvisioningRoute route(ProvisioningRequest request) {
            calls.incrementAndGet();
            last = request;
            Function<ProvisioningRequest, ProvisioningRoute> o = override;
            if (o != null) {
                return o.apply(request);
            }
            Device device = Device.of(Map.of("id", "d1"));
            if (request.path().startsWith("denied")) {
                return ProvisioningRoute.denied(device, "test-1");
            }
            ProvisioningRoute route = ProvisioningRoute.served(device, "test-1", area,
                    request.path().endsWith(".cfg"));
            return request.path().equals(TRIGGER) ? route.asRemoteStateTrigger() : route;
        }

        @Override
        public void delivered(ProvisioningRoute route) {
            delivered.add(route);
        }
    }

    /** Counts misses; bans the addresses put in {@link #banned}. */
    static final class Guard implements AccessGuard {
        final Set<InetAddress> banned = ConcurrentHashMap.newKeySet();
        final Map<InetAddress, AtomicLong> misses = new ConcurrentHashMap<>();
        final AtomicInteger recordCalls = new AtomicInteger();

        @Override
        public boolean isBanned(InetAddress client) {
            return banned.contains(client);
        }

        @Override
        public void recordMiss(InetAddress client, String path) {
            recordCalls.incrementAndGet();
            misses.computeIfAbsent(client, c -> new AtomicLong()).incrementAndGet();
        }

        @Override
        public long misses(InetAddress client) {
            AtomicLong n = misses.get(client);
            return n == null ? 0 : n.get();
        }

        @Override
        public Map<InetAddress, Instant> bans() {
            Map<InetAddress, Instant> m = new LinkedHashMap<>();
            banned.forEach(a -> m.put(a, Instant.MAX));
            return m;
        }
    }

    /** A TFTP error the server answered. */
    static final class TftpError extends IOException {
        private static final long serialVersionUID = 1L;
        final int code;

        TftpError(int code, String message) {
            super("TFTP error " + code + ": " + message);
            this.code = code;
        }
    }

    /** A packet received, decoded. */
    record Packet(int opcode, int number, byte[] payload, String message, Map<String, String> options,
            InetSocketAddress from) {
        boolean isData(int block) {
            return opcode == Packets.DATA && number == block;
        }

        boolean isError(int code) {
            return opcode == Packets.ERROR && number == code;
        }

        @Override
        public String toString() {
            return "opcode " + opcode + " #" + number + " (" + (payload == null ? 0 : payload.length) + " bytes"
                    + (message != null ? ", " + message : "") + (options != null ? ", " + options : "") + ")";
        }
    }

    /** A raw TFTP client on a blocking socket. */
    static final class Client implements AutoCloseable {
        final DatagramSocket socket;
        final InetSocketAddress server;
        /** The server's transfer port, once a reply came from it. */
        InetSocketAddress tid;
        Map<String, String> oack;

        Client(int serverPort) throws IOException {
            this(LOOPBACK, serverPort);
        }

        Client(InetAddress local, int serverPort) throws IOException {
            socket = new DatagramSocket(new InetSocketAddress(local, 0));
            socket.setReceiveBufferSize(8 << 20);
            server = new InetSocketAddress(LOOPBACK, serverPort);
        }

        static byte[] rrq(int opcode, String file, String mode, String... options) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(0);
            out.write(opcode);
            for (String s : concat(file, mode, options)) {
                out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
                out.write(0);
            }
            return out.toByteArray();
        }

        private static String[] concat(String file, String mode, String[] options) {
            String[] all = new String[options.length + 2];
            all[0] = file;
            all[1] = mode;
            System.arraycopy(options, 0, all, 2, options.length);
            return all;
        }

        void sendRrq(String file, String mode, String... options) throws IOException {
            send(server, rrq(Packets.RRQ, file, mode, options));
        }

        void send(SocketAddress to, byte[] bytes) throws IOException {
            socket.send(new DatagramPacket(bytes, bytes.length, to));
        }

        void sendToServer(byte[] bytes) throws IOException {
            send(server, bytes);
        }

        void ack(int block) throws IOException {
            send(tid, new byte[] {0, Packets.ACK, (byte) (block >> 8), (byte) block});
        }

        void error(int code, String message) throws IOException {
            ByteBuffer b = Packets.error(code, message);
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            send(tid, bytes);
        }

        /** The next packet, or null after {@code timeoutMillis}; the first reply sets {@link #tid}. */
        Packet receive(int timeoutMillis) throws IOException {
            byte[] buf = new byte[65536];
            DatagramPacket dp = new DatagramPacket(buf, buf.length);
            socket.setSoTimeout(timeoutMillis);
            try {
                socket.receive(dp);
            } catch (SocketTimeoutException e) {
                return null;
            }
            InetSocketAddress from = (InetSocketAddress) dp.getSocketAddress();
            if (tid == null && !from.equals(server)) {
                tid = from;
            }
            return decode(ByteBuffer.wrap(buf, 0, dp.getLength()), from);
        }

        static Packet decode(ByteBuffer b, InetSocketAddress from) {
            int opcode = b.remaining() >= 2 ? b.getShort() & 0xffff : -1;
            int number = b.remaining() >= 2 && opcode != Packets.OACK ? b.getShort() & 0xffff : -1;
            byte[] rest = new byte[b.remaining()];
            b.get(rest);
            String message = null;
            Map<String, String> options = null;
            if (opcode == Packets.ERROR) {
                int end = 0;
                while (end < rest.length && rest[end] != 0) {
                    end++;
                }
                message = new String(rest, 0, end, StandardCharsets.US_ASCII);
            } else if (opcode == Packets.OACK) {
                options = new LinkedHashMap<>();
                String[] parts = new String(rest, StandardCharsets.US_ASCII).split("\0", -1);
                for (int i = 0; i + 1 < parts.length; i += 2) {
                    options.put(parts[i], parts[i + 1]);
                }
            }
            return new Packet(opcode, number, opcode == Packets.DATA ? rest : null, message, options, from);
        }

        /** Fetches {@code file} (octet unless {@code mode} says otherwise), window-aware; returns its bytes. */
        byte[] fetch(String file, String mode, String... options) throws IOException {
            sendRrq(file, mode, options);
            return receiveFile(1);
        }

        /**
         * Receives the rest of a transfer whose RRQ was sent, from block {@code expected} (1: the whole file, maybe
         * after an OACK; more: the blocks before were received and acknowledged, lockstep with 512-byte blocks).
         */
        byte[] receiveFile(long expected) throws IOException {
            boolean mayGetOack = expected == 1;
            int blksize = 512;
            int window = 1;
            int sinceAck = 0;
            int lastAcked = (int) ((expected - 1) & 0xffff);
            int timeouts = 0;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (true) {
                Packet p = receive(2000);
                if (p == null) {
                    if (++timeouts > 5) {
                        throw new SocketTimeoutException("no packet from the server");
                    }
                    if (tid != null) {
                        ack(lastAcked);
                    }
                    continue;
                }
                if (!p.from().equals(tid)) {
                    if (p.opcode() == Packets.ERROR && tid == null) {
                        throw new TftpError(p.number(), p.message());
                    }
                    continue;
                }
                switch (p.opcode()) {
                    case Packets.OACK:
                        if (mayGetOack && expected == 1) {
                            oack = p.options();
                            blksize = Integer.parseInt(p.options().getOrDefault("blksize", "512"));
                            window = Integer.parseInt(p.options().getOrDefault("windowsize", "1"));
                            ack(0);
                        }
                        break;
                    case Packets.ERROR:
                        throw new TftpError(p.number(), p.message());
                    case Packets.DATA:
                        if (p.number() != (int) (expected & 0xffff)) {
                            break;
                        }
                        out.writeBytes(p.payload());
                        expected++;
                        sinceAck++;
                        if (p.payload().length < blksize) {
                            ack(p.number());
                            return out.toByteArray();
                        }
                        if (sinceAck >= window) {
                            ack(p.number());
                            lastAcked = p.number();
                            sinceAck = 0;
                        }
                        break;
                    default:
                        break;
                }
            }
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    /** Waits up to 20 s for {@code condition}; false if it never held. */
    static boolean await(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    /** Netascii as RFC 1350 (Telnet NVT) defines it: LF to CR LF, CR to CR NUL. */
    static byte[] netascii(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : raw) {
            if (b == '\n') {
                out.write('\r');
                out.write('\n');
            } else if (b == '\r') {
                out.write('\r');
                out.write(0);
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    /** Deterministic pseudo-random content. */
    static byte[] content(int size, long seed) {
        byte[] b = new byte[size];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }
}
