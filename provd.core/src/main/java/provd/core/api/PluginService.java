package provd.core.api;

/** The kinds of service a plugin provides (their interfaces are in {@code provd.core.spi}). */
public enum PluginService {
    /** {@code DeviceInfoExtractor}: identifies devices from their requests. */
    EXTRACTOR,
    /** {@code PluginAssociator}: says how well the plugin supports a device. */
    ASSOCIATOR,
    /** {@code DeviceConfigurator}: renders devices' files and synchronises phones. */
    CONFIGURATOR
}
