package provd.core.internal.sync;

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
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A phone on the loopback interface, as far as NOTIFYs go: a UDP socket that parses each request, checks every
 * header RFC 3261 makes mandatory (and the NOTIFY's own), and answers as the test says, echoing the request's Via,
 * From, Call-ID and CSeq as a real user agent would. Problems are collected and thrown in the test's thread by
 * {@link #assertWellFormed}.
 */
final class SipTestPeer implements AutoCloseable {
    private static final Pattern REQUEST_LINE =
            Pattern.compile("NOTIFY (sip:anonymous@127\\.0\\.0\\.1:(\\d+)) SIP/2\\.0");
    private static final Pattern VIA = Pattern.compile(
            "SIP/2\\.0/UDP ([^:;]+):(\\d+);branch=(z9hG4bK[0-9A-Za-z.!%*_+`'~-]+)(;rport)?");
    private static final Pattern TAGGED_FROM = Pattern.compile("<sip:[^>]+>;tag=[0-9A-Za-z]+");
    private static final Pattern CONTACT = Pattern.compile("<sip:[^>]+@127\\.0\\.0\\.1:(\\d+)>");

    /** What the peer answers to each copy of a request: status lines ({@code SIP/2.0 200 OK}), none for silence. */
    @FunctionalInterface
    interface Answers {
        List<String> to(Request request, int copy);
    }

    /** A NOTIFY as received. */
    record Request(String raw, String requestLine, Map<String, String> headers, String body, long receivedNanos,
            InetSocketAddress from) {
        /** A header's value by its name in any case; null when absent. */
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String branch() {
            Matcher via = VIA.matcher(header("Via"));
            return via.matches() ? via.group(3) : "";
        }
    }

    private final DatagramSocket socket;
    private final List<Request> received = Collections.synchronizedList(new ArrayList<>());
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, AtomicInteger> copies = new ConcurrentHashMap<>();
    private volatile Answers answers;

    SipTestPeer(Answers answers) throws SocketException {
        this.answers = answers;
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread thread = new Thread(this::serve, "sip-test-peer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Answers every copy with {@code statusLine}. */
    static SipTestPeer answering(String statusLine) throws SocketException {
        return new SipTestPeer((request, copy) -> List.of(statusLine));
    }

    int port() {
        return socket.getLocalPort();
    }

    void answer(Answers next) {
        answers = next;
    }

    /** Every copy of every request received, in order. */
    List<Request> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Fails with every problem found in the requests received so far. */
    void assertWellFormed() {
        synchronized (problems) {
            if (!problems.isEmpty()) {
                throw new AssertionError("malformed NOTIFY: " + String.join("; ", problems));
            }
        }
    }

    private void serve() {
        byte[] buffer = new byte[65535];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException closed) {
                return;
            }
            long now = System.nanoTime();
            String raw = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
            Request request = parse(raw, now, (InetSocketAddress) packet.getSocketAddress());
            received.add(request);
            check(request);
            int copy = copies.computeIfAbsent(request.branch(), b -> new AtomicInteger()).incrementAndGet();
            for (String statusLine : answers.to(request, copy)) {
                byte[] response = response(request, statusLine).getBytes(StandardCharsets.UTF_8);
                try {
                    socket.send(new DatagramPacket(response, response.length, packet.getSocketAddress()));
                } catch (IOException e) {
                    problems.add("cannot answer: " + e);
                }
            }
        }
    }

    private static Request parse(String raw, long nanos, InetSocketAddress from) {
        int end = raw.indexOf("\r\n\r\n");
        String head = end < 0 ? raw : raw.substring(0, end);
        String body = end < 0 ? "" : raw.substring(end + 4);
        String[] lines = head.split("\r\n", -1);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(lines[i].substring(0, colon).toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).strip());
            }
        }
        return new Request(raw, lines[0], headers, body, nanos, from);
    }

    private void check(Request request) {
        List<String> found = new ArrayList<>();
        if (request.raw().indexOf("\r\n\r\n") < 0) {
            found.add("no empty line after the headers");
        }
        Matcher line = REQUEST_LINE.matcher(request.requestLine());
        if (!line.matches() || Integer.parseInt(line.group(2)) != port()) {
            found.add("request line '" + request.requestLine() + "'");
        }
        String via = request.header("Via");
        Matcher viaParts = via == null ? null : VIA.matcher(via);
        if (viaParts == null || !viaParts.matches()) {
            found.add("Via '" + via + "'");
        } else if (!viaParts.group(1).equals(request.from().getAddress().getHostAddress())
                || Integer.parseInt(viaParts.group(2)) != request.from().getPort()) {
            found.add("Via " + via + " is not where the request came from, " + request.from());
        }
        expect(found, request, "Max-Forwards", "70");
        String from = request.header("From");
        if (from == null || !TAGGED_FROM.matcher(from).matches()) {
            found.add("From '" + from + "' without a tag");
        }
        String to = request.header("To");
        if (to == null || line.matches() && !to.equals("<" + line.group(1) + ">")) {
            found.add("To '" + to + "'");
        }
        String callId = request.header("Call-ID");
        if (callId == null || callId.isBlank()) {
            found.add("no Call-ID");
        }
        expect(found, request, "CSeq", "1 NOTIFY");
        String contact = request.header("Contact");
        if (contact == null || !CONTACT.matcher(contact).matches()) {
            found.add("Contact '" + contact + "'");
        }
        if (request.header("Event") == null || request.header("Event").isBlank()) {
            found.add("no Event");
        }
        expect(found, request, "Subscription-State", "terminated");
        expect(found, request, "Content-Length", "0");
        if (!request.body().isEmpty()) {
            found.add("a body");
        }
        problems.addAll(found);
    }

    private static void expect(List<String> found, Request request, String header, String value) {
        if (!value.equals(request.header(header))) {
            found.add(header + " '" + request.header(header) + "', not '" + value + "'");
        }
    }

    /** A response as a user agent server builds it (RFC 3261 section 8.2.6.2). */
    private static String response(Request request, String statusLine) {
        return statusLine + "\r\n"
                + "Via: " + request.header("Via") + ";received=127.0.0.1\r\n"
                + "From: " + request.header("From") + "\r\n"
                + "To: " + request.header("To") + (statusLine.contains(" 100 ") ? "" : ";tag=peer") + "\r\n"
                + "Call-ID: " + request.header("Call-ID") + "\r\n"
                + "CSeq: " + request.header("CSeq") + "\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    @Override
    public void close() {
        socket.close();
    }
}
