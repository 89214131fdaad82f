package provd.core.api;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IEEE 802 MAC address, in the lower-case colon form that device documents use ({@code 00:0f:d3:05:48:48}).
 * Accepts the usual spellings: colons, dashes, dots (Cisco) or no separator, in any case; with colons or dashes, a
 * byte may lose its leading zero ({@code 0:f:d3:5:48:48}, as ISC dhcpd's {@code binary-to-ascii} writes it).
 */
public final class MacAddress {
    private static final Pattern SEPARATED = Pattern.compile(
            "[0-9a-f]{1,2}([:-])[0-9a-f]{1,2}(\\1[0-9a-f]{1,2}){4}");
    /** Compiled once: {@code String.split} would compile it again for every MAC of every request. */
    private static final Pattern SEPARATOR = Pattern.compile("[:-]");
    private static final Pattern CISCO = Pattern.compile("[0-9a-f]{4}\\.[0-9a-f]{4}\\.[0-9a-f]{4}");
    private static final Pattern BARE = Pattern.compile("[0-9a-f]{12}");

    private final String hex;

    private MacAddress(String hex) {
        this.hex = hex;
    }

    /**
     * Parses a MAC address.
     *
     * @throws IllegalArgumentException naming the value when it is not a MAC address
     */
    public static MacAddress of(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException("invalid MAC address: '" + text + "'"));
    }

    /** Parses a MAC address, or returns empty when {@code text} is not one. */
    public static Optional<MacAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (SEPARATED.matcher(s).matches()) {
            StringBuilder hex = new StringBuilder(12);
            for (String part : SEPARATOR.split(s)) {
                hex.append(part.length() == 1 ? "0" : "").append(part);
            }
            return Optional.of(new MacAddress(hex.toString()));
        }
        if (CISCO.matcher(s).matches() || BARE.matcher(s).matches()) {
            return Optional.of(new MacAddress(s.replace(".", "")));
        }
        return Optional.empty();
    }

    /** The twelve hex digits without separators, as phones use them in file names ({@code 000fd3054848}). */
    public String compact() {
        return hex;
    }

    /** {@code 00:00:00:00:00:00}, which some phones send when they have no MAC to tell. */
    public boolean isZero() {
        return hex.equals("000000000000");
    }

    /** The lower-case colon form, {@code 00:0f:d3:05:48:48}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(17);
        for (int i = 0; i < 12; i += 2) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(hex, i, i + 2);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MacAddress && ((MacAddress) o).hex.equals(hex);
    }

    @Override
    public int hashCode() {
        return Objects.hash(hex);
    }
}
