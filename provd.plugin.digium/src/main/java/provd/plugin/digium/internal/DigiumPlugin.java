package provd.plugin.digium.internal;

import java.util.Locale;

/** What identifies this plugin: its id, the vendor it serves and the firmware version it was made for. */
final class DigiumPlugin {
    /** The plugin id carried by every component of this bundle as {@code provd.plugin.id}. */
    static final String ID = "digium-2.8.1";

    /** The vendor name, as extractors report it and device documents hold it. */
    static final String VENDOR = "Digium";

    /** The firmware version this plugin configures, in provd's dotted form. */
    static final String VERSION = "2.8.1";

    /** The same version as the phone's files name it ({@code 2_8_1_D40_firmware.eff}). */
    static final String FIRMWARE_VERSION = "2_8_1";

    /** The folder of the plugin's file area the phones fetch from. */
    static final String FOLDER = "Digium";

    private DigiumPlugin() {
    }

    /**
     * A firmware version in provd's dotted form: underscores become dots ({@code 1_1_0_0_48178} → {@code 1.1.0.0.48178}).
     */
    static String dotted(String version) {
        return version.trim().replace('_', '.');
    }

    /** Whether {@code version} is this plugin's firmware: {@code 2.8.1}, {@code 2.8.1.x} or {@code 2_8_1}. */
    static boolean isPluginVersion(String version) {
        String v = dotted(version).toLowerCase(Locale.ROOT);
        return v.equals(VERSION) || v.startsWith(VERSION + ".");
    }

    /** Whether {@code vendor} names Digium, in any case. */
    static boolean isVendor(String vendor) {
        return vendor != null && vendor.trim().equalsIgnoreCase(VENDOR);
    }
}
