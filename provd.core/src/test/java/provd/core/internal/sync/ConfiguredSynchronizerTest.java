package provd.core.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static provd.core.internal.sync.SipNotifySynchronizerTest.failure;

import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import provd.core.internal.Await;
import provd.core.spi.SyncRequest;

/** The Synchronizer service as etc/provd.sync.cfg configures it, against SIP and AMI peers on the loopback. */
class ConfiguredSynchronizerTest {
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final List<ConfiguredSynchronizer> synchronizers = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        synchronizers.forEach(ConfiguredSynchronizer::deactivate);
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    /** A typed configuration as Declarative Services builds it from etc/provd.sync.cfg (method names as keys). */
    static ConfiguredSynchronizer.Config config(Object... keysAndValues) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return (ConfiguredSynchronizer.Config) Proxy.newProxyInstance(
                ConfiguredSynchronizer.Config.class.getClassLoader(),
                new Class<?>[] {ConfiguredSynchronizer.Config.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "annotationType" -> ConfiguredSynchronizer.Config.class;
                    case "toString" -> "Config" + values;
                    case "hashCode" -> values.hashCode();
                    case "equals" -> proxy == args[0];
                    default -> values.getOrDefault(method.getName(), method.getDefaultValue());
                });
    }

    private ConfiguredSynchronizer synchronizer(ConfiguredSynchronizer.Config config) {
        return synchronizer(config, Map.of());
    }

    /** A synchronizer activated with {@code config}, read from a file holding {@code properties}. */
    private ConfiguredSynchronizer synchronizer(ConfiguredSynchronizer.Config config, Map<String, Object> properties) {
        ConfiguredSynchronizer synchronizer = new ConfiguredSynchronizer(config, properties);
        synchronizers.add(synchronizer);
        return synchronizer;
    }

    /** The settings of a configuration file holding the typed configuration's keys only. */
    private static SyncSettings settings(ConfiguredSynchronizer.Config config) {
        return SyncSettings.of(config, Set.of());
    }

    private static void modify(ConfiguredSynchronizer synchronizer, ConfiguredSynchronizer.Config config) {
        synchronizer.modified(config, Map.of());
    }

    private <T extends AutoCloseable> T closed(T resource) {
        closing.add(resource);
        return resource;
    }

    private static CompletableFuture<Void> sync(ConfiguredSynchronizer synchronizer, SyncRequest request) {
        return synchronizer.synchronize(request).toCompletableFuture();
    }

    @Test
    void theDefaultsAreDirectSipToPort5060In32sAt20PerSecond() {
        SyncSettings defaults = settings(config());
        assertEquals(SyncSettings.Method.SIP, defaults.method());
        assertEquals(SipSettings.of(5060, 0, java.time.Duration.ofSeconds(32)), defaults.sip());
        assertEquals(20, defaults.ratePerSecond());
        assertEquals(5, defaults.rateBurst());
        assertEquals(Optional.empty(), defaults.problem());
        assertEquals("SIP NOTIFY straight to the phones' port 5060, no answer after 32 s, at most 20/s (bursts of 5)",
                defaults.describe());
    }

    @Test
    void directSipByDefault() throws Exception {
        SipTestPeer peer = closed(SipTestPeer.answering("SIP/2.0 200 OK"));
        sync(synchronizer(config("sip_port", peer.port())), SyncRequest.checkSync("127.0.0.1"))
                .get(10, TimeUnit.SECONDS);
        assertEquals(1, peer.received().size());
        peer.assertWellFormed();
    }

    @Test
    void manyRequestsAreSpreadAtTheRateAndAllSent() throws Exception {
        SipTestPeer peer = closed(SipTestPeer.answering("SIP/2.0 200 OK"));
        ConfiguredSynchronizer synchronizer = synchronizer(config("sip_port", peer.port(), "rate_per_second", 20));
        long begin = System.nanoTime();
        List<CompletableFuture<Void>> outcomes = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            outcomes.add(sync(synchronizer, SyncRequest.checkSync("127.0.0.1")));
        }
        CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
        // 45 after the burst of 5, 50 ms apart: 2.25 s; a generous bound, not a timing test
        assertTrue(elapsed >= 1500, "50 NOTIFYs at 20/s took only " + elapsed + " ms");
        assertEquals(50, peer.received().stream().map(SipTestPeer.Request::branch).distinct().count());
        peer.assertWellFormed();
    }

    @Test
    void throughAmiWhenConfigured() throws Exception {
        AmiTestPeer ami = closed(new AmiTestPeer("provd", "pw"));
        ConfiguredSynchronizer synchronizer = synchronizer(config("method", " AMI ", "ami_port", ami.port(),
                "ami_username", "provd", "_ami_secret", "pw"));
        sync(synchronizer, SyncRequest.checkSync("10.0.0.5").withSipUsername("ab12cd")).get(10, TimeUnit.SECONDS);
        Await.until("the logoff", () -> ami.actionNames().equals(List.of("Login", "PJSIPNotify", "Logoff")));
    }

    @Test
    void anUnusableConfigurationFailsEachRequestWithItsReason() throws Exception {
        assertEquals("10.0.0.5: not synchronized: etc/provd.sync.cfg: method must be sip or ami, not 'xmpp'",
                failure(sync(synchronizer(config("method", "xmpp")), SyncRequest.checkSync("10.0.0.5"))));
        assertEquals("10.0.0.5: not synchronized: etc/provd.sync.cfg: ami.username is empty: the AMI needs a "
                + "manager user", failure(sync(synchronizer(config("method", "ami")),
                        SyncRequest.checkSync("10.0.0.5"))));
        String secretProblem = failure(sync(synchronizer(config("method", "ami", "ami_username", "provd",
                "_ami_secret", "pw\r\nAction: Originate")), SyncRequest.checkSync("10.0.0.5")));
        assertEquals("10.0.0.5: not synchronized: etc/provd.sync.cfg: .ami.secret must be text on one line",
                secretProblem);
        String publicSecret = failure(sync(synchronizer(config("method", "ami", "ami_username", "provd"),
                Map.of("method", "ami", "ami.username", "provd", "ami.secret", "hunter2")),
                SyncRequest.checkSync("10.0.0.5")));
        assertEquals("10.0.0.5: not synchronized: etc/provd.sync.cfg: ami.secret is a public property, which every "
                + "bundle can read: name it .ami.secret", publicSecret);
        assertEquals("10.0.0.5: not synchronized: etc/provd.sync.cfg: sip.port must be 1 to 65535, not 0",
                failure(sync(synchronizer(config("sip_port", 0)), SyncRequest.checkSync("10.0.0.5"))));
    }

    @Test
    void aSourcePortInUseIsAClearFailure() throws Exception {
        java.net.DatagramSocket taken = closed(new java.net.DatagramSocket());
        String failure = failure(sync(synchronizer(config("sip_source_port", taken.getLocalPort())),
                SyncRequest.checkSync("10.0.0.5")));
        assertTrue(failure.startsWith("10.0.0.5: not synchronized: etc/provd.sync.cfg: cannot open UDP port "
                + taken.getLocalPort() + " for NOTIFYs: "), failure);
    }

    @Test
    void aNewMethodTakesOverWhileTheRequestsUnderWayEndOnTheOld() throws Exception {
        // the SIP peer answers the first retransmission only, 500 ms after the change
        SipTestPeer sip = closed(new SipTestPeer((request, copy) -> copy == 1 ? List.of() : List.of("SIP/2.0 200 OK")));
        AmiTestPeer ami = closed(new AmiTestPeer("provd", "pw"));
        ConfiguredSynchronizer synchronizer = synchronizer(config("sip_port", sip.port()));
        CompletableFuture<Void> underWay = sync(synchronizer, SyncRequest.checkSync("127.0.0.1"));

        modify(synchronizer, config("method", "ami", "ami_port", ami.port(), "ami_username", "provd",
                "_ami_secret", "pw"));
        sync(synchronizer, SyncRequest.checkSync("10.0.0.5")).get(10, TimeUnit.SECONDS);
        Await.until("the logoff", () -> ami.actionNames().equals(List.of("Login", "PJSIPNotify", "Logoff")));
        underWay.get(10, TimeUnit.SECONDS);
        assertEquals(2, sip.received().size());
    }

    @Test
    void thePhonesPortAndTheTimeoutChangeInPlace() throws Exception {
        SipTestPeer first = closed(SipTestPeer.answering("SIP/2.0 200 OK"));
        SipTestPeer second = closed(new SipTestPeer((request, copy) -> List.of()));
        ConfiguredSynchronizer synchronizer = synchronizer(config("sip_port", first.port()));
        sync(synchronizer, SyncRequest.checkSync("127.0.0.1")).get(10, TimeUnit.SECONDS);
        int localPort = first.received().get(0).from().getPort();

        modify(synchronizer, config("sip_port", second.port(), "sip_timeout_seconds", 1));
        assertEquals("127.0.0.1: no answer after 1 s", failure(sync(synchronizer, SyncRequest.checkSync("127.0.0.1"))));
        assertEquals(localPort, second.received().get(0).from().getPort(), "the same channel");
    }

    @Test
    void aFixedSourcePortSurvivesChangesAndABackAndForth() throws Exception {
        SipTestPeer peer = closed(SipTestPeer.answering("SIP/2.0 200 OK"));
        AmiTestPeer ami = closed(new AmiTestPeer("provd", "pw"));
        int port;
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket()) {
            port = probe.getLocalPort();
        }
        ConfiguredSynchronizer synchronizer = synchronizer(config("sip_port", peer.port(), "sip_source_port", port));
        modify(synchronizer, config("sip_port", peer.port(), "sip_source_port", port, "sip_timeout_seconds", 5));
        modify(synchronizer, config("method", "ami", "ami_port", ami.port(), "ami_username", "provd",
                "_ami_secret", "pw"));
        modify(synchronizer, config("sip_port", peer.port(), "sip_source_port", port));
        sync(synchronizer, SyncRequest.checkSync("127.0.0.1")).get(10, TimeUnit.SECONDS);
        assertEquals(port, peer.received().get(0).from().getPort());
    }

    @Test
    void onlyAChangeOfWhatTheMethodDependsOnReplacesIt() {
        SyncSettings sip = settings(config());
        assertTrue(sip.sameMethodAs(settings(config("rate_per_second", 5, "_ami_secret", "x"))));
        assertTrue(sip.sameMethodAs(settings(config("sip_port", 5070, "sip_timeout_seconds", 5))));
        assertFalse(sip.sameMethodAs(settings(config("sip_source_port", 5070))));
        assertFalse(sip.sameMethodAs(settings(config("method", "xmpp"))));
        SyncSettings ami = settings(config("method", "ami", "ami_username", "u", "_ami_secret", "a"));
        assertFalse(ami.sameMethodAs(settings(config("method", "ami", "ami_username", "u",
                "_ami_secret", "b"))));
        assertTrue(ami.sameMethodAs(settings(config("method", "ami", "ami_username", "u", "_ami_secret", "a",
                "sip_timeout_seconds", 5))));
    }

    @Test
    void theLogLineHasNoSecret() {
        String described = settings(config("method", "ami", "ami_username", "u", "_ami_secret", "hunter2"))
                .describe();
        assertEquals("PJSIPNotify through AMI 127.0.0.1:5038 as u (timeout 10 s), at most 20/s (bursts of 5)",
                described);
        assertFalse(described.contains("hunter2"));
        assertFalse(List.of(settings(config("_ami_secret", "hunter2"))).stream().map(Object::toString)
                .collect(Collectors.joining()).contains("hunter2"));
    }

    /** What bnd generated for Declarative Services: a private property (a leading dot) is no service property. */
    @Test
    void theAmiSecretIsPrivateToTheComponentNotAPropertyOfItsService() throws Exception {
        String xml;
        try (InputStream in = getClass().getClassLoader()
                .getResourceAsStream("OSGI-INF/provd.core.internal.sync.ConfiguredSynchronizer.xml")) {
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(xml.contains("name=\".ami.secret\""), xml);
        assertFalse(xml.contains("name=\"ami.secret\""), xml);
        assertTrue(xml.contains("name=\"ami.username\""), "the rest stays public: " + xml);
    }
}
