package provd.plugin.digium.internal;

import java.util.Locale;
import java.util.Optional;

/**
 * The models this plugin supports on firmware 2.8.1, with their number of SIP lines (the {@code lines} capability of
 * {@code plugin-info.json}, which a test keeps in step with this table).
 */
enum DigiumModel {
    D40(2),
    D45(2),
    D50(4),
    D60(4),
    D62(2),
    D65(6),
    D70(6);

    private final int lines;

    DigiumModel(int lines) {
        this.lines = lines;
    }

    /** How many SIP accounts the phone holds. */
    int lines() {
        return lines;
    }

    /** The supported model {@code name} names ({@code D40}, {@code d40}, {@code " D40 "}), or empty. */
    static Optional<DigiumModel> of(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.trim().toUpperCase(Locale.ROOT);
        for (DigiumModel m : values()) {
            if (m.name().equals(n)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
