package provd.core.spi;

import java.util.Objects;

/** A plugin cannot configure a device from its raw config; names the key at fault. */
public class InvalidConfigurationException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String key;

    /**
     * @param key     the raw-config or device key at fault, e.g. {@code sip_lines.1.username} or {@code mac}
     * @param message what is wrong with it
     */
    public InvalidConfigurationException(String key, String message) {
        super(key + ": " + message);
        this.key = Objects.requireNonNull(key, "key");
    }

    /** The raw-config or device key at fault. */
    public String key() {
        return key;
    }
}
