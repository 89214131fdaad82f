package provd.core.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static provd.core.internal.sync.SipNotifySynchronizerTest.failure;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import provd.core.internal.Await;
import provd.core.spi.SyncRequest;

/** The AMI synchronizer against an AMI peer on the loopback interface. */
class AmiSynchronizerTest {
    private static final String USER = "provd";
    private static final String SECRET = "s3cr3t-Pa55";

    private AmiTestPeer peer;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        peer = new AmiTestPeer(USER, SECRET);
        closing.add(peer);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    private AmiSynchronizer synchronizer(int port, String secret, Duration timeout) {
        AmiSynchronizer synchronizer = new AmiSynchronizer(new AmiSettings("127.0.0.1", port, USER, secret, timeout,
                5060));
        closing.add(synchronizer);
        return synchronizer;
    }

    private AmiSynchronizer synchronizer() {
        return synchronizer(peer.port(), SECRET, Duration.ofSeconds(5));
    }

    private static CompletableFuture<Void> sync(AmiSynchronizer synchronizer, SyncRequest request) {
        return synchronizer.synchronize(request).toCompletableFuture();
    }

    @Test
    void pjsipNotifyToTheEndpointAfterALogin() throws Exception {
        sync(synchronizer(), SyncRequest.checkSync("10.0.0.5").withSipUsername("ab12cd")).get(10, TimeUnit.SECONDS);

        Await.until("the logoff", () -> peer.actionNames().equals(List.of("Login", "PJSIPNotify", "Logoff")));
        AmiTestPeer.Action login = peer.actions().get(0);
        assertEquals(USER, login.get("Username"));
        assertEquals(SECRET, login.get("Secret"));
        assertEquals("off", login.get("Events"));
        AmiTestPeer.Action notify = peer.actions().get(1);
        assertEquals("ab12cd", notify.get("Endpoint"));
        assertEquals(null, notify.get("URI"));
        assertEquals(List.of("Event=check-sync"), notify.all("Variable"));
        assertFalse(notify.get("ActionID").equals(login.get("ActionID")));
        assertTrue(notify.get("ActionID").startsWith("provd-"), notify.get("ActionID"));
    }

    @Test
    void pjsipNotifyToTheAnonymousUriWithoutAUserName() throws Exception {
        sync(synchronizer(), SyncRequest.checkSync("10.0.0.5")).get(10, TimeUnit.SECONDS);
        AmiTestPeer.Action notify = peer.actions().get(1);
        assertEquals("sip:anonymous@10.0.0.5:5060", notify.get("URI"));
        assertEquals(null, notify.get("Endpoint"));
    }

    @Test
    void theEventAndExtraHeadersGoAsVariables() throws Exception {
        sync(synchronizer(), SyncRequest.checkSync("10.0.0.5").withEvent("check-sync;reboot=true")
                .withHeader("X-Provd", "yes")).get(10, TimeUnit.SECONDS);
        assertEquals(List.of("Event=check-sync;reboot=true", "X-Provd=yes"), peer.actions().get(1).all("Variable"));
    }

    @Test
    void aRefusedLoginFailsWithTheAmisMessageAndNoSecret() throws Exception {
        String failure = failure(sync(synchronizer(peer.port(), "wrong-" + SECRET, Duration.ofSeconds(5)),
                SyncRequest.checkSync("10.0.0.5").withSipUsername("ab12cd")));
        assertEquals("10.0.0.5: AMI login as provd at 127.0.0.1:" + peer.port()
                + " refused (Response: Error, Message: Authentication failed)", failure);
        assertFalse(failure.contains(SECRET), failure);
        assertEquals(List.of("Login"), peer.actionNames(), "nothing sent after a refused login");
    }

    @Test
    void aRefusedNotifyFailsWithTheAmisMessage() throws Exception {
        peer.refuseNotify("Unable to retrieve endpoint nobody");
        assertEquals("10.0.0.5: AMI PJSIPNotify to endpoint nobody refused (Response: Error, Message: Unable to "
                + "retrieve endpoint nobody)",
                failure(sync(synchronizer(), SyncRequest.checkSync("10.0.0.5").withSipUsername("nobody"))));
    }

    @Test
    void eventsAndOtherAnswersAreSkipped() throws Exception {
        peer.chatty();
        peer.refuseNotify("Unable to retrieve endpoint x");
        // the chatter's "Response: Success" to someone else must not pass for ours
        assertTrue(failure(sync(synchronizer(), SyncRequest.checkSync("10.0.0.5").withSipUsername("x")))
                .endsWith("(Response: Error, Message: Unable to retrieve endpoint x)"));
    }

    @Test
    void somethingElseThanAnAmiFails() throws Exception {
        peer.banner("SSH-2.0-OpenSSH_9.6");
        assertEquals("10.0.0.5: AMI 127.0.0.1:" + peer.port() + " is not an Asterisk manager interface (it said "
                + "\"SSH-2.0-OpenSSH_9.6\")", failure(sync(synchronizer(), SyncRequest.checkSync("10.0.0.5"))));
    }

    @Test
    void aSilentAmiFailsAfterTheTimeout() throws Exception {
        peer.banner(null);
        assertEquals("10.0.0.5: AMI 127.0.0.1:" + peer.port() + " did not answer within 1 s",
                failure(sync(synchronizer(peer.port(), SECRET, Duration.ofSeconds(1)),
                        SyncRequest.checkSync("10.0.0.5"))));
    }

    @Test
    void anAmiThatDoesNotListenFails() throws Exception {
        int closed;
        try (ServerSocket probe = new ServerSocket(0)) {
            closed = probe.getLocalPort();
        }
        String failure = failure(sync(synchronizer(closed, SECRET, Duration.ofSeconds(2)),
                SyncRequest.checkSync("10.0.0.5")));
        assertTrue(failure.startsWith("10.0.0.5: AMI 127.0.0.1:" + closed + ": "), failure);
        assertTrue(failure.toLowerCase().contains("refused"), failure);
    }

    @Test
    void aHeaderAsteriskWouldSplitIsRefusedUpFront() throws Exception {
        assertEquals("10.0.0.5: header Accept cannot go through AMI: Asterisk would split its value on the comma",
                failure(sync(synchronizer(), SyncRequest.checkSync("10.0.0.5").withHeader("Accept", "a/b, c/d"))));
        assertEquals(List.of(), peer.actionNames());
    }

    @Test
    void somethingThatOnlyLooksLikeAnAddressIsNotSent() throws Exception {
        assertEquals("1:2: not an IP address", failure(sync(synchronizer(), SyncRequest.checkSync("1:2"))));
        assertEquals(List.of(), peer.actionNames());
    }

    @Test
    void theSecretIsNotInTheSettingsText() {
        AmiSettings settings = new AmiSettings("pbx", 5038, USER, SECRET, Duration.ofSeconds(10), 5060);
        assertFalse(settings.toString().contains(SECRET), settings.toString());
    }
}
