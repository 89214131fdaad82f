package provd.http.internal.files;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which address a request comes from. Without trusted proxies it is the TCP peer. With {@code n} trusted proxies in
 * front of the server (each appending the address it received the request from to {@code X-Forwarded-For}), it is
 * the address {@code n} hops from the right end of the chain formed by the {@code X-Forwarded-For} entries followed
 * by the peer: with one proxy, the last entry. A chain shorter than that gives its first entry.
 *
 * <p>Only the entries from the chosen one rightwards are read, those written by the trusted proxies: the ones left of
 * it come from the client and may be anything. If one of the entries read is not an IP address, the peer is used.
 * Addresses are parsed as literals, never looked up in DNS.
 */
final class ClientAddresses {
    /** Bounds the work on a hostile header: Jetty's header size limit (8 KiB) bounds it anyway. */
    private static final int MAX_ENTRIES = 64;

    private ClientAddresses() {
    }

    /**
     * @param peer            the TCP peer's address
     * @param forwardedFor    the values of the {@code X-Forwarded-For} header fields, in order
     * @param trustedProxies  how many proxies in front of the server are trusted; 0 or less: the peer
     */
    static InetAddress client(InetAddress peer, List<String> forwardedFor, int trustedProxies) {
        if (trustedProxies <= 0 || forwardedFor == null || forwardedFor.isEmpty()) {
            return peer;
        }
        List<String> entries = new ArrayList<>();
        for (String value : forwardedFor) {
            for (String entry : value.split(",", -1)) {
                entries.add(entry.trim());
            }
            if (entries.size() > MAX_ENTRIES * 4) {
                break;
            }
        }
        // chain = entries + [peer]; the client is chain[size - 1 - n], i.e. entries[entries.size() - n]
        int index = Math.max(0, entries.size() - trustedProxies);
        if (entries.size() - index > MAX_ENTRIES) {
            return peer;
        }
        InetAddress client = null;
        for (int i = entries.size() - 1; i >= index; i--) {
            Optional<InetAddress> address = parse(entries.get(i));
            if (address.isEmpty()) {
                return peer;
            }
            client = address.get();
        }
        return client == null ? peer : client;
    }

    /**
     * An IP address literal as proxies write it: {@code 192.0.2.7}, {@code 192.0.2.7:5060}, {@code 2001:db8::1},
     * {@code [2001:db8::1]}, {@code [2001:db8::1]:5060}; nothing else (no host name, no zone, no obsolete IPv4 forms).
     */
    static Optional<InetAddress> parse(String text) {
        String s = text.trim();
        if (s.isEmpty() || s.length() > 64) {
            return Optional.empty();
        }
        if (s.startsWith("[")) {
            int end = s.indexOf(']');
            if (end < 0 || !(end == s.length() - 1 || isPort(s, end + 1))) {
                return Optional.empty();
            }
            return ipv6(s.substring(1, end));
        }
        int colon = s.indexOf(':');
        if (colon < 0) {
            return ipv4(s);
        }
        if (s.indexOf(':', colon + 1) < 0) {
            // exactly one colon: IPv4 with a port
            return isPort(s, colon) ? ipv4(s.substring(0, colon)) : Optional.empty();
        }
        return ipv6(s);
    }

    /** Whether {@code s} from {@code colon} is {@code :} followed by a port number. */
    private static boolean isPort(String s, int colon) {
        if (s.charAt(colon) != ':' || colon + 1 >= s.length() || s.length() - colon - 1 > 5) {
            return false;
        }
        for (int i = colon + 1; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return Integer.parseInt(s.substring(colon + 1)) <= 65535;
    }

    private static Optional<InetAddress> ipv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3) {
                return Optional.empty();
            }
            int value = 0;
            for (int j = 0; j < part.length(); j++) {
                char c = part.charAt(j);
                if (c < '0' || c > '9') {
                    return Optional.empty();
                }
                value = value * 10 + (c - '0');
            }
            if (value > 255) {
                return Optional.empty();
            }
            bytes[i] = (byte) value;
        }
        try {
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static Optional<InetAddress> ipv6(String s) {
        if (s.isEmpty() || s.indexOf(':') < 0) {
            return Optional.empty();
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c == ':' || c == '.' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')
                    || (c >= 'A' && c <= 'F');
            if (!ok) {
                return Optional.empty();
            }
        }
        try {
            // brackets make the JDK parse a literal or fail: never a name lookup
            return Optional.of(InetAddress.getByName("[" + s + "]"));
        } catch (UnknownHostException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
