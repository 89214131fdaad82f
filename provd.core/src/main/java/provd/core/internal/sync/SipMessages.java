package provd.core.internal.sync;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The SIP a NOTIFY client transaction needs: writing the request, reading the responses' first lines. */
final class SipMessages {
    /** RFC 3261 section 8.1.1.7: a branch starting with this cookie is unique in space and time. */
    static final String BRANCH_COOKIE = "z9hG4bK";

    private static final Pattern STATUS_LINE = Pattern.compile("SIP/2\\.0 ([1-6][0-9]{2})(?: .*)?");
    private static final Pattern BRANCH = Pattern.compile(";\\s*branch\\s*=\\s*([^;,\\s]+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern CSEQ = Pattern.compile("\\s*[0-9]+\\s+(\\S+)\\s*");

    private SipMessages() {
    }

    /** {@code count} random bytes in hex: branches, tags and Call-IDs. */
    static String randomHex(SecureRandom random, int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** An address as a SIP URI or Via writes it: IPv6 in brackets, without a zone. */
    static String host(InetAddress address) {
        String text = address.getHostAddress();
        int zone = text.indexOf('%');
        if (zone >= 0) {
            text = text.substring(0, zone);
        }
        return address instanceof Inet6Address ? "[" + text + "]" : text;
    }

    /** An IP literal as a SIP URI writes it. */
    static String host(String ip) {
        return ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip;
    }

    /**
     * A NOTIFY out of any dialog (RFC 3265 allows it for such "unsolicited" events): the headers of RFC 3261
     * section 8.1.1, then Event and Subscription-State, then the caller's, and no body.
     *
     * @param requestUri {@code sip:anonymous@10.0.0.5:5060}
     * @param local      the address and port the request leaves from, as the phone can reach them
     */
    static byte[] notify(String requestUri, String local, String branch, String tag, String callId, String event,
            Map<String, String> extraHeaders) {
        StringBuilder message = new StringBuilder(512);
        message.append("NOTIFY ").append(requestUri).append(" SIP/2.0\r\n");
        // rport (RFC 3581): a phone behind NAT answers to where the request came from
        message.append("Via: SIP/2.0/UDP ").append(local).append(";branch=").append(branch).append(";rport\r\n");
        message.append("Max-Forwards: 70\r\n");
        message.append("From: <sip:provd@").append(local).append(">;tag=").append(tag).append("\r\n");
        message.append("To: <").append(requestUri).append(">\r\n");
        message.append("Call-ID: ").append(callId).append("\r\n");
        message.append("CSeq: 1 NOTIFY\r\n");
        message.append("Contact: <sip:provd@").append(local).append(">\r\n");
        message.append("Event: ").append(event).append("\r\n");
        message.append("Subscription-State: terminated\r\n");
        extraHeaders.forEach((name, value) -> message.append(name).append(": ").append(value).append("\r\n"));
        message.append("Content-Length: 0\r\n\r\n");
        return message.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * What a client transaction reads of a response.
     *
     * @param status     the status code
     * @param statusLine the status line as received ({@code SIP/2.0 481 Call/Transaction Does Not Exist})
     * @param branch     the branch of the top Via, which names the transaction
     * @param method     the method of the CSeq header
     */
    record Response(int status, String statusLine, String branch, String method) {
        boolean isFinal() {
            return status >= 200;
        }

        boolean isSuccess() {
            return status >= 200 && status < 300;
        }
    }

    /** The response in {@code datagram}; empty for a request or anything malformed. */
    static Optional<Response> parseResponse(ByteBuffer datagram) {
        String text = StandardCharsets.UTF_8.decode(datagram).toString();
        int end = text.indexOf("\r\n\r\n");
        String head = end >= 0 ? text.substring(0, end) : text;
        String[] lines = head.split("\r?\n");
        Matcher status = STATUS_LINE.matcher(lines[0].strip());
        if (!status.matches()) {
            return Optional.empty();
        }
        String via = null;
        String cseq = null;
        for (int i = 1; i < lines.length; i++) {
            StringBuilder line = new StringBuilder(lines[i]);
            // a header may continue on lines that start with white space (RFC 3261 section 7.3.1)
            while (i + 1 < lines.length && !lines[i + 1].isEmpty()
                    && (lines[i + 1].charAt(0) == ' ' || lines[i + 1].charAt(0) == '\t')) {
                line.append(' ').append(lines[++i].strip());
            }
            int colon = line.indexOf(":");
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            if (via == null && (name.equals("via") || name.equals("v"))) {
                via = value; // the top Via: the first header, and its first value
            } else if (cseq == null && name.equals("cseq")) {
                cseq = value;
            }
        }
        if (via == null || cseq == null) {
            return Optional.empty();
        }
        int comma = via.indexOf(',');
        Matcher branch = BRANCH.matcher(comma >= 0 ? via.substring(0, comma) : via);
        Matcher method = CSEQ.matcher(cseq);
        if (!branch.find() || !method.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Response(Integer.parseInt(status.group(1)), lines[0].strip(), branch.group(1),
                method.group(1)));
    }
}
