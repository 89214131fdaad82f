import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Malformed HTTP requests to the phone server, one connection each, from many source addresses: garbage and binary
 * request lines, bad methods and versions, HTTP/0.9, huge or broken headers, invalid percent-encoding, traversal
 * paths, bad Content-Length and chunking, requests cut short, and slowloris requests sent a byte at a time (a few at
 * once, for a few seconds each). Each answer's status is counted, then the connection reset.
 */
final class HttpFuzzer {
    private static final String[] KINDS = {"garbage line", "binary junk", "bad method", "bad version", "HTTP/0.9",
            "huge header", "many headers", "broken header", "bad percent-encoding", "traversal", "long URI",
            "bad Content-Length", "bad chunking", "truncated", "slowloris"};
    /** Slowloris connections open at once at most, and how long each trickles. */
    private static final int SLOW_AT_ONCE = 16;
    private static final long SLOW_MILLIS = 3_000;

    private final InetSocketAddress server;
    private final List<InetAddress> sources;
    private final Random seeds;
    private final Semaphore slowSlots = new Semaphore(SLOW_AT_ONCE);
    private final Map<String, LongAdder> sent = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> answers = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> answersByKind = new ConcurrentHashMap<>();
    private final AtomicLong next = new AtomicLong();

    HttpFuzzer(InetSocketAddress server, List<InetAddress> sources, long seed) {
        this.server = server;
        this.sources = sources;
        this.seeds = new Random(seed);
    }

