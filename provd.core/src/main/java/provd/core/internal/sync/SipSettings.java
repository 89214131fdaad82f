package provd.core.internal.sync;

import java.time.Duration;
import java.util.Objects;

/**
 * How NOTIFYs are sent straight to phones.
 *
 * @param port       the phones' SIP port (5060)
 * @param sourcePort the local UDP port NOTIFYs leave from and answers come back to; 0: an ephemeral one
 * @param timeout    how long a NOTIFY is retransmitted before it counts as unanswered (RFC 3261 timer F, 64*T1)
 * @param t1         the first retransmission interval (RFC 3261 T1, 500 ms), doubled at each retransmission ...
 * @param t2         ... up to this one (T2, 4 s)
 */
public record SipSettings(int port, int sourcePort, Duration timeout, Duration t1, Duration t2) {
    public static final int DEFAULT_PORT = 5060;
    public static final Duration T1 = Duration.ofMillis(500);
    public static final Duration T2 = Duration.ofSeconds(4);

    public SipSettings {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("sip.port must be 1 to 65535, not " + port);
        }
        if (sourcePort < 0 || sourcePort > 65535) {
            throw new IllegalArgumentException("sip.source.port must be 0 to 65535, not " + sourcePort);
        }
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(t1, "t1");
        Objects.requireNonNull(t2, "t2");
        if (timeout.isNegative() || timeout.isZero() || t1.isNegative() || t1.isZero() || t2.compareTo(t1) < 0) {
            throw new IllegalArgumentException("timeout and T1 must be positive, T2 at least T1");
        }
    }

    /** The RFC 3261 timers with a phone port and a timeout: 64*T1 is RFC 3261's, 32 s. */
    public static SipSettings of(int port, int sourcePort, Duration timeout) {
        return new SipSettings(port, sourcePort, timeout, T1, T2);
    }

    /** {@code 32 s}, {@code 1.5 s}: how the timeout reads in messages. */
    String timeoutText() {
        long millis = timeout.toMillis();
        return (millis % 1000 == 0 ? String.valueOf(millis / 1000) : String.valueOf(millis / 1000.0)) + " s";
    }
}
