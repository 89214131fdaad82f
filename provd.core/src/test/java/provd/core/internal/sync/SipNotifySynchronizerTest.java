package provd.core.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import provd.core.spi.SyncRequest;

/** The direct SIP synchronizer against a SIP peer on the loopback interface, with RFC 3261's T1 and T2. */
class SipNotifySynchronizerTest {
    private static final String LOOPBACK = "127.0.0.1";

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    private SipTestPeer peer(SipTestPeer.Answers answers) throws Exception {
        SipTestPeer peer = new SipTestPeer(answers);
        closing.add(peer);
        return peer;
    }

    private SipNotifySynchronizer synchronizer(SipTestPeer peer, Duration timeout) throws Exception {
        SipNotifySynchronizer synchronizer = new SipNotifySynchronizer(SipSettings.of(peer.port(), 0, timeout));
        closing.add(synchronizer);
        return synchronizer;
    }

    private SipNotifySynchronizer synchronizer(SipTestPeer peer) throws Exception {
        return synchronizer(peer, Duration.ofSeconds(32));
    }

    private static CompletableFuture<Void> sync(SipNotifySynchronizer synchronizer, SyncRequest request) {
        return synchronizer.synchronize(request).toCompletableFuture();
    }

    /** The failure's message; fails if the stage succeeds or takes longer than 10 s. */
    static String failure(CompletableFuture<Void> outcome) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> outcome.get(10, TimeUnit.SECONDS));
        return e.getCause().getMessage();
    }

    @Test
    void a200IsSuccessAndTheRequestIsWellFormed() throws Exception {
        SipTestPeer peer = peer((request, copy) -> List.of("SIP/2.0 200 OK"));
        SipNotifySynchronizer synchronizer = synchronizer(peer);

        sync(synchronizer, SyncRequest.checkSync(LOOPBACK)).get(10, TimeUnit.SECONDS);

        peer.assertWellFormed();
        List<SipTestPeer.Request> received = peer.received();
        assertEquals(1, received.size(), "answered at once: no retransmission");
        SipTestPeer.Request notify = received.get(0);
        assertEquals("NOTIFY sip:anonymous@127.0.0.1:" + peer.port() + " SIP/2.0", notify.requestLine());
        assertEquals("check-sync", notify.header("Event"));
        assertTrue(notify.header("Via").startsWith("SIP/2.0/UDP 127.0.0.1:" + synchronizer.localPort()
                + ";branch=z9hG4bK"), notify.header("Via"));
        assertTrue(notify.header("Via").endsWith(";rport"), notify.header("Via"));
        assertEquals("<sip:provd@127.0.0.1:" + synchronizer.localPort() + ">", notify.header("Contact"));
        assertEquals(List.of("via", "max-forwards", "from", "to", "call-id", "cseq", "contact", "event",
                "subscription-state", "content-length"), List.copyOf(notify.headers().keySet()));
    }

    @Test
    void a481IsAFailureWithItsStatusLine() throws Exception {
        SipTestPeer peer = peer((request, copy) -> List.of("SIP/2.0 481 Call/Transaction Does Not Exist"));
        assertEquals("127.0.0.1: SIP/2.0 481 Call/Transaction Does Not Exist",
                failure(sync(synchronizer(peer), SyncRequest.checkSync(LOOPBACK))));
        peer.assertWellFormed();
        assertEquals(1, peer.received().size());
    }

    @Test
    void anyOtherFinalResponseFailsToo() throws Exception {
        SipTestPeer peer = peer((request, copy) -> List.of("SIP/2.0 603 Decline"));
        assertEquals("127.0.0.1: SIP/2.0 603 Decline",
                failure(sync(synchronizer(peer), SyncRequest.checkSync(LOOPBACK))));
    }

    @Test
    void noAnswerFailsAfterTheTimeoutHavingRetransmitted() throws Exception {
        SipTestPeer peer = peer((request, copy) -> List.of());
        long start = System.nanoTime();
        String failure = failure(sync(synchronizer(peer, Duration.ofSeconds(2)), SyncRequest.checkSync(LOOPBACK)));
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertEquals("127.0.0.1: no answer after 2 s", failure);
        assertTrue(elapsed >= 1950, elapsed + " ms");
        // sent at 0, retransmitted at 500 ms and 1500 ms
        assertEquals(3, peer.received().size(), peer.received().toString());
        peer.assertWellFormed();
    }

    @Test
    void retransmissionsFollowTimerEUntilAnAnswer() throws Exception {
        // the first two copies are lost
        SipTestPeer peer = peer((request, copy) -> copy <= 2 ? List.of() : List.of("SIP/2.0 200 OK"));
        sync(synchronizer(peer), SyncRequest.checkSync(LOOPBACK)).get(10, TimeUnit.SECONDS);

        peer.assertWellFormed();
        List<SipTestPeer.Request> copies = peer.received();
        assertEquals(3, copies.size());
        assertEquals(1, copies.stream().map(SipTestPeer.Request::raw).distinct().count(),
                "retransmissions are identical (same branch, Call-ID, tag, CSeq)");
        long first = millisBetween(copies.get(0), copies.get(1));
        long second = millisBetween(copies.get(1), copies.get(2));
        // T1, then 2*T1
        assertTrue(first >= 450 && first < 900, "first retransmission after " + first + " ms");
        assertTrue(second >= 950 && second < 1600, "second retransmission after " + second + " ms");
    }

    private static long millisBetween(SipTestPeer.Request earlier, SipTestPeer.Request later) {
        return TimeUnit.NANOSECONDS.toMillis(later.receivedNanos() - earlier.receivedNanos());
    }

    @Test
    void aProvisionalAnswerThenA200IsSuccess() throws Exception {
        // 100 Trying to the first copy; the retransmission, which continues in the Proceeding state, gets the 200
        SipTestPeer peer = peer((request, copy) -> List.of(copy == 1 ? "SIP/2.0 100 Trying" : "SIP/2.0 200 OK"));
        sync(synchronizer(peer), SyncRequest.checkSync(LOOPBACK)).get(10, TimeUnit.SECONDS);
        assertEquals(2, peer.received().size());
        peer.assertWellFormed();
    }

    @Test
    void aProvisionalAnswerAndNothingElseFailsNamingIt() throws Exception {
        SipTestPeer peer = peer((request, copy) -> copy == 1 ? List.of("SIP/2.0 100 Trying") : List.of());
        assertEquals("127.0.0.1: no final answer after 1 s (last: SIP/2.0 100 Trying)",
                failure(sync(synchronizer(peer, Duration.ofSeconds(1)), SyncRequest.checkSync(LOOPBACK))));
    }

    @Test
    void anotherEventAndExtraHeadersArePassedThrough() throws Exception {
        SipTestPeer peer = peer((request, copy) -> List.of("SIP/2.0 200 OK"));
        SyncRequest request = SyncRequest.checkSync(LOOPBACK).withEvent("check-sync;reboot=true")
                .withHeader("X-Provd-Reason", "config changed").withHeader("Accept", "application/xml");
        sync(synchronizer(peer), request).get(10, TimeUnit.SECONDS);

        peer.assertWellFormed();
        SipTestPeer.Request notify = peer.received().get(0);
        assertEquals("check-sync;reboot=true", notify.header("Event"));
        assertEquals("config changed", notify.header("X-Provd-Reason"));
        assertEquals("application/xml", notify.header("Accept"));
        assertTrue(notify.raw().indexOf("X-Provd-Reason") < notify.raw().indexOf("Content-Length"),
                "Content-Length stays last");
    }

    @Test
    void requestsInFlightTogetherGetTheirOwnAnswers() throws Exception {
        // success or failure by a header of the request: each outcome must come from its own transaction
        SipTestPeer peer = peer((request, copy) -> List.of(Integer.parseInt(request.header("X-N")) % 2 == 0
                ? "SIP/2.0 200 OK" : "SIP/2.0 486 Busy Here"));
        SipNotifySynchronizer synchronizer = synchronizer(peer);
        List<CompletableFuture<Void>> outcomes = new ArrayList<>();
        for (int n = 0; n < 20; n++) {
            outcomes.add(sync(synchronizer, SyncRequest.checkSync(LOOPBACK).withHeader("X-N", String.valueOf(n))));
        }
        for (int n = 0; n < 20; n++) {
            if (n % 2 == 0) {
                outcomes.get(n).get(10, TimeUnit.SECONDS);
            } else {
                assertEquals("127.0.0.1: SIP/2.0 486 Busy Here", failure(outcomes.get(n)));
            }
        }
        Set<String> branches = new HashSet<>();
        Set<String> callIds = new HashSet<>();
        Set<String> fromTags = new HashSet<>();
        for (SipTestPeer.Request request : peer.received()) {
            branches.add(request.branch());
            callIds.add(request.header("Call-ID"));
            fromTags.add(request.header("From"));
        }
        assertEquals(20, branches.size());
        assertEquals(20, callIds.size());
        assertEquals(20, fromTags.size());
        peer.assertWellFormed();
    }

    @Test
    void anAnswerToAnotherTransactionIsIgnored() throws Exception {
        SipTestPeer peer = peer((request, copy) -> List.of());
        SipNotifySynchronizer synchronizer = synchronizer(peer, Duration.ofSeconds(1));
        CompletableFuture<Void> outcome = sync(synchronizer, SyncRequest.checkSync(LOOPBACK));
        // a 200 with a branch of nobody's, straight to the synchronizer's port
        try (var socket = new java.net.DatagramSocket()) {
            byte[] stray = ("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:" + synchronizer.localPort()
                    + ";branch=z9hG4bKnobody\r\nCSeq: 1 NOTIFY\r\nContent-Length: 0\r\n\r\n").getBytes();
            socket.send(new java.net.DatagramPacket(stray, stray.length,
                    new java.net.InetSocketAddress(LOOPBACK, synchronizer.localPort())));
        }
        assertEquals("127.0.0.1: no answer after 1 s", failure(outcome));
    }

    @Test
    void somethingThatOnlyLooksLikeAnAddressIsNotSent() throws Exception {
        SipTestPeer peer = peer((request, copy) -> List.of("SIP/2.0 200 OK"));
        assertEquals("10.0.0.300: not an IP address",
                failure(sync(synchronizer(peer), SyncRequest.checkSync("10.0.0.300"))));
        assertEquals(List.of(), peer.received());
    }

    @Test
    void closingFailsTheRequestsUnderWayAndRefusesNewOnes() throws Exception {
        SipTestPeer peer = peer((request, copy) -> List.of());
        SipNotifySynchronizer synchronizer = synchronizer(peer);
        CompletableFuture<Void> outcome = sync(synchronizer, SyncRequest.checkSync(LOOPBACK));
        synchronizer.close();
        assertEquals("127.0.0.1: the synchronizer stopped before an answer", failure(outcome));
        assertEquals("127.0.0.1: the synchronizer stopped",
                failure(sync(synchronizer, SyncRequest.checkSync(LOOPBACK))));
    }

    @Test
    void retiringLetsTheRequestsUnderWayEnd() throws Exception {
        SipTestPeer peer = peer((request, copy) -> copy == 1 ? List.of() : List.of("SIP/2.0 200 OK"));
        SipNotifySynchronizer synchronizer = synchronizer(peer);
        CompletableFuture<Void> outcome = sync(synchronizer, SyncRequest.checkSync(LOOPBACK));
        synchronizer.retire();
        assertEquals("127.0.0.1: the synchronizer stopped",
                failure(sync(synchronizer, SyncRequest.checkSync(LOOPBACK))));
        outcome.get(10, TimeUnit.SECONDS); // the retransmission got its 200
        assertFalse(outcome.isCompletedExceptionally());
    }

    @Test
    void theSourcePortCanBeFixed() throws Exception {
        SipTestPeer peer = peer((request, copy) -> List.of("SIP/2.0 200 OK"));
        int port;
        try (var probe = new java.net.DatagramSocket()) {
            port = probe.getLocalPort();
        }
        try (SipNotifySynchronizer synchronizer = new SipNotifySynchronizer(
                SipSettings.of(peer.port(), port, Duration.ofSeconds(5)))) {
            assertEquals(port, synchronizer.localPort());
            sync(synchronizer, SyncRequest.checkSync(LOOPBACK)).get(10, TimeUnit.SECONDS);
            assertEquals(port, peer.received().get(0).from().getPort());
        }
        assertNotEquals(0, port);
    }
}
