import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * TFTP load generator: N concurrent clients, each doing back-to-back read requests (octet, no options, 512-byte
 * blocks, lockstep) of one file for D seconds against host:port, on one or a few NIO selector threads (no thread
 * per client). Prints transfers/s, errors and p50/p99 latency (RRQ sent to last DATA received), and its own CPU use.
 *
 * <pre>
 * java bench/tftp/TftpLoad.java [--host 127.0.0.1] [--port 69] [--file f2k.bin] [--size 2048] [--clients 200]
 *      [--duration 10] [--warmup 2] [--threads 1] [--timeout-ms 2000] [--pid PID] [--label NAME]
 * java bench/tftp/TftpLoad.java --responder [...]   # against a trivial in-process responder: the generator's ceiling
 * </pre>
 *
 * A client whose transfer times out or gets an ERROR counts an error and starts again from a fresh port; one that
 * completes starts its next request at once from the same port. {@code --size} checks every transfer's length
 * ({@code -1}: not checked). {@code --pid} also reports that process's CPU use (from /proc, children included: a
 * forking server's children are counted once reaped) over the measured period. The last line, {@code RESULT ...},
 * is for scripts.
 */
public class TftpLoad {
    static String host = "127.0.0.1";
    static int port = 69;
    static String file = "f2k.bin";
    static long size = 2048;
    static int clients = 200;
    static double duration = 10;
    static double warmup = 2;
    static int threads = 1;
    static long timeoutMillis = 2000;
    static long pid = -1;
    static int clockTicks = 100;
    static String label = null;
    static boolean responder = false;

