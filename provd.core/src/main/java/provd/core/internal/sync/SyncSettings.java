package provd.core.internal.sync;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The synchronizer's configuration, checked: the method and its settings, the pace, and what makes the
 * configuration unusable, if anything.
 *
 * @param method        how NOTIFYs are sent
 * @param sip           the direct SIP settings (also the phones' port for AMI URIs); null when unusable
 * @param ami           the AMI settings; null unless the method is AMI
 * @param ratePerSecond how many NOTIFYs may start per second
 * @param rateBurst     how many may start at once after a quiet time
 * @param problem       why no NOTIFY can be sent with this configuration, naming the key; empty when it can
 */
record SyncSettings(Method method, SipSettings sip, AmiSettings ami, int ratePerSecond, int rateBurst,
        Optional<String> problem) {

    /** The AMI secret under the name it would have if it were not private (the dot makes it private). */
    static final String PUBLIC_SECRET = "ami.secret";

    /** The methods, as {@code method} names them. */
    enum Method {
        SIP, AMI
    }

    SyncSettings {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(problem, "problem");
        ratePerSecond = Math.max(1, ratePerSecond);
        rateBurst = Math.max(1, rateBurst);
    }

    static SyncSettings sip(SipSettings sip, int ratePerSecond, int rateBurst) {
        return new SyncSettings(Method.SIP, sip, null, ratePerSecond, rateBurst, Optional.empty());
    }

    static SyncSettings ami(AmiSettings ami, int ratePerSecond, int rateBurst) {
        return new SyncSettings(Method.AMI, SipSettings.of(ami.sipPort(), 0, Duration.ofSeconds(32)), ami,
                ratePerSecond, rateBurst, Optional.empty());
    }

    /**
     * The settings of {@code config}, from a configuration with the properties {@code propertyNames}: a secret under a
     * public name makes it unusable, since Declarative Services would publish it with the service.
     */
    static SyncSettings of(ConfiguredSynchronizer.Config config, Set<String> propertyNames) {
        int rate = config.rate_per_second();
        int burst = config.rate_burst();
        String name = config.method().strip().toLowerCase(Locale.ROOT);
        Method method;
        switch (name) {
            case "sip" -> method = Method.SIP;
            case "ami" -> method = Method.AMI;
            default -> {
                return unusable(Method.SIP, rate, burst, "method must be sip or ami, not '" + config.method() + "'");
            }
        }
        if (propertyNames.contains(PUBLIC_SECRET)) {
            return unusable(method, rate, burst, PUBLIC_SECRET + " is a public property, which every bundle can read: "
                    + "name it ." + PUBLIC_SECRET);
        }
        SipSettings sip;
        try {
            sip = SipSettings.of(config.sip_port(), config.sip_source_port(),
                    Duration.ofSeconds(Math.max(1, config.sip_timeout_seconds())));
        } catch (IllegalArgumentException e) {
            return unusable(method, rate, burst, e.getMessage());
        }
        if (method == Method.SIP) {
            return sip(sip, rate, burst);
        }
        String host = config.ami_host().strip();
        String username = config.ami_username().strip();
        String secret = config._ami_secret().strip();
        if (host.isEmpty()) {
            return unusable(method, rate, burst, "ami.host is empty");
        }
        if (username.isEmpty()) {
            return unusable(method, rate, burst, "ami.username is empty: the AMI needs a manager user");
        }
        // each goes on a line of its own in the AMI's protocol; the values themselves are never shown
        String[][] values = {{"ami.host", host}, {"ami.username", username}, {".ami.secret", secret}};
        for (String[] value : values) {
            if (value[1].chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                return unusable(method, rate, burst, value[0] + " must be text on one line");
            }
        }
        try {
            AmiSettings ami = new AmiSettings(host, config.ami_port(), username, secret,
                    Duration.ofSeconds(Math.max(1, config.ami_timeout_seconds())), sip.port());
            return new SyncSettings(method, sip, ami, rate, burst, Optional.empty());
        } catch (IllegalArgumentException e) {
            return unusable(method, rate, burst, e.getMessage());
        }
    }

    private static SyncSettings unusable(Method method, int rate, int burst, String problem) {
        return new SyncSettings(method, null, null, rate, burst, Optional.of(problem));
    }

    /**
     * Whether the method in use for {@code other} can stay for these settings: the same AMI settings, or direct SIP
     * from the same source port (the other SIP settings apply to the channel in place).
     */
    boolean sameMethodAs(SyncSettings other) {
        if (method != other.method || !problem.equals(other.problem)) {
            return false;
        }
        return method == Method.AMI ? Objects.equals(ami, other.ami)
                : problem.isPresent() || sip.sourcePort() == other.sip.sourcePort();
    }

    /** For the log: everything but the secret. */
    String describe() {
        String pace = "at most " + ratePerSecond + "/s (bursts of " + rateBurst + ")";
        if (problem.isPresent()) {
            return "unusable configuration (" + problem.get() + ")";
        }
        return switch (method) {
            case SIP -> "SIP NOTIFY straight to the phones' port " + sip.port() + ", no answer after "
                    + sip.timeoutText() + ", " + pace;
            case AMI -> "PJSIPNotify through " + ami + ", " + pace;
        };
    }
}
