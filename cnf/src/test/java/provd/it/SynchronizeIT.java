package provd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static provd.it.support.RestClient.object;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import provd.it.support.Await;
import provd.it.support.ProvdProcess;
import provd.it.support.RestClient;
import provd.it.support.RestClient.Response;
import provd.it.support.SipPeer;

/**
 * Synchronizing Digium phones in the running distribution, through REST and the shell, with the direct SIP
 * synchronizer pointed at a SIP peer on the loopback interface by etc/provd.sync.cfg (written before the start, and
 * changed while provd runs).
 */
class SynchronizeIT {
    private static final String ROOT = "/provd";
    private static final String OK = "SIP/2.0 200 OK";
    private static final String GONE = "SIP/2.0 481 Call/Transaction Does Not Exist";

    @TempDir
    static Path dir;

    private static SipPeer phone;
    private static ProvdProcess provd;
    private static RestClient rest;

    @BeforeAll
    static void start() throws Exception {
        phone = new SipPeer(OK);
        Path home = dir.resolve("home");
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/provd.sync.cfg"), syncCfg(phone.port()));
        provd = ProvdProcess.start(home);
        rest = RestApiIT.awaitRest(provd);
    }

    private static String syncCfg(int sipPort) {
        return "method = sip\nsip.port = " + sipPort + "\nsip.timeout.seconds = 3\n";
    }

    @AfterAll
    static void stop() throws Exception {
        if (provd != null) {
            provd.close();
        }
        if (phone != null) {
            phone.close();
        }
    }

    /** A Digium D40 at 127.0.0.1, with a config (the core synchronizes only devices that have one). */
    private static String[] newPhone() {
        String mac = RestClient.uniqueDigiumMac();
        Response created = rest.post(ROOT + "/dev_mgr/devices", object("device", object("mac", mac,
                "ip", "127.0.0.1", "vendor", "Digium", "model", "D40", "plugin", "digium-2.8.1",
                "config", "defaultconfigdevice")));
        assertEquals(201, created.status(), created.toString());
        return new String[] {created.json().get("id").asText(), mac};
    }

    /** POST /dev_mgr/synchronize, then the operation's status once it ended. */
    private static JsonNode synchronize(String id) {
        Response started = rest.post(ROOT + "/dev_mgr/synchronize", object("id", id));
        assertEquals(201, started.status(), started.toString());
        String operation = started.location();
        JsonNode[] last = new JsonNode[1];
        Await.until("the synchronization to end", () -> {
            Response status = rest.get(operation);
            assertEquals(200, status.status(), status.toString());
            last[0] = status.json();
            return !last[0].get("status").asText().endsWith("|progress");
        }, () -> String.valueOf(last[0]));
        assertEquals(204, rest.delete(operation).status());
        return last[0];
    }

    @Test
    void theOperationSucceedsWhenThePhoneAnswers200() {
        phone.answer(OK);
        int before = phone.received().size();
        JsonNode status = synchronize(newPhone()[0]);
        assertEquals("sync|success", status.get("status").asText(), status.toString());

        List<String> received = phone.received();
        assertEquals(before + 1, received.size());
        String notify = received.get(received.size() - 1);
        assertTrue(notify.startsWith("NOTIFY sip:anonymous@127.0.0.1:" + phone.port() + " SIP/2.0\r\n"), notify);
        assertEquals("check-sync", SipPeer.header(notify, "Event"));
        assertEquals("terminated", SipPeer.header(notify, "Subscription-State"));
    }

    @Test
    void theOperationFailsWithTheStatusLineOfARefusal() {
        phone.answer(GONE);
        JsonNode status = synchronize(newPhone()[0]);
        assertEquals("sync|fail", status.get("status").asText(), status.toString());
        assertEquals("127.0.0.1: " + GONE, status.get("error").asText());
    }

    @Test
    void theOperationFailsWhenThePhoneDoesNotAnswer() {
        phone.answer(null);
        JsonNode status = synchronize(newPhone()[0]);
        assertEquals("127.0.0.1: no answer after 3 s", status.get("error").asText(), status.toString());
    }

    @Test
    void theShellWaitsForTheOutcomeAndPrintsIt() throws Exception {
        String[] device = newPhone();
        phone.answer(OK);
        String done = provd.command("provd:sync " + device[1]);
        assertTrue(done.contains("device " + device[0] + " (" + device[1] + ", 127.0.0.1): synchronized"), done);
        phone.answer(GONE);
        String refused = provd.command("provd:sync " + device[0]);
        assertTrue(refused.contains("not synchronized: 127.0.0.1: " + GONE), refused);
    }

    @Test
    void aChangedSyncCfgIsAppliedWhileRunning() throws Exception {
        String[] device = newPhone();
        try (SipPeer other = new SipPeer(OK)) {
            phone.answer(GONE);
            Path cfg = provd.home().resolve("etc/provd.sync.cfg");
            Files.writeString(cfg, syncCfg(other.port()));
            try {
                provd.commandUntil("provd:sync " + device[1], out -> out.contains("): synchronized"));
                assertTrue(other.received().size() >= 1);
            } finally {
                // back to the first peer before the other one goes
                Files.writeString(cfg, syncCfg(phone.port()));
                phone.answer(OK);
                int seen = phone.received().size();
                provd.commandUntil("provd:sync " + device[1], out -> out.contains("): synchronized")
                        && phone.received().size() > seen);
            }
        }
    }
}
