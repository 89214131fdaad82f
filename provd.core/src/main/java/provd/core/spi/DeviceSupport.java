package provd.core.spi;

/**
 * How well a plugin supports a device, weakest first. The core associates a device with the plugin that supports
 * it best.
 */
public enum DeviceSupport {
    /** Not this plugin's device, as far as it can tell. */
    IMPROBABLE,
    /** The right vendor, but the model is unknown or missing. */
    PROBABLE,
    /** A supported model, but some features of it are not. */
    INCOMPLETE,
    /** A supported model, on a firmware version other than the plugin's. */
    COMPLETE,
    /** The exact model and firmware version the plugin was made for. */
    EXACT;

    /** Whether this level is strictly stronger than {@code other}. */
    public boolean isBetterThan(DeviceSupport other) {
        return compareTo(other) > 0;
    }
}
