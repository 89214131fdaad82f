package provd.core.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a {@link Synchronizer} sends a phone: a NOTIFY of {@code event} to {@code sip:anonymous@<ip>}, or, through
 * Asterisk, to the phone's endpoint when its SIP user name is known, with the extra headers some vendors need.
 * Immutable; the factory and the {@code with} methods check every part, so that nothing a plugin passes can break
 * the message it goes into (no line breaks, no header the synchronizer writes itself).
 *
 * <pre>
 * SyncRequest.checkSync(device.ip().orElseThrow())
 *         .withSipUsername(device.get(Device.REMOTE_STATE_SIP_USERNAME).orElse(null))
 *         .withEvent("check-sync;reboot=true")
 * </pre>
 *
 * @param ip          the phone's IP address: an IPv4 address or an IPv6 literal without brackets (anything else is
 *                    refused here, or, when only its digits are wrong, by the synchronizer)
 * @param sipUsername the phone's SIP user name (its {@code remote_state_sip_username}), which Asterisk knows as an
 *                    endpoint; empty when unknown
 * @param event       the {@code Event} header's value: an event type, optionally with parameters
 *                    ({@code check-sync}, {@code check-sync;reboot=true}, {@code resync})
 * @param headers     extra headers, in order, added after the ones the synchronizer writes
 */
public record SyncRequest(String ip, Optional<String> sipUsername, String event, Map<String, String> headers) {
    /** The event most phones reload their configuration on. */
    public static final String CHECK_SYNC = "check-sync";

    /** The headers every NOTIFY gets from the synchronizer itself (with their compact forms), lower case. */
    private static final Set<String> OWN_HEADERS = Set.of("via", "v", "max-forwards", "from", "f", "to", "t",
            "call-id", "i", "cseq", "contact", "m", "event", "o", "subscription-state", "content-length", "l");
    /** RFC 3261 token characters. */
    private static final String TOKEN = "[A-Za-z0-9.!%*_+`'~-]+";
    private static final Pattern HEADER_NAME = Pattern.compile(TOKEN);
    private static final Pattern EVENT = Pattern.compile(TOKEN + "(;" + TOKEN + "(=" + TOKEN + ")?)*");
    /** The characters of IPv4 and IPv6 literals; the synchronizer checks the address itself. */
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9A-Fa-f.:]*[.:][0-9A-Fa-f.:]*");
    /** What an endpoint name or a URI's user part may hold here: no blanks, no separators, no control characters. */
    private static final Pattern SIP_USERNAME = Pattern.compile("[A-Za-z0-9.!%*_+`'~$&=?/()-]+");

    /**
     * @throws IllegalArgumentException when a part would not fit in the message (naming it, without its value for
     *                                  a header)
     */
    public SyncRequest {
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(sipUsername, "sipUsername");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(headers, "headers");
        if (ip.length() > 45 || !IP_LITERAL.matcher(ip).matches()) {
            throw new IllegalArgumentException("not an IP address: '" + ip + "'");
        }
        sipUsername.ifPresent(name -> {
            if (!SIP_USERNAME.matcher(name).matches()) {
                throw new IllegalArgumentException("not a SIP user name: '" + name + "'");
            }
        });
        if (!EVENT.matcher(event).matches()) {
            throw new IllegalArgumentException("not an event: '" + event + "'");
        }
        Map<String, String> copy = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (name == null || !HEADER_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("not a header name: '" + name + "'");
            }
            if (OWN_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("header " + name + " is the synchronizer's to write");
            }
            if (value == null || value.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f)) {
                throw new IllegalArgumentException("header " + name + ": its value must be text on one line");
            }
            copy.put(name, value.strip());
        });
        headers = Collections.unmodifiableMap(copy);
    }

    /** A {@value #CHECK_SYNC} NOTIFY to the phone at {@code ip}, with no extra header. */
    public static SyncRequest checkSync(String ip) {
        return new SyncRequest(ip, Optional.empty(), CHECK_SYNC, Map.of());
    }

    /** This request with the phone's SIP user name; {@code null} or blank: none. */
    public SyncRequest withSipUsername(String username) {
        Optional<String> name = Optional.ofNullable(username).map(String::strip).filter(s -> !s.isEmpty());
        return new SyncRequest(ip, name, event, headers);
    }

    /** This request with another event, e.g. {@code check-sync;reboot=true} or {@code resync}. */
    public SyncRequest withEvent(String event) {
        return new SyncRequest(ip, sipUsername, event, headers);
    }

    /** This request with one more extra header (replacing one of the same name). */
    public SyncRequest withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new SyncRequest(ip, sipUsername, event, more);
    }
}
