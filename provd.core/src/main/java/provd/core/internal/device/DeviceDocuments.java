package provd.core.internal.device;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import provd.core.api.Device;
import provd.core.api.InvalidDocumentException;
import provd.core.api.MacAddress;
import provd.core.internal.config.HostNames;
import provd.core.store.DocumentStore;

/**
 * Checks and normalises a device document: known keys with their types, {@code X_*} keys free-form, any other key
 * refused; the MAC in lower-case colon form; the IP an address.
 */
public final class DeviceDocuments {
    /** Text keys of a device document. */
    private static final Set<String> TEXT = Set.of(Device.VENDOR, Device.MODEL, Device.VERSION,
            Device.SERIAL_NUMBER, Device.UUID, Device.PLUGIN, Device.CONFIG, Device.DESCRIPTION,
            Device.REMOTE_STATE_SIP_USERNAME, Device.REMOTE_STATE_LAST_FETCH, "tenant_uuid");
    /** Object keys: wazo-provd's device options ({@code {"switchboard": true}}). */
    private static final Set<String> OBJECT = Set.of("options");
    private static final Set<String> BOOLEAN = Set.of(Device.CONFIGURED, "is_new");
    private static final Set<String> ADDED = Set.of("auto", "manual");

    private DeviceDocuments() {
    }

    /**
     * @throws InvalidDocumentException naming the key at fault
     */
    public static Device normalize(Device device) {
        Map<String, Object> doc = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : device.asMap().entrySet()) {
            String key = entry.getKey();
            Object value = entry.getValue();
            if (value == null) {
                continue; // null means "no value": the key is left out
            }
            switch (key) {
                case Device.ID -> {
                    if (!(value instanceof String) || !DocumentStore.VALID_ID.matcher((String) value).matches()) {
                        throw new InvalidDocumentException(key, "must be 1 to 128 letters, digits, '.', '_' or '-', "
                                + "starting with a letter or digit, not " + describe(value));
                    }
                }
                case Device.MAC -> value = normalizeMac(text(key, value));
                case Device.IP -> {
                    if (!HostNames.isIpAddress(text(key, value))) {
                        throw new InvalidDocumentException(key, "not an IP address: " + describe(value));
                    }
                }
                case Device.ADDED -> {
                    if (!ADDED.contains(text(key, value))) {
                        throw new InvalidDocumentException(key, "must be 'auto' or 'manual', not " + describe(value));
                    }
                }
                default -> {
                    if (TEXT.contains(key)) {
                        text(key, value);
                    } else if (OBJECT.contains(key)) {
                        if (!(value instanceof Map)) {
                            throw new InvalidDocumentException(key, "must be an object, not " + describe(value));
                        }
                    } else if (BOOLEAN.contains(key)) {
                        if (!(value instanceof Boolean)) {
                            throw new InvalidDocumentException(key, "must be true or false, not " + describe(value));
                        }
                    } else if (!key.startsWith("X_")) {
                        throw new InvalidDocumentException(key, "unknown key (extension keys start with X_)");
                    }
                }
            }
            doc.put(key, value);
        }
        return Device.of(doc);
    }

    private static String normalizeMac(String mac) {
        return MacAddress.parse(mac).map(MacAddress::toString)
                .orElseThrow(() -> new InvalidDocumentException(Device.MAC, "not a MAC address: '" + mac + "'"));
    }

    private static String text(String key, Object value) {
        if (!(value instanceof String)) {
            throw new InvalidDocumentException(key, "must be a string, not " + describe(value));
        }
        return (String) value;
    }

    private static String describe(Object value) {
        return value instanceof String ? "'" + value + "'" : String.valueOf(value);
    }
}
