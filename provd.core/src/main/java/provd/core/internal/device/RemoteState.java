package provd.core.internal.device;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

import provd.core.api.Device;
import provd.core.api.RawConfig;

/**
 * A device's remote state: what the server saw its phone take, recorded when the phone fetches its plugin's
 * remote-state trigger file. {@code remote_state_sip_username} is the line 1 username of the config the file was
 * made from (the SIP endpoint the phone registers as, which synchronization by endpoint needs), and
 * {@code remote_state_last_fetch} the time of the fetch, an ISO-8601 UTC instant to the second.
 */
public final class RemoteState {
    private RemoteState() {
    }

    /** The line 1 username of a resolved raw config, as wazo-provd takes it ({@code sip_lines["1"].username}). */
    public static Optional<String> sipUsername(RawConfig rawConfig) {
        return rawConfig.object("sip_lines")
                .map(lines -> lines.get("1"))
                .filter(Map.class::isInstance)
                .map(line -> ((Map<?, ?>) line).get("username"))
                .filter(String.class::isInstance)
                .map(String.class::cast)
                .filter(username -> !username.isEmpty());
    }

    /**
     * The device as of a fetch at {@code fetched} of a file made from a config with line 1 username
     * {@code sipUsername}; a config without one leaves the phone without a known endpoint, so the key goes.
     */
    public static Device recorded(Device device, Optional<String> sipUsername, Instant fetched) {
        return device.with(Device.REMOTE_STATE_SIP_USERNAME, sipUsername.orElse(null))
                .with(Device.REMOTE_STATE_LAST_FETCH, timestamp(fetched));
    }

    /** {@code 2026-05-04T09:30:12Z}. */
    public static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
