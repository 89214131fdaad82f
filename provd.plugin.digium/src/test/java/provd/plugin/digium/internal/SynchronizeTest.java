package provd.plugin.digium.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import provd.core.api.Device;
import provd.core.api.RawConfig;
import provd.core.internal.sync.SipNotifySynchronizer;
import provd.core.internal.sync.SipSettings;
import provd.core.spi.SyncRequest;
import provd.core.spi.Synchronizer;

/** {@code synchronize} through the core's direct SIP synchronizer, to a SIP peer on the loopback interface. */
class SynchronizeTest {
    private static final RawConfig RAW = RawConfig.of(Map.of("ip", "10.0.0.1"));

    @TempDir
    Path home;

    private DigiumConfigurator configurator(Synchronizer synchronizer) {
        return new DigiumConfigurator(home, DigiumConfigurator.TEMPLATE_UPDATE_DELAY, synchronizer);
    }

    private static Device device(String... extra) {
        Map<String, Object> doc = new LinkedHashMap<>(Map.of("id", "d1", "mac", "00:0f:d3:05:48:48", "model", "D40"));
        for (int i = 0; i < extra.length; i += 2) {
            doc.put(extra[i], extra[i + 1]);
        }
        return Device.of(doc);
    }

    private static String failure(CompletableFuture<Void> outcome) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> outcome.get(10, TimeUnit.SECONDS));
        return e.getCause().getMessage();
    }

    @Test
    void aCheckSyncNotifyGoesToThePhonesAddress() throws Exception {
        try (DatagramSocket phone = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                SipNotifySynchronizer sip = new SipNotifySynchronizer(
                        SipSettings.of(phone.getLocalPort(), 0, Duration.ofSeconds(5)))) {
            CompletableFuture<Void> outcome = configurator(sip).synchronize(device("ip", "127.0.0.1"), RAW)
                    .toCompletableFuture();

            DatagramPacket packet = new DatagramPacket(new byte[65535], 65535);
            phone.setSoTimeout(5000);
            phone.receive(packet);
            String notify = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
            assertTrue(notify.startsWith("NOTIFY sip:anonymous@127.0.0.1:" + phone.getLocalPort() + " SIP/2.0\r\n"),
                    notify);
            Map<String, String> headers = headers(notify);
            assertEquals("check-sync", headers.get("Event"));
            assertEquals("terminated", headers.get("Subscription-State"));
            byte[] ok = ("SIP/2.0 200 OK\r\nVia: " + headers.get("Via") + "\r\nFrom: " + headers.get("From")
                    + "\r\nTo: " + headers.get("To") + ";tag=d40\r\nCall-ID: " + headers.get("Call-ID")
                    + "\r\nCSeq: " + headers.get("CSeq") + "\r\nContent-Length: 0\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8);
            phone.send(new DatagramPacket(ok, ok.length, packet.getSocketAddress()));

            outcome.get(10, TimeUnit.SECONDS);
        }
    }

    private static Map<String, String> headers(String message) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : message.substring(0, message.indexOf("\r\n\r\n")).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("NOTIFY ")) {
                headers.putIfAbsent(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        }
        return headers;
    }

    @Test
    void theRemoteStateSipUserNameNamesTheEndpoint() throws Exception {
        AtomicReference<SyncRequest> sent = new AtomicReference<>();
        Synchronizer recording = request -> {
            sent.set(request);
            return CompletableFuture.completedFuture(null);
        };
        configurator(recording).synchronize(device("ip", "10.0.0.50", "remote_state_sip_username", "ab12cd"), RAW)
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(SyncRequest.checkSync("10.0.0.50").withSipUsername("ab12cd"), sent.get());
        assertEquals(Optional.of("ab12cd"), sent.get().sipUsername());
    }

    @Test
    void aDeviceWithoutIpFailsClearly() {
        Synchronizer unused = request -> {
            throw new AssertionError("nothing to send");
        };
        assertEquals("device d1 has no IP address",
                failure(configurator(unused).synchronize(device(), RAW).toCompletableFuture()));
    }

    @Test
    void withoutTheCoresSynchronizerItFailsClearly() {
        assertEquals("no synchronizer: the core's Synchronizer service is not available",
                failure(new DigiumConfigurator(home).synchronize(device("ip", "10.0.0.50"), RAW)
                        .toCompletableFuture()));
    }

    @Test
    void theSynchronizersFailureIsTheOutcome() throws Exception {
        // the phone does not listen: no answer within the (short) timeout
        int silent;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            silent = probe.getLocalPort();
        }
        try (SipNotifySynchronizer sip = new SipNotifySynchronizer(SipSettings.of(silent, 0, Duration.ofSeconds(1)))) {
            assertEquals("127.0.0.1: no answer after 1 s", failure(configurator(sip)
                    .synchronize(device("ip", "127.0.0.1"), RAW).toCompletableFuture()));
        }
    }
}
