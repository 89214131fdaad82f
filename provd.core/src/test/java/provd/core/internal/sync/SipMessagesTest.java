package provd.core.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class SipMessagesTest {

    private static Optional<SipMessages.Response> parse(String text) {
        return SipMessages.parseResponse(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aNotifyHasEveryHeaderInOrderAndNoBody() {
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("X-A", "1");
        String notify = new String(SipMessages.notify("sip:anonymous@10.0.0.5:5060", "10.0.0.1:40000",
                "z9hG4bKabc", "tag1", "call1@10.0.0.1", "check-sync", extra), StandardCharsets.UTF_8);
        assertEquals("NOTIFY sip:anonymous@10.0.0.5:5060 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 10.0.0.1:40000;branch=z9hG4bKabc;rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:provd@10.0.0.1:40000>;tag=tag1\r\n"
                + "To: <sip:anonymous@10.0.0.5:5060>\r\n"
                + "Call-ID: call1@10.0.0.1\r\n"
                + "CSeq: 1 NOTIFY\r\n"
                + "Contact: <sip:provd@10.0.0.1:40000>\r\n"
                + "Event: check-sync\r\n"
                + "Subscription-State: terminated\r\n"
                + "X-A: 1\r\n"
                + "Content-Length: 0\r\n\r\n", notify);
    }

    @Test
    void ipv6HostsGoInBrackets() throws Exception {
        assertEquals("[2001:db8::5]", SipMessages.host("2001:db8::5"));
        assertEquals("10.0.0.5", SipMessages.host("10.0.0.5"));
        assertEquals("[::1]", SipMessages.host(InetAddress.getByName("::1")).replace("0:0:0:0:0:0:0:1", "::1"));
        assertEquals("127.0.0.1", SipMessages.host(InetAddress.getByName("127.0.0.1")));
    }

    @Test
    void randomHexIsFreshEachTime() {
        SecureRandom random = new SecureRandom();
        String a = SipMessages.randomHex(random, 16);
        assertTrue(a.matches("[0-9a-f]{32}"), a);
        assertFalse(a.equals(SipMessages.randomHex(random, 16)));
    }

    @Test
    void aResponseGivesItsStatusTopBranchAndMethod() {
        SipMessages.Response response = parse("SIP/2.0 481 Call/Transaction Does Not Exist\r\n"
                + "Via: SIP/2.0/UDP 10.0.0.1:40000;branch=z9hG4bKtop;rport=40000;received=10.0.0.1\r\n"
                + "Via: SIP/2.0/UDP 10.0.0.9;branch=z9hG4bKlower\r\n"
                + "CSeq: 1 NOTIFY\r\nContent-Length: 0\r\n\r\n").orElseThrow();
        assertEquals(new SipMessages.Response(481, "SIP/2.0 481 Call/Transaction Does Not Exist", "z9hG4bKtop",
                "NOTIFY"), response);
        assertFalse(response.isSuccess());
        assertTrue(response.isFinal());
    }

    @Test
    void compactFormsFoldedLinesAndSeveralViasInOneHeader() {
        SipMessages.Response response = parse("SIP/2.0 200 OK\n"
                + "v: SIP/2.0/UDP 10.0.0.1:40000\n ;branch=z9hG4bKfolded , SIP/2.0/UDP 10.0.0.9;branch=z9hG4bKx\n"
                + "cseq: 7 notify\n\n").orElseThrow();
        assertEquals("z9hG4bKfolded", response.branch());
        assertEquals("notify", response.method());
        assertTrue(response.isSuccess());
        assertFalse(parse("SIP/2.0 100 Trying\r\nVia: SIP/2.0/UDP h;branch=b\r\nCSeq: 1 NOTIFY\r\n\r\n")
                .orElseThrow().isFinal());
    }

    @Test
    void requestsAndGarbageAreNoResponses() {
        assertEquals(Optional.empty(), parse("NOTIFY sip:x@y SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=b\r\n"
                + "CSeq: 1 NOTIFY\r\n\r\n"));
        assertEquals(Optional.empty(), parse(""));
        assertEquals(Optional.empty(), parse("SIP/2.0 200 OK\r\nCSeq: 1 NOTIFY\r\n\r\n"));
        assertEquals(Optional.empty(), parse("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h\r\nCSeq: 1 NOTIFY\r\n\r\n"));
        assertEquals(Optional.empty(), parse("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=b\r\nCSeq: x\r\n\r\n"));
        assertEquals(Optional.empty(), parse("SIP/2.0 999 Nope\r\nVia: SIP/2.0/UDP h;branch=b\r\nCSeq: 1 N\r\n\r\n"));
        assertEquals(Optional.empty(), parse("\u0000\u0001garbage"));
    }
}
