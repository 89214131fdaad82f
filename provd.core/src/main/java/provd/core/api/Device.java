package provd.core.api;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A device document, with the keys of wazo-provd: {@code id}, {@code mac}, {@code ip}, {@code vendor},
 * {@code model}, {@code version}, {@code sn}, {@code uuid}, {@code plugin}, {@code config}, {@code configured},
 * {@code added}, {@code description}, {@code remote_state_sip_username}, {@code remote_state_last_fetch}, and any
 * {@code X_*} extension key.
 * Immutable; {@link #with} and {@link #without} return changed copies.
 */
public final class Device extends JsonDocument {
    public static final String ID = "id";
    public static final String MAC = DeviceInfo.MAC;
    public static final String IP = DeviceInfo.IP;
    public static final String VENDOR = DeviceInfo.VENDOR;
    public static final String MODEL = DeviceInfo.MODEL;
    public static final String VERSION = DeviceInfo.VERSION;
    public static final String SERIAL_NUMBER = DeviceInfo.SERIAL_NUMBER;
    public static final String UUID = DeviceInfo.UUID;
    public static final String PLUGIN = "plugin";
    public static final String CONFIG = "config";
    public static final String CONFIGURED = "configured";
    public static final String ADDED = "added";
    public static final String DESCRIPTION = "description";
    public static final String REMOTE_STATE_SIP_USERNAME = "remote_state_sip_username";
    public static final String REMOTE_STATE_LAST_FETCH = "remote_state_last_fetch";

    private Device(Map<String, Object> document) {
        super(document);
    }

    /** A device holding a copy of {@code document}, whose values must be JSON-shaped. */
    public static Device of(Map<String, ?> document) {
        return new Device(Documents.freeze(Objects.requireNonNull(document, "document")));
    }

    public Optional<String> id() {
        return string(ID);
    }

    /** The MAC, lower-case colon form. */
    public Optional<String> mac() {
        return string(MAC);
    }

    public Optional<String> ip() {
        return string(IP);
    }

    public Optional<String> vendor() {
        return string(VENDOR);
    }

    public Optional<String> model() {
        return string(MODEL);
    }

    public Optional<String> version() {
        return string(VERSION);
    }

    public Optional<String> serialNumber() {
        return string(SERIAL_NUMBER);
    }

    public Optional<String> uuid() {
        return string(UUID);
    }

    /** The id of the plugin that serves this device. */
    public Optional<String> plugin() {
        return string(PLUGIN);
    }

    /** The id of the config this device uses. */
    public Optional<String> config() {
        return string(CONFIG);
    }

    /** Whether the device's plugin accepted its configuration. */
    public boolean configured() {
        return Boolean.TRUE.equals(document.get(CONFIGURED));
    }

    /**
     * The line 1 username of the configuration the phone last fetched (its remote state): the SIP endpoint it
     * registers as.
     */
    public Optional<String> remoteStateSipUsername() {
        return string(REMOTE_STATE_SIP_USERNAME);
    }

    /**
     * When the phone last fetched its configuration, as recorded by the server: an ISO-8601 UTC instant
     * ({@code 2026-05-04T09:30:12Z}).
     */
    public Optional<String> remoteStateLastFetch() {
        return string(REMOTE_STATE_LAST_FETCH);
    }

    /** A copy with {@code key} set to {@code value}; a {@code null} value removes the key. */
    public Device with(String key, Object value) {
        return new Device(Documents.with(document, key, value));
    }

    /** A copy without {@code key}. */
    public Device without(String key) {
        return with(key, null);
    }

    @Override
    public String toString() {
        return "Device" + document;
    }
}