    public static void main(String[] args) throws Exception {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--host": host = args[++i]; break;
                case "--port": port = Integer.parseInt(args[++i]); break;
                case "--file": file = args[++i]; break;
                case "--size": size = Long.parseLong(args[++i]); break;
                case "--clients": clients = Integer.parseInt(args[++i]); break;
                case "--duration": duration = Double.parseDouble(args[++i]); break;
                case "--warmup": warmup = Double.parseDouble(args[++i]); break;
                case "--threads": threads = Integer.parseInt(args[++i]); break;
                case "--timeout-ms": timeoutMillis = Long.parseLong(args[++i]); break;
                case "--pid": pid = Long.parseLong(args[++i]); break;
                case "--clk-tck": clockTicks = Integer.parseInt(args[++i]); break;
                case "--label": label = args[++i]; break;
                case "--responder": responder = true; break;
                default:
                    System.err.println("unknown argument " + a + "; see the comment at the top of TftpLoad.java");
                    System.exit(2);
            }
        }
        Responder trivial = null;
        if (responder) {
            trivial = new Responder((int) Math.max(0, size));
            host = "127.0.0.1";
            port = trivial.port();
            if (label == null) {
                label = "trivial in-process responder";
            }
        }
        if (label == null) {
            label = host + ":" + port;
        }
        InetSocketAddress server = new InetSocketAddress(InetAddress.getByName(host), port);

        List<Worker> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int n = clients / threads + (t < clients % threads ? 1 : 0);
            workers.add(new Worker(t, server, n));
        }
        CountDownLatch done = new CountDownLatch(workers.size());
        long start = System.nanoTime();
        long measureFrom = start + (long) (warmup * 1e9);
        long end = measureFrom + (long) (duration * 1e9);
        for (Worker w : workers) {
            w.measureFrom = measureFrom;
            w.end = end;
            Thread th = new Thread(() -> {
                try {
                    w.run();
                } catch (IOException e) {
                    e.printStackTrace();
                } finally {
                    done.countDown();
                }
            }, "load-" + w.id);
            w.thread = th;
            th.start();
        }
        // CPU figures over the measured period only.
        sleepUntil(measureFrom);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long ownCpu0 = processCpuNanos();
        long responderCpu0 = trivial != null ? mx.getThreadCpuTime(trivial.thread.getId()) : 0;
        long serverTicks0 = pid > 0 ? procTicks(pid) : -1;
        long wall0 = System.nanoTime();
        done.await();
        long wall = System.nanoTime() - wall0;
        long ownCpu = processCpuNanos() - ownCpu0;
        long responderCpu = trivial != null ? mx.getThreadCpuTime(trivial.thread.getId()) - responderCpu0 : 0;
        long serverTicks = pid > 0 ? procTicks(pid) - serverTicks0 : -1;
        if (trivial != null) {
            trivial.stop();
        }

        long transfers = 0, timeouts = 0, tftpErrors = 0, badData = 0;
        long[] all = new long[0];
        for (Worker w : workers) {
            transfers += w.completed;
            timeouts += w.timeouts;
            tftpErrors += w.tftpErrors;
            badData += w.badData;
            long[] lat = Arrays.copyOf(w.latencies, w.latencyCount);
            long[] merged = Arrays.copyOf(all, all.length + lat.length);
            System.arraycopy(lat, 0, merged, all.length, lat.length);
            all = merged;
        }
        Arrays.sort(all);
        double seconds = duration;
        double rate = transfers / seconds;
        long errors = timeouts + tftpErrors + badData;
        double p50 = percentile(all, 0.50) / 1000.0;
        double p99 = percentile(all, 0.99) / 1000.0;
        double max = all.length == 0 ? 0 : all[all.length - 1] / 1000.0;
        double generatorCpu = 100.0 * (ownCpu - responderCpu) / wall;
        System.out.printf("target %s, file %s, %d clients on %d thread(s), %.0f s measured after %.0f s warm-up%n",
                label, file, clients, threads, duration, warmup);
        System.out.printf("  transfers: %d (%.1f/s)   errors: %d (timeouts %d, TFTP errors %d, bad data %d)%n",
                transfers, rate, errors, timeouts, tftpErrors, badData);
        System.out.printf("  latency: p50 %.3f ms, p99 %.3f ms, max %.3f ms%n", p50, p99, max);
        System.out.printf("  load generator CPU: %.0f%% of one core%n", generatorCpu);
        if (trivial != null) {
            System.out.printf("  responder CPU: %.0f%% of one core (same process, not counted above)%n",
                    100.0 * responderCpu / wall);
        }
        double serverCpu = -1;
        if (serverTicks >= 0) {
            serverCpu = 100.0 * serverTicks / clockTicks / (wall / 1e9);
            System.out.printf("  server (pid %d) CPU: %.0f%% of one core (children included)%n", pid, serverCpu);
        }
        System.out.printf("RESULT label=%s rate=%.1f errors=%d p50_ms=%.3f p99_ms=%.3f generator_cpu=%.0f"
                + " server_cpu=%.0f%n", label.replace(' ', '_'), rate, errors, p50, p99, generatorCpu, serverCpu);
    }

    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    static void sleepUntil(long nanoTime) throws InterruptedException {
        long d;
        while ((d = nanoTime - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, d / 1_000_000));
        }
    }

    static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
        }
        return 0;
    }

    /** utime + stime + cutime + cstime of a process, in clock ticks. */
    static long procTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": state is f[0]; utime is field 14 overall, i.e. f[11]
            return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** One selector thread driving its share of the clients. */
    static final class Worker {
        final int id;
        final InetSocketAddress server;
        final int count;
        long measureFrom;
        long end;
        Thread thread;
        long completed, timeouts, tftpErrors, badData;
        long[] latencies = new long[1 << 16];
        int latencyCount;
        final byte[] rrq;
        final ByteBuffer rx = ByteBuffer.allocateDirect(65536);
        final ByteBuffer tx = ByteBuffer.allocateDirect(600);

        Worker(int id, InetSocketAddress server, int count) {
            this.id = id;
            this.server = server;
            this.count = count;
            byte[] name = file.getBytes(StandardCharsets.UTF_8);
            byte[] mode = "octet".getBytes(StandardCharsets.US_ASCII);
            rrq = new byte[2 + name.length + 1 + mode.length + 1];
            rrq[1] = 1;
            System.arraycopy(name, 0, rrq, 2, name.length);
            System.arraycopy(mode, 0, rrq, 3 + name.length, mode.length);
        }

        final class Client {
            DatagramChannel channel;
            SelectionKey key;
            SocketAddress tid;
            int expected;
            long received;
            long started;
            long deadline;
        }

        void run() throws IOException {
            Selector selector = Selector.open();
            List<Client> all = new ArrayList<>();
            long now = System.nanoTime();
            for (int i = 0; i < count; i++) {
                Client c = new Client();
                open(c, selector);
                all.add(c);
                begin(c, now);
            }
            long timeoutNanos = timeoutMillis * 1_000_000L;
            long nextCheck = now + 10_000_000L;
            while ((now = System.nanoTime()) < end) {
                selector.select(Math.max(1, Math.min((end - now) / 1_000_000, 10)));
                for (SelectionKey key : selector.selectedKeys()) {
                    Client c = (Client) key.attachment();
                    drain(c, selector);
                }
                selector.selectedKeys().clear();
                now = System.nanoTime();
                if (now >= nextCheck) {
                    nextCheck = now + 10_000_000L;
                    for (Client c : all) {
                        if (now - c.deadline > 0) {
                            if (c.started >= measureFrom) {
                                timeouts++;
                            }
                            restart(c, selector, now);
                        }
                    }
                }
            }
            for (Client c : all) {
                c.channel.close();
            }
            selector.close();
        }

        void open(Client c, Selector selector) throws IOException {
            c.channel = DatagramChannel.open(StandardProtocolFamily.INET);
            c.channel.configureBlocking(false);
            c.channel.setOption(StandardSocketOptions.SO_RCVBUF, 256 << 10);
            c.channel.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            c.key = c.channel.register(selector, SelectionKey.OP_READ, c);
        }

        void restart(Client c, Selector selector, long now) throws IOException {
            c.key.cancel();
            c.channel.close();
            open(c, selector);
            begin(c, now);
        }

        void begin(Client c, long now) throws IOException {
            c.tid = null;
            c.expected = 1;
            c.received = 0;
            c.started = now;
            c.deadline = now + timeoutMillis * 1_000_000L;
            c.channel.send(ByteBuffer.wrap(rrq), server);
        }

        void drain(Client c, Selector selector) throws IOException {
            for (int i = 0; i < 16; i++) {
                rx.clear();
                SocketAddress from = c.channel.receive(rx);
                if (from == null) {
                    return;
                }
                rx.flip();
                if (c.tid != null && !c.tid.equals(from)) {
                    continue; // stale: another transfer's port
                }
                int op = rx.remaining() >= 4 ? rx.getShort(0) & 0xffff : -1;
                long now = System.nanoTime();
                if (op == 5) {
                    if (c.started >= measureFrom) {
                        tftpErrors++;
                    }
                    restart(c, selector, now);
                    return;
                }
                if (op != 3) {
                    continue;
                }
                c.tid = from;
                int block = rx.getShort(2) & 0xffff;
                int len = rx.remaining() - 4;
                if (block != (c.expected & 0xffff)) {
                    continue; // a duplicate: the server's timer resends if need be
                }
                c.received += len;
                tx.clear();
                tx.putShort((short) 4).putShort((short) block).flip();
                c.channel.send(tx, from);
                c.expected++;
                c.deadline = now + timeoutMillis * 1_000_000L;
                if (len < 512) {
                    if (c.started >= measureFrom && now < end) {
                        if (size >= 0 && c.received != size) {
                            badData++;
                        } else {
                            completed++;
                            if (latencyCount == latencies.length) {
                                latencies = Arrays.copyOf(latencies, latencies.length * 2);
                            }
                            latencies[latencyCount++] = (now - c.started) / 1000;
                        }
                    }
                    begin(c, now);
                    return;
                }
            }
        }
    }

    /**
     * A trivial TFTP responder on one socket: answers an RRQ with DATA 1 of a fixed in-memory file from that same
     * socket and each ACK with the next block; no timers, no files, no routing. It bounds what the generator can
     * measure.
     */
    static final class Responder {
        final DatagramChannel channel;
        final Thread thread;
        final byte[][] blocks;
        volatile boolean running = true;

        Responder(int size) throws IOException {
            int n = size / 512 + 1;
            blocks = new byte[n][];
            for (int b = 0; b < n; b++) {
                int len = Math.min(512, size - b * 512);
                byte[] p = new byte[4 + len];
                p[1] = 3;
                p[2] = (byte) ((b + 1) >> 8);
                p[3] = (byte) (b + 1);
                blocks[b] = p;
            }
            channel = DatagramChannel.open(StandardProtocolFamily.INET);
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
            channel.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            channel.configureBlocking(true);
            thread = new Thread(this::run, "responder");
            thread.setDaemon(true);
            thread.start();
        }

        int port() throws IOException {
            return ((InetSocketAddress) channel.getLocalAddress()).getPort();
        }

        void run() {
            ByteBuffer rx = ByteBuffer.allocateDirect(2048);
            ByteBuffer[] tx = new ByteBuffer[blocks.length];
            for (int i = 0; i < blocks.length; i++) {
                tx[i] = ByteBuffer.allocateDirect(blocks[i].length).put(blocks[i]).flip();
            }
            try {
                while (running) {
                    rx.clear();
                    SocketAddress from = channel.receive(rx);
                    rx.flip();
                    int op = rx.remaining() >= 2 ? rx.getShort(0) & 0xffff : -1;
                    int next;
                    if (op == 1) {
                        next = 0;
                    } else if (op == 4 && rx.remaining() >= 4) {
                        next = (rx.getShort(2) & 0xffff);
                        if (next >= blocks.length) {
                            continue;
                        }
                    } else {
                        continue;
                    }
                    ByteBuffer b = tx[next].duplicate();
                    channel.send(b, from);
                }
            } catch (IOException e) {
                if (running) {
                    e.printStackTrace();
                }
            }
        }

        void stop() throws IOException {
            running = false;
            channel.close();
        }
    }
}
