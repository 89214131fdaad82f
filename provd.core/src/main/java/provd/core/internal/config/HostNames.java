package provd.core.internal.config;

import java.util.regex.Pattern;

/**
 * Syntax checks for IP addresses and DNS host names, without any lookup. A host is an IP address or a host name.
 */
public final class HostNames {
    private static final Pattern IPV4 = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
    private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    private HostNames() {
    }

    /** An IPv4 address in dotted-quad form (each part 0 to 255, no leading zeros) or an IPv6 literal. */
    public static boolean isIpAddress(String text) {
        return isIpv4(text) || isIpv6(text);
    }

    /** An IP address or an RFC 1123 host name. */
    static boolean isHost(String text) {
        return isIpAddress(text) || isHostName(text);
    }

    static boolean isIpv4(String text) {
        if (!IPV4.matcher(text).matches()) {
            return false;
        }
        for (String part : text.split("\\.")) {
            if (Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /**
     * An IPv6 literal as in RFC 4291 section 2.2: eight groups of one to four hex digits, at most one {@code ::}
     * standing for one or more zero groups, the last two groups optionally written as an IPv4 address. No brackets,
     * no zone id.
     */
    static boolean isIpv6(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return false;
        }
        if (gap < 0) {
            return groups(text) == 8;
        }
        String head = text.substring(0, gap);
        String tail = text.substring(gap + 2);
        int headGroups = head.isEmpty() ? 0 : groups(head);
        int tailGroups = tail.isEmpty() ? 0 : groups(tail);
        // an IPv4 tail belongs at the very end only
        if (headGroups < 0 || tailGroups < 0 || head.indexOf('.') >= 0) {
            return false;
        }
        return headGroups + tailGroups <= 7;
    }

    /** The number of 16-bit groups in a colon-separated list without {@code ::}, or -1 if it is malformed. */
    private static int groups(String text) {
        String[] parts = text.split(":", -1);
        int count = 0;
        for (int i = 0; i < parts.length; i++) {
            if (HEX_GROUP.matcher(parts[i]).matches()) {
                count++;
            } else if (i == parts.length - 1 && isIpv4(parts[i])) {
                count += 2;
            } else {
                return -1;
            }
        }
        return count;
    }

    /**
     * An RFC 1123 host name: dot-separated labels of 1 to 63 letters, digits and hyphens, neither starting nor
     * ending with a hyphen, 253 characters at most, the last label not all digits (so that a mistyped IPv4 address
     * such as {@code 10.0.0.300} is not taken for a name). No trailing dot.
     */
    static boolean isHostName(String text) {
        if (text.isEmpty() || text.length() > 253) {
            return false;
        }
        String[] labels = text.split("\\.", -1);
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return !DIGITS.matcher(labels[labels.length - 1]).matches();
    }
}
