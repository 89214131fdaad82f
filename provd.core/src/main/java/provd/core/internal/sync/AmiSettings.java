package provd.core.internal.sync;

import java.time.Duration;
import java.util.Objects;

/**
 * How NOTIFYs are sent through an Asterisk manager interface.
 *
 * @param host     the AMI's host
 * @param port     its TCP port (5038)
 * @param username the manager user (a section of {@code manager.conf})
 * @param secret   its secret, never shown: not in {@link #toString}, not in messages, not in logs
 * @param timeout  how long connecting, and each answer, may take
 * @param sipPort  the phones' SIP port, in the URI of a phone without a known endpoint
 */
public record AmiSettings(String host, int port, String username, String secret, Duration timeout, int sipPort) {
    public static final int DEFAULT_PORT = 5038;

    public AmiSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(timeout, "timeout");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("ami.port must be 1 to 65535, not " + port);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("ami.timeout.seconds must be positive");
        }
    }

    /** {@code 127.0.0.1:5038}. */
    String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return "AMI " + address() + " as " + username + " (timeout " + timeout.toSeconds() + " s)";
    }
}
