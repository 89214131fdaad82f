package provd.tftp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static provd.tftp.internal.TftpTestSupport.await;
import static provd.tftp.internal.TftpTestSupport.content;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import provd.tftp.internal.TftpTestSupport.Client;
import provd.tftp.internal.TftpTestSupport.Guard;
import provd.tftp.internal.TftpTestSupport.Packet;
import provd.tftp.internal.TftpTestSupport.Routing;
import provd.tftp.internal.TftpTestSupport.TftpError;

/** The TFTP server over real UDP sockets on the loopback, driven by a raw client. */
class TftpServerTest {
    @TempDir
    Path dir;
    Routing routing;
    Guard guard;
    TftpServer server;
    final List<Client> clients = new ArrayList<>();

    @BeforeEach
    void setUp() {
        routing = new Routing(dir);
        guard = new Guard();
    }

    @AfterEach
    void tearDown() {
        clients.forEach(Client::close);
        if (server != null) {
            server.deactivate();
        }
    }

    private TftpServer start(Object... keyValues) {
        Map<String, Object> values = new HashMap<>();
        values.put("bind", "127.0.0.1");
        values.put("port", 0);
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put((String) keyValues[i], keyValues[i + 1]);
        }
        server = new TftpServer(routing, guard, TftpTestSupport.config(values));
        assertTrue(server.port() > 0, "listening");
        return server;
    }

    private Client client() throws IOException {
        Client c = new Client(server.port());
        clients.add(c);
        return c;
    }

    private byte[] file(String name, byte[] content) throws IOException {
        Files.write(dir.resolve(name), content);
        return content;
    }

    private void awaitIdle() throws InterruptedException {
        assertTrue(await(() -> server.statistics().activeTransfers() == 0 && server.requestsUnderWay() == 0),
                "transfers freed: " + server.statistics());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 511, 512, 513, 1024, 3 * 1024 * 1024 + 123})
    void servesOctetFilesByteForByte(int size) throws Exception {
        start();
        byte[] content = file("f.bin", content(size, size));
        assertArrayEquals(content, client().fetch("f.bin", "octet"));
        awaitIdle();
        assertEquals(1, server.statistics().transfersCompleted());
        assertEquals(0, server.statistics().transfersFailed());
        assertEquals(0, server.statistics().retransmissions());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 64})
    void servesTheSameBytesFromMemoryAndFromDisk(int fileCacheMb) throws Exception {
        start("file_cache_mb", fileCacheMb);
        // kept in memory (when there is memory), and too large to be
        byte[] small = file("small.cfg", content(2000, 3));
        byte[] large = file("large.bin", content(300_000, 4));
        byte[] text = file("small.txt", "a\nb\r\nc\rd".repeat(100).getBytes(StandardCharsets.US_ASCII));
        for (int round = 0; round < 2; round++) {
            assertArrayEquals(small, client().fetch("small.cfg", "octet"));
            assertArrayEquals(small, client().fetch("small.cfg", "octet", "blksize", "1428", "windowsize", "4"));
            assertArrayEquals(large, client().fetch("large.bin", "octet"));
            assertArrayEquals(TftpTestSupport.netascii(text), client().fetch("small.txt", "netascii"));
        }
        awaitIdle();
        assertEquals(0, server.statistics().transfersFailed());
        assertEquals(fileCacheMb == 0 ? 0L : 2L, server.figures().get("file_cache_files"));
        assertEquals(fileCacheMb == 0 ? 0L : (long) small.length + text.length,
                server.figures().get("file_cache_bytes"));
    }

    @Test
    void aFileChangedOnDiskIsServedAsItIsNow() throws Exception {
        start();
        file("000fd3054848.cfg", "username=first".getBytes(StandardCharsets.US_ASCII));
        assertEquals("username=first", new String(client().fetch("000fd3054848.cfg", "octet"),
                StandardCharsets.US_ASCII));

        Path next = Files.writeString(dir.resolve(".000fd3054848.cfg.1.tmp"), "username=other");
        Files.move(next, dir.resolve("000fd3054848.cfg"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        assertEquals("username=other", new String(client().fetch("000fd3054848.cfg", "octet"),
                StandardCharsets.US_ASCII));
        file("000fd3054848.cfg", "username=edited in place".getBytes(StandardCharsets.US_ASCII));
        assertEquals("username=edited in place", new String(client().fetch("000fd3054848.cfg", "octet"),
                StandardCharsets.US_ASCII));
    }

    @Test
    void modeIsCaseInsensitiveAndLeadingSlashIsDropped() throws Exception {
        start();
        byte[] content = file("g.bin", content(700, 1));
        assertArrayEquals(content, client().fetch("/g.bin", "OcTeT"));
        assertEquals("/g.bin", routing.last.path());
        assertEquals(InetAddress.getByName("127.0.0.1"), routing.last.clientAddress());
    }

    @Test
    void convertsNetasciiOnTheFly() throws Exception {
        start();
        byte[] raw = "line one\nline two\r\nbare cr\r end\n\n\r\rx".getBytes(StandardCharsets.US_ASCII);
        file("a.txt", raw);
        assertArrayEquals(TftpTestSupport.netascii(raw), client().fetch("a.txt", "NETASCII"));
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 9, 16})
    void netasciiPairsSplitAcrossBlocks(int blksize) throws Exception {
        start();
        // CR and LF everywhere, so that many pairs straddle a block boundary; with a window too.
        byte[] raw = new byte[5000];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) "ab\n\rc\n\n\r\r".charAt(i % 9);
        }
        file("split.txt", raw);
        byte[] expected = TftpTestSupport.netascii(raw);
        assertArrayEquals(expected, client().fetch("split.txt", "netascii", "blksize", "" + blksize));
        assertArrayEquals(expected,
                client().fetch("split.txt", "netascii", "blksize", "" + blksize, "windowsize", "5"));
    }

    @Test
    void netasciiResendsConvertedBlocksIdentically() throws Exception {
        start("timeout_ms", 100);
        byte[] raw = "\n\n\n\r\r\rabc\ndef\n".repeat(50).getBytes(StandardCharsets.US_ASCII);
        file("r.txt", raw);
        byte[] expected = TftpTestSupport.netascii(raw);
        Client c = client();
        c.sendRrq("r.txt", "netascii", "blksize", "8", "windowsize", "4");
        Packet oack = c.receive(5000);
        assertEquals(Packets.OACK, oack.opcode());
        c.ack(0);
        List<byte[]> first = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            Packet p = c.receive(5000);
            assertTrue(p.isData(i), "" + p);
            first.add(p.payload());
        }
        // no ACK: the window comes again after the timeout, converted the same way
        for (int i = 1; i <= 4; i++) {
            Packet p = c.receive(5000);
            assertTrue(p.isData(i), "" + p);
            assertArrayEquals(first.get(i - 1), p.payload());
        }
        assertArrayEquals(Arrays.copyOf(expected, 32), concat(first));
    }

    private static byte[] concat(List<byte[]> parts) {
        int n = parts.stream().mapToInt(p -> p.length).sum();
        byte[] all = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    @Test
    void oackListsAcceptedOptionsWithRealSize() throws Exception {
        start();
        byte[] content = file("o.bin", content(100_000, 2));
        Client c = client();
        byte[] got = c.fetch("o.bin", "octet", "blksize", "1024", "tsize", "0", "timeout", "3", "windowsize", "4");
        assertArrayEquals(content, got);
        assertEquals(Map.of("blksize", "1024", "tsize", "100000", "timeout", "3", "windowsize", "4"), c.oack);
    }

    @Test
    void tsizeOfAReadRequestIsAnsweredWhateverItsValue() throws Exception {
        start();
        byte[] content = file("ts.bin", content(1234, 32));
        Client c = client();
        assertArrayEquals(content, c.fetch("ts.bin", "octet", "tsize", "enable")); // what atftp 0.8 sends
        assertEquals(Map.of("tsize", "1234"), c.oack);
    }

    @Test
    void outOfRangeAndUnknownOptionsAreDroppedFromTheOack() throws Exception {
        start("max_blksize", 1428, "max_windowsize", 16);
        byte[] content = file("p.bin", content(20_000, 3));
        Client c = client();
        byte[] got = c.fetch("p.bin", "octet", "blksize", "100000", "timeout", "0", "windowsize", "70000",
                "tsize", "0", "foo", "bar", "multicast", "");
        assertArrayEquals(content, got);
        assertEquals(Map.of("blksize", "1428", "tsize", "20000"), c.oack);

        Client d = client();
        assertArrayEquals(content, d.fetch("p.bin", "octet", "windowsize", "100", "timeout", "256"));
        assertEquals(Map.of("windowsize", "16"), d.oack);
    }

    @Test
    void noAcceptedOptionMeansNoOack() throws Exception {
        start();
        byte[] content = file("q.bin", content(1500, 4));
        Client c = client();
        c.sendRrq("q.bin", "octet", "blksize", "4", "timeout", "0", "windowsize", "0", "x", "1", "blksize", "9");
        Packet first = c.receive(5000);
        assertTrue(first.isData(1), "DATA 1 directly, got " + first);
        c.ack(1);
        assertTrue(c.receive(5000).isData(2));
        c.ack(2);
        Packet last = c.receive(5000);
        assertTrue(last.isData(3));
        c.ack(3);
        assertArrayEquals(content, concat(List.of(first.payload(), Arrays.copyOf(content, 0),
                Arrays.copyOfRange(content, 512, 1024), last.payload())));
    }

    @Test
    void tsizeIsNotOfferedForAnEmptyFile() throws Exception {
        start();
        file("empty.bin", new byte[0]);
        Client c = client();
        c.sendRrq("empty.bin", "octet", "tsize", "0");
        Packet first = c.receive(5000);
        assertTrue(first.isData(1), "" + first);
        assertEquals(0, first.payload().length);
        c.ack(1);
        Client d = client();
        assertArrayEquals(new byte[0], d.fetch("empty.bin", "octet", "tsize", "0", "blksize", "1024"));
        assertEquals(Map.of("blksize", "1024"), d.oack);
    }

    @Test
    void tsizeIsNotOfferedInNetasciiMode() throws Exception {
        start();
        file("n.txt", "a\nb\n".getBytes(StandardCharsets.US_ASCII));
        Client c = client();
        c.fetch("n.txt", "netascii", "tsize", "0", "blksize", "512");
        assertEquals(Map.of("blksize", "512"), c.oack);
    }

    @Test
    void clientRefusingTheOptionsEndsTheTransferQuietly() throws Exception {
        start("timeout_ms", 100);
        file("r.bin", content(5000, 5));
        Client c = client();
        c.sendRrq("r.bin", "octet", "blksize", "1024");
        Packet oack = c.receive(5000);
        assertEquals(Packets.OACK, oack.opcode());
        c.error(Packets.ERR_OPTION_REFUSED, "no thanks");
        awaitIdle();
        assertNull(c.receive(600), "nothing more after ERROR 8");
        assertEquals(1, server.statistics().transfersFailed());
        assertEquals(0, server.statistics().retransmissions());
        assertEquals(0, server.statistics().errorsSent());
    }

    @Test
    void lostAckIsRetransmittedAfterTimeout() throws Exception {
        start("timeout_ms", 100);
        byte[] content = file("l.bin", content(1000, 6));
        Client c = client();
        c.sendRrq("l.bin", "octet");
        Packet first = c.receive(5000);
        assertTrue(first.isData(1));
        Packet again = c.receive(5000); // no ACK: the server resends block 1
        assertTrue(again.isData(1), "" + again);
        assertArrayEquals(first.payload(), again.payload());
        c.ack(1);
        Packet second = c.receive(5000);
        assertTrue(second.isData(2));
        c.ack(2);
        awaitIdle();
        assertTrue(server.statistics().retransmissions() >= 1);
        assertEquals(1, server.statistics().transfersCompleted());
        assertArrayEquals(content, concat(List.of(first.payload(), second.payload())));
    }

    @Test
    void duplicateAckSendsNothingTwice() throws Exception {
        start("timeout_ms", 5000);
        file("d.bin", content(2000, 7));
        Client c = client();
        c.sendRrq("d.bin", "octet");
        assertTrue(c.receive(5000).isData(1));
        c.ack(1);
        c.ack(1);
        c.ack(1);
        assertTrue(c.receive(5000).isData(2));
        assertNull(c.receive(500), "a duplicate ACK must not resend block 2");
        c.ack(2);
        c.ack(2);
        assertTrue(c.receive(5000).isData(3));
        assertNull(c.receive(300));
        assertEquals(0, server.statistics().retransmissions());
        c.ack(3);
        assertTrue(c.receive(5000).isData(4));
        c.ack(4);
        awaitIdle();
        assertEquals(1, server.statistics().transfersCompleted());
    }

    @Test
    void packetFromAnotherPortGetsUnknownTransferId() throws Exception {
        start();
        byte[] content = file("t.bin", content(3000, 8));
        Client c = client();
        c.sendRrq("t.bin", "octet");
        Packet first = c.receive(5000);
        assertTrue(first.isData(1));
        try (Client intruder = new Client(server.port())) {
            intruder.tid = c.tid;
            intruder.ack(1);
            Packet reply = intruder.receive(5000);
            assertNotNull(reply);
            assertTrue(reply.isError(Packets.ERR_UNKNOWN_TID), "" + reply);
            assertEquals(c.tid, reply.from());
        }
        assertNull(c.receive(300), "the intruder's ACK did not move the transfer");
        c.ack(1);
        byte[] rest = c.receiveFile(2);
        assertArrayEquals(content, concat(List.of(first.payload(), rest)));
        awaitIdle();
        assertEquals(1, server.statistics().transfersCompleted());
        assertEquals(1, server.statistics().errorsSent(Packets.ERR_UNKNOWN_TID));
    }

    @Test
    void blockNumbersRollOverLockstep() throws Exception {
        start();
        byte[] content = file("big8.bin", content(8 * 70_000 + 5, 9)); // 70,001 blocks of 8 bytes
        assertArrayEquals(content, client().fetch("big8.bin", "octet", "blksize", "8"));
    }

    @Test
    void blockNumbersRollOverInWindows() throws Exception {
        start();
        byte[] content = file("big8w.bin", content(8 * 140_000, 10)); // a multiple of blksize: empty last block
        assertArrayEquals(content, client().fetch("big8w.bin", "octet", "blksize", "8", "windowsize", "16"));
    }

    @Test
    void windowOfEightBlocks() throws Exception {
        start();
        byte[] content = file("w.bin", content(1_000_000, 11));
        Client c = client();
        assertArrayEquals(content, c.fetch("w.bin", "octet", "blksize", "1024", "windowsize", "8"));
        assertEquals("8", c.oack.get("windowsize"));
        awaitIdle();
        assertEquals(0, server.statistics().retransmissions());
    }

    @Test
    void windowOfLargeBlocks() throws Exception {
        start();
        byte[] content = file("wl.bin", content(6_000_000, 12));
        assertArrayEquals(content, client().fetch("wl.bin", "octet", "blksize", "65464", "windowsize", "8"));
    }

    @Test
    void ackOfAnEarlierBlockResendsFromTheNext() throws Exception {
        start("timeout_ms", 5000);
        byte[] content = file("e.bin", content(512 * 20, 13));
        Client c = client();
        c.sendRrq("e.bin", "octet", "windowsize", "4");
        assertEquals(Packets.OACK, c.receive(5000).opcode());
        c.ack(0);
        for (int i = 1; i <= 4; i++) {
            assertTrue(c.receive(5000).isData(i));
        }
        c.ack(2); // blocks 3 and 4 "lost"
        for (int i = 3; i <= 6; i++) {
            Packet p = c.receive(5000);
            assertTrue(p.isData(i), "expected " + i + ", got " + p);
            assertArrayEquals(Arrays.copyOfRange(content, (i - 1) * 512, i * 512), p.payload());
        }
        assertNull(c.receive(300));
        c.ack(2); // a duplicate now: ignored
        assertNull(c.receive(300));
        assertEquals(2, server.statistics().retransmissions());
    }

    @Test
    void malformedPacketsAreRefusedOrIgnored() throws Exception {
        start();
        byte[] content = file("ok.bin", content(2000, 14));
        byte[] hugeName = Client.rrq(Packets.RRQ, "x".repeat(600), "octet");
        List<byte[]> bad = List.of(
                new byte[0],
                new byte[] {0},
                new byte[] {0, 1},
                new byte[] {0, 1, 'a', 'b'},
                new byte[] {0, 1, 'a', 0, 'o', 'c'},
                new byte[] {0, 1, 0, 'o', 'c', 't', 'e', 't', 0},
                new byte[] {0, 9, 'a', 0, 'o', 'c', 't', 'e', 't', 0},
                new byte[] {(byte) 0xff, (byte) 0xff, 1, 2, 3},
                hugeName,
                new byte[] {0, 3, 0, 1, 'd', 'a', 't', 'a'},
                new byte[] {0, 4, 0, 1},
                new byte[] {0, 4},
                new byte[] {0, 6, 'b', 0, '1', 0},
                new byte[] {0, 5, 0, 1, 'x', 0},
                Client.rrq(Packets.RRQ, "ok.bin", "bogus"));
        Client c = client();
        for (byte[] packet : bad) {
            c.sendToServer(packet);
            Packet reply = c.receive(300);
            assertTrue(reply == null || reply.isError(Packets.ERR_ILLEGAL_OPERATION),
                    "for " + Arrays.toString(Arrays.copyOf(packet, Math.min(12, packet.length))) + ": " + reply);
        }
        assertArrayEquals(content, client().fetch("ok.bin", "octet"));
        assertTrue(server.port() > 0);
    }

    @Test
    void danglingOptionIsIgnored() throws Exception {
        start();
        byte[] content = file("ok.bin", content(700, 15));
        Client c = client();
        c.sendToServer(Client.rrq(Packets.RRQ, "ok.bin", "octet", "blksize"));
        assertArrayEquals(content, c.receiveFile(1));
        assertNull(c.oack);
    }

    @Test
    void mailModeAndUnknownModeAreRefused() throws Exception {
        start();
        file("m.bin", content(10, 16));
        Client c = client();
        c.sendToServer(Client.rrq(Packets.RRQ, "m.bin", "mail"));
        assertTrue(c.receive(5000).isError(Packets.ERR_UNDEFINED));
        c.sendToServer(Client.rrq(Packets.RRQ, "m.bin", "binary"));
        assertTrue(c.receive(5000).isError(Packets.ERR_ILLEGAL_OPERATION));
    }

    @Test
    void writeRequestIsAnAccessViolation() throws Exception {
        start();
        Client c = client();
        c.sendToServer(Client.rrq(Packets.WRQ, "up.bin", "octet"));
        Packet reply = c.receive(5000);
        assertTrue(reply.isError(Packets.ERR_ACCESS_VIOLATION), "" + reply);
        assertTrue(Files.notExists(dir.resolve("up.bin")));
    }

    @Test
    void missingFileIsNotFoundAndASensitiveOneIsAMiss() throws Exception {
        start();
        InetAddress me = InetAddress.getByName("127.0.0.1");
        TftpError e = assertThrows(TftpError.class, () -> client().fetch("nothing.txt", "octet"));
        assertEquals(Packets.ERR_FILE_NOT_FOUND, e.code);
        assertEquals(0, guard.misses(me));

        e = assertThrows(TftpError.class, () -> client().fetch("000fd3054848.cfg", "octet"));
        assertEquals(Packets.ERR_FILE_NOT_FOUND, e.code);
        assertEquals(1, guard.misses(me));

        // denied: the core recorded the miss already
        file("denied.cfg", content(10, 17));
        e = assertThrows(TftpError.class, () -> client().fetch("denied.cfg", "octet"));
        assertEquals(Packets.ERR_FILE_NOT_FOUND, e.code);
        assertEquals(1, guard.recordCalls.get());

        // no file area
        routing.override = r -> provd.core.api.ProvisioningRoute.nowhere(true);
        e = assertThrows(TftpError.class, () -> client().fetch("x.cfg", "octet"));
        assertEquals(Packets.ERR_FILE_NOT_FOUND, e.code);
        assertEquals(2, guard.misses(me));
        routing.override = null;

        // traversal and directories are not found
        Files.createDirectories(dir.resolve("sub"));
        for (String name : List.of("../etc/passwd", "sub", "sub/../../x", "a\\b", "/", "./ok.bin")) {
            e = assertThrows(TftpError.class, () -> client().fetch(name, "octet"), name);
            assertEquals(Packets.ERR_FILE_NOT_FOUND, e.code, name);
        }
        awaitIdle();
        assertEquals(0, server.statistics().transfersStarted());
    }

    @Test
    void bannedClientGetsAccessViolationAndNothingElse() throws Exception {
        start();
        byte[] content = file("b.bin", content(100, 18));
        InetAddress other = InetAddress.getByName("127.0.0.2");
        guard.banned.add(other);
        try (Client banned = new Client(other, server.port())) {
            TftpError e = assertThrows(TftpError.class, () -> banned.fetch("b.bin", "octet"));
            assertEquals(Packets.ERR_ACCESS_VIOLATION, e.code);
        }
        assertEquals(0, routing.calls.get(), "a banned client is not routed");
        assertArrayEquals(content, client().fetch("b.bin", "octet"));
    }

    /** Sends {@code count} copies of {@code packet} and counts the replies that come within a moment. */
    private static int replies(Client c, byte[] packet, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            c.sendToServer(packet);
        }
        int replies = 0;
        while (c.receive(300) != null) {
            replies++;
        }
        return replies;
    }

    @Test
    void aFloodFromOneAddressGetsAFewErrorsThenSilenceAndDisturbsNobodyElse() throws Exception {
        start("max_error_replies", 5);
        byte[] content = file("ok.bin", content(3000, 20));
        try (Client flood = new Client(InetAddress.getByName("127.0.0.2"), server.port());
                Client other = new Client(InetAddress.getByName("127.0.0.3"), server.port())) {
            int answered = replies(flood, Client.rrq(Packets.WRQ, "up.bin", "octet"), 200);

            assertTrue(answered >= 5 && answered <= 10, "the burst and a little refill: " + answered);
            assertTrue(server.statistics().errorsSuppressed() >= 190, server.statistics().toString());
            assertEquals(1, replies(other, Client.rrq(Packets.WRQ, "up.bin", "octet"), 1), "its own budget");
            assertEquals(1, replies(other, new byte[] {0, 9, 1}, 1), "an illegal operation is answered too");
        }
        assertArrayEquals(content, client().fetch("ok.bin", "octet"), "a phone is served meanwhile");
        assertEquals(0, server.requestsByOutcome().get("failed"));
    }

    @Test
    void aBannedFloodIsRefusedWithoutRoutingAndMostlyUnanswered() throws Exception {
        start("max_error_replies", 5);
        file("b.bin", content(100, 21));
        InetAddress banned = InetAddress.getByName("127.0.0.4");
        guard.banned.add(banned);
        try (Client flood = new Client(banned, server.port())) {
            int answered = replies(flood, Client.rrq(Packets.RRQ, "b.bin", "octet"), 100);

            assertTrue(answered >= 5 && answered <= 10, "answered " + answered);
        }
        assertEquals(0, routing.calls.get(), "nothing routed for a banned address");
        assertTrue(server.requestsByOutcome().get("unanswered") >= 90, server.requestsByOutcome().toString());
    }

    @Test
    void beyondMaxTransfersTheServerIsBusy() throws Exception {
        start("max_transfers", 2, "timeout_ms", 5000);
        byte[] content = file("s.bin", content(5000, 19));
        Client a = client();
        Client b = client();
        a.sendRrq("s.bin", "octet");
        b.sendRrq("s.bin", "octet");
        assertTrue(a.receive(5000).isData(1));
        assertTrue(b.receive(5000).isData(1));
        Client c = client();
        TftpError e = assertThrows(TftpError.class, () -> c.fetch("s.bin", "octet"));
        assertEquals(Packets.ERR_UNDEFINED, e.code);
        assertTrue(e.getMessage().contains("busy"), e.getMessage());
        a.ack(1);
        byte[] rest = a.receiveFile(2);
        assertEquals(content.length - 512, rest.length);
        assertTrue(await(() -> server.requestsUnderWay() == 1));
        assertArrayEquals(content, client().fetch("s.bin", "octet"));
    }

    @Test
    void exhaustedRetriesFreeTheTransfer() throws Exception {
        start("timeout_ms", 50, "max_retries", 2);
        file("x.bin", content(3000, 20));
        Client c = client();
        c.sendRrq("x.bin", "octet");
        int data = 0;
        Packet p;
        while ((p = c.receive(3000)) != null && p.opcode() == Packets.DATA) {
            assertTrue(p.isData(1));
            data++;
        }
        assertEquals(3, data, "the first DATA and 2 retransmissions");
        assertNotNull(p);
        assertTrue(p.isError(Packets.ERR_UNDEFINED), "" + p);
        awaitIdle();
        assertEquals(1, server.statistics().transfersFailed());
        assertEquals(2, server.statistics().retransmissions());
    }

    @Test
    void theRemoteStateTriggerIsReportedOnceItsLastBlockIsAcknowledged() throws Exception {
        start();
        byte[] content = file(Routing.TRIGGER, content(1300, 23));
        file("other.cfg", content(10, 24));

        assertArrayEquals(content, client().fetch(Routing.TRIGGER, "octet"));
        assertTrue(await(() -> routing.delivered.size() == 1), "delivery reported");
        assertTrue(routing.delivered.get(0).isRemoteStateTrigger());
        client().fetch("other.cfg", "octet");
        awaitIdle();
        assertEquals(1, routing.delivered.size(), "another file is no delivery");
    }

    @Test
    void aTriggerTransferThatFailsIsNoDelivery() throws Exception {
        start("timeout_ms", 50, "max_retries", 1);
        file(Routing.TRIGGER, content(3000, 25));
        Client c = client();
        c.sendRrq(Routing.TRIGGER, "octet");
        Packet p;
        while ((p = c.receive(3000)) != null && p.opcode() == Packets.DATA) {
            assertTrue(p.isData(1)); // never acknowledged
        }
        awaitIdle();
        assertEquals(1, server.statistics().transfersFailed());
        assertEquals(List.of(), routing.delivered);
    }

    @Test
    void exhaustedRetriesAfterOack() throws Exception {
        start("timeout_ms", 50, "max_retries", 1);
        file("y.bin", content(3000, 21));
        Client c = client();
        c.sendRrq("y.bin", "octet", "tsize", "0");
        assertEquals(Packets.OACK, c.receive(3000).opcode());
        assertEquals(Packets.OACK, c.receive(3000).opcode());
        assertTrue(c.receive(3000).isError(Packets.ERR_UNDEFINED));
        awaitIdle();
        assertEquals(1, server.statistics().transfersFailed());
    }

    @Test
    void repeatedRrqFromTheSameClientStartsOneTransfer() throws Exception {
        start("timeout_ms", 5000);
        byte[] content = file("dup.bin", content(600, 22));
        Client c = client();
        c.sendRrq("dup.bin", "octet");
        Packet first = c.receive(5000);
        assertTrue(first.isData(1));
        c.sendRrq("dup.bin", "octet");
        assertNull(c.receive(300), "no second transfer");
        c.ack(1);
        assertArrayEquals(content, concat(List.of(first.payload(), c.receiveFile(2))));
        awaitIdle();
        assertEquals(1, server.statistics().transfersStarted());
    }

    @Test
    void concurrentTransfers() throws Exception {
        start();
        byte[] content = file("c.bin", content(40_000, 23));
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 20; i++) {
            String[] options = i % 2 == 0 ? new String[0] : new String[] {"blksize", "1400", "windowsize", "4"};
            Thread t = new Thread(() -> {
                try (Client c = new Client(server.port())) {
                    for (int j = 0; j < 5; j++) {
                        assertArrayEquals(content, c.fetch("c.bin", "octet", options));
                        c.tid = null;
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(List.of(), failures);
        awaitIdle();
        assertEquals(100, server.statistics().transfersCompleted());
    }

    @Test
    void backToBackRequestsFromOnePort() throws Exception {
        start();
        byte[] small = file("small.bin", content(100, 28));
        byte[] exact = file("exact.bin", content(512, 29));
        try (Client c = new Client(server.port())) {
            for (int i = 0; i < 50; i++) {
                c.tid = null;
                assertArrayEquals(i % 2 == 0 ? small : exact, c.fetch(i % 2 == 0 ? "small.bin" : "exact.bin",
                        "octet"));
            }
        }
        awaitIdle();
        assertEquals(50, server.statistics().transfersCompleted());
        assertEquals(0, server.statistics().transfersFailed());
    }

    @Test
    void newRequestFromAPortSupersedesItsUnfinishedTransfer() throws Exception {
        start("timeout_ms", 5000);
        byte[] one = file("one.bin", content(5000, 30));
        byte[] two = file("two.bin", content(700, 31));
        try (Client c = new Client(server.port())) {
            c.sendRrq("one.bin", "octet");
            assertTrue(c.receive(5000).isData(1));
            c.tid = null; // the client gives up on one.bin and asks for another file from the same port
            assertArrayEquals(two, c.fetch("two.bin", "octet"));
        }
        awaitIdle();
        assertEquals(1, server.statistics().transfersCompleted());
        assertEquals(1, server.statistics().transfersFailed());
        assertEquals(5000, one.length);
    }

    @Test
    void rebindsOnAChangedPortWithoutRestart() throws Exception {
        start();
        byte[] content = file("k.bin", content(900, 24));
        int first = server.port();
        Map<String, Object> values = new HashMap<>(Map.of("bind", "127.0.0.1", "port", 0));
        server.modified(TftpTestSupport.config(values)); // same endpoint: nothing changes
        assertEquals(first, server.port());
        int free;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            free = probe.getLocalPort();
        }
        values.put("port", free);
        server.modified(TftpTestSupport.config(values));
        assertEquals(free, server.port());
        assertArrayEquals(content, client().fetch("k.bin", "octet"));
        try (Client old = new Client(first)) {
            old.sendRrq("k.bin", "octet");
            assertNull(old.receive(300), "the old port is closed");
        }
    }

    @Test
    void portInUseLeavesTheServerUnboundButAlive() throws Exception {
        start();
        byte[] content = file("u.bin", content(900, 25));
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            server.modified(TftpTestSupport.config(Map.of("bind", "127.0.0.1", "port", taken.getLocalPort())));
            assertEquals(-1, server.port());
            server.modified(TftpTestSupport.config(Map.of("bind", "no-such-host.invalid", "port", 0)));
            assertEquals(-1, server.port());
        }
        server.modified(TftpTestSupport.config(Map.of("bind", "127.0.0.1", "port", 0)));
        assertTrue(server.port() > 0);
        assertArrayEquals(content, client().fetch("u.bin", "octet"));
    }

    @Test
    void deactivateClosesTransfers() throws Exception {
        start("timeout_ms", 5000);
        file("z.bin", content(5000, 26));
        Client c = client();
        c.sendRrq("z.bin", "octet");
        assertTrue(c.receive(5000).isData(1));
        server.deactivate();
        Packet p = c.receive(3000);
        assertTrue(p != null && p.isError(Packets.ERR_UNDEFINED), "" + p);
        assertEquals(0, server.statistics().activeTransfers());
        assertEquals(-1, server.port());
        server = null;
    }

    @Test
    void routingFailureIsAnErrorNotACrash() throws Exception {
        start();
        byte[] content = file("v.bin", content(900, 27));
        routing.override = r -> {
            throw new IllegalStateException("boom");
        };
        TftpError e = assertThrows(TftpError.class, () -> client().fetch("v.bin", "octet"));
        assertEquals(Packets.ERR_UNDEFINED, e.code);
        routing.override = null;
        assertArrayEquals(content, client().fetch("v.bin", "octet"));
        assertNotEquals(-1, server.port());
    }
}