    /** Sends {@code requests} over {@code threads} connections at a time, {@code perSecond} a second (0: no limit). */
    void run(int threads, long requests, double perSecond) throws InterruptedException {
        Pacer pacer = new Pacer(perSecond);
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Random random = new Random(seeds.nextLong());
            Thread sender = new Thread(() -> {
                for (long n; (n = next.getAndIncrement()) < requests; ) {
                    try {
                        pacer.awaitTurn(n);
                    } catch (InterruptedException e) {
                        return;
                    }
                    int kind = random.nextInt(KINDS.length);
                    if (KINDS[kind].equals("slowloris") && !slowSlots.tryAcquire()) {
                        kind = 0; // enough trickling connections already: a garbage line instead
                    }
                    send(KINDS[kind], random, sources.get((int) (n % sources.size())));
                }
            }, "http-fuzz-" + t);
            sender.setDaemon(true);
            senders.add(sender);
            sender.start();
        }
        for (Thread sender : senders) {
            sender.join();
        }
    }

    long sent() {
        return sent.values().stream().mapToLong(LongAdder::sum).sum();
    }

    Map<String, Long> sentByKind() {
        return sums(sent);
    }

    /** The answers by status code, or how the connection ended without one. */
    Map<String, Long> answers() {
        return sums(answers);
    }

    /** The answers by kind of request: {@code "traversal -> 400"}. */
    Map<String, Long> answersByKind() {
        return sums(answersByKind);
    }

    private static Map<String, Long> sums(Map<String, LongAdder> counters) {
        Map<String, Long> byKey = new TreeMap<>();
        counters.forEach((key, count) -> byKey.put(key, count.sum()));
        return byKey;
    }

    private void send(String kind, Random random, InetAddress source) {
        sent.computeIfAbsent(kind, k -> new LongAdder()).increment();
        String outcome;
        try (Socket socket = new Socket()) {
            socket.setSoTimeout(2_000);
            socket.setSoLinger(true, 0); // closed with a reset: no TIME_WAIT left behind for 100,000 connections
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(server, 5_000);
            OutputStream out = socket.getOutputStream();
            if (kind.equals("slowloris")) {
                trickle(out, random);
            } else {
                out.write(request(kind, random));
                out.flush();
            }
            if (kind.equals("truncated") || kind.equals("bad Content-Length")) {
                socket.shutdownOutput(); // the rest never comes: the server must not wait for it forever
            }
            outcome = answer(socket.getInputStream());
        } catch (SocketTimeoutException e) {
            outcome = "no answer in 2 s";
        } catch (IOException e) {
            outcome = "connection " + e.getClass().getSimpleName();
        } finally {
            if (kind.equals("slowloris")) {
                slowSlots.release();
            }
        }
        answers.computeIfAbsent(outcome, k -> new LongAdder()).increment();
        answersByKind.computeIfAbsent(kind + " -> " + outcome, k -> new LongAdder()).increment();
    }

    /** The status code of the answer (the rest goes with the connection). */
    private static String answer(InputStream in) throws IOException {
        byte[] head = in.readNBytes(12);
        if (head.length == 0) {
            return "closed without an answer";
        }
        String status = new String(head, StandardCharsets.ISO_8859_1);
        return status.startsWith("HTTP/1.") && status.length() == 12 ? status.substring(9, 12) : "not HTTP: "
                + status.replaceAll("[^ -~]", "?");
    }

    private static void trickle(OutputStream out, Random random) throws IOException {
        byte[] start = ("GET /Digium/000fd3" + String.format("%06x", random.nextInt(1 << 24))
                + ".cfg HTTP/1.1\r\nHost: provd\r\n").getBytes(StandardCharsets.US_ASCII);
        out.write(start);
        out.flush();
        long end = System.currentTimeMillis() + SLOW_MILLIS;
        try {
            while (System.currentTimeMillis() < end) {
                out.write('X');
                out.flush();
                Thread.sleep(100 + random.nextInt(200));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] request(String kind, Random random) {
        String path = "/Digium/000fd3" + String.format("%06x", random.nextInt(1 << 24)) + ".cfg";
        String text = switch (kind) {
            case "garbage line" -> printable(random, 1 + random.nextInt(200)) + "\r\n\r\n";
            case "binary junk" -> new String(bytes(random, 1 + random.nextInt(2000)), StandardCharsets.ISO_8859_1);
            case "bad method" -> pick(random, "FOO", "get", "G\0ET", "DELETE", "PUT", "POST", "CONNECT", "TRACE",
                    "PATCH", "OPTIONS", "GET GET", "\tGET", "X".repeat(5000)) + " " + path
                    + " HTTP/1.1\r\nHost: provd\r\nContent-Length: 4\r\n\r\nbody";
            case "bad version" -> "GET " + path + " " + pick(random, "HTTP/2.0", "HTTP/1.1.1", "HTTP/9", "HTTP/",
                    "HTTPS/1.1", "http/1.1", "HTTP/1.1 extra", "HTTP/01.1") + "\r\nHost: provd\r\n\r\n";
            case "HTTP/0.9" -> "GET " + path + "\r\n";
            case "huge header" -> "GET " + path + " HTTP/1.1\r\nHost: provd\r\nX-Big: "
                    + "a".repeat(8_000 + random.nextInt(1 << 20)) + "\r\n\r\n";
            case "many headers" -> "GET " + path + " HTTP/1.1\r\nHost: provd\r\n"
                    + "X-H: v\r\n".repeat(100 + random.nextInt(5000)) + "\r\n";
            case "broken header" -> "GET " + path + " HTTP/1.1\r\n" + pick(random, "Host provd\r\n",
                    "Host : provd\r\n", "Host: provd\r\n folded\r\n", "Ho\0st: provd\r\n", "Host: pro\rvd\r\n",
                    "Host: a\r\nHost: b\r\n", ": empty name\r\n", "\r\r\n", "Host: provd\nX: y\n",
                    "User-Agent: " + printable(random, 50) + "\u00ff\r\n") + "\r\n";
            case "bad percent-encoding" -> "GET " + pick(random, "/Digium/%zz.cfg", "/%", "/Digium/%2", "/%c0%af",
                    "/Digium/%00.cfg", "/%u002e%u002e/", "/Digium%2f..%2f..%2fetc%2fpasswd", "/%%32%65")
                    + " HTTP/1.1\r\nHost: provd\r\n\r\n";
            case "traversal" -> "GET " + pick(random, "/../../etc/passwd", "/Digium/../../../etc/shadow",
                    "/Digium/..%2f..%2fetc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/Digium/..\\..\\etc\\passwd",
                    "//etc/passwd", "/./Digium/./../..", "http://provd/../../etc/passwd", "/Digium/%2e%2e%5c",
                    "*", "/Digium/.%00./") + " HTTP/1.1\r\nHost: provd\r\n\r\n";
            case "long URI" -> "GET /" + "a/".repeat(5_000 + random.nextInt(100_000)) + " HTTP/1.1\r\nHost: "
                    + "provd\r\n\r\n";
            case "bad Content-Length" -> "GET " + path + " HTTP/1.1\r\nHost: provd\r\n" + pick(random,
                    "Content-Length: -1\r\n", "Content-Length: abc\r\n", "Content-Length: 5\r\nContent-Length: 6\r\n",
                    "Content-Length: 99999999999999999999\r\n", "Content-Length: 1000000\r\n",
                    "Content-Length: 10\r\nTransfer-Encoding: chunked\r\n") + "\r\npartial";
            case "bad chunking" -> "GET " + path + " HTTP/1.1\r\nHost: provd\r\nTransfer-Encoding: "
                    + pick(random, "chunked", "gzip, chunked", "chunked, identity", "xchunked") + "\r\n\r\n"
                    + pick(random, "zz\r\nabc\r\n0\r\n\r\n", "ffffffffffffffff\r\n", "-1\r\n", "5\r\nab\r\n0\r\n");
            case "truncated" -> {
                String whole = "GET " + path + " HTTP/1.1\r\nHost: provd\r\nUser-Agent: Digium D40 2.8.1\r\n\r\n";
                yield whole.substring(0, random.nextInt(whole.length() - 1));
            }
            default -> throw new IllegalArgumentException(kind);
        };
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String pick(Random random, String... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static String printable(Random random, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append((char) (0x20 + random.nextInt(0x5f)));
        }
        return text.toString();
    }

    private static byte[] bytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
